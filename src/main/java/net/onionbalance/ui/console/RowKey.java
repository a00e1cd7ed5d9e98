package net.onionbalance.ui.console;

import net.onionbalance.crypto.OnionAddress;

import java.util.Optional;

/**
 * What the cursor is on: a service, or one instance of a service. Kept by address rather than by
 * position so the cursor stays put when a new snapshot reorders or adds rows. An instance listed
 * under two services is two rows.
 */
record RowKey(OnionAddress service, Optional<OnionAddress> instance) {
    static RowKey service(OnionAddress service) {
        return new RowKey(service, Optional.empty());
    }

    static RowKey instance(OnionAddress service, OnionAddress instance) {
        return new RowKey(service, Optional.of(instance));
    }

    boolean isInstance() {
        return instance.isPresent();
    }
}
