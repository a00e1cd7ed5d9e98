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

    /** "abc…xyz.onion:80", "abc…xyz.onion:80/health", or for a liveness check "abc…xyz.onion (its tor)", for logs. */
    @Override
    public String toString() {
        if (settings.liveness()) {
            return backend.withOnionSuffix() + " (its tor)";
        }
        return backend.withOnionSuffix() + ":" + settings.port() + settings.httpPath().orElse("");
    }
}
