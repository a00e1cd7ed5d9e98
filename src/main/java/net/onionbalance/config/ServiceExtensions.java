package net.onionbalance.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Per-service settings that onionbalance 0.2.x does not have (it ignores them, so a file using
 * them still works there).
 *
 * @param introPointsPerInstance overrides the top-level {@code intro-points-per-instance} for this service
 */
public record ServiceExtensions(OptionalInt introPointsPerInstance) {
    public static final ServiceExtensions NONE = new ServiceExtensions(OptionalInt.empty());

    public ServiceExtensions {
        Objects.requireNonNull(introPointsPerInstance, "introPointsPerInstance");
        introPointsPerInstance.ifPresent(BalancerExtensions::checkIntroPointsPerInstance);
    }
}
