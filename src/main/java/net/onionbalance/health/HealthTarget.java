package net.onionbalance.health;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.crypto.OnionAddress;

import java.util.Objects;

/**
 * One backend to check and how. A backend listed under two services with different settings is
 * two targets (each service judges it by its own rules); with equal settings it is one.
 */
public record HealthTarget(OnionAddress backend, HealthCheckSettings settings) {
    public HealthTarget {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(settings, "settings");
    }

    /** "abc…xyz.onion:80" or "abc…xyz.onion:80/health", for logs. */
    @Override
    public String toString() {
        return backend.withOnionSuffix() + ":" + settings.port() + settings.httpPath().orElse("");
    }
}
