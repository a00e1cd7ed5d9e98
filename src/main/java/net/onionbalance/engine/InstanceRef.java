package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;

import java.util.Optional;

/** A configured backend of a service; the backend's state is shared across services. */
public record InstanceRef(Optional<String> name, OnionAddress address) {
    /** Its name, or the start of its address when config.yaml gives none. */
    public String label() {
        return name.orElse(address.toString().substring(0, 8));
    }
}
