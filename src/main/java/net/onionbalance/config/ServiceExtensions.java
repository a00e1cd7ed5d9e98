package net.onionbalance.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-service settings that onionbalance 0.2.x does not have (it ignores them, so a file using
 * them still works there).
 *
 * @param introPointsPerInstance overrides the top-level {@code intro-points-per-instance} for this service
 * @param distinctDescriptors    {@code distinct-descriptors: auto | off} (default auto)
 * @param authorizedClients      {@code authorized-clients}: restricted discovery for the master descriptor
 * @param healthCheck            {@code health-check:}: active checks of this service's backends through tor; without the key in config.yaml a liveness check ({@link HealthCheckSettings#liveness}); empty = {@code health-check: off}
 */
public record ServiceExtensions(OptionalInt introPointsPerInstance, DistinctDescriptors distinctDescriptors,
                                AuthorizedClients authorizedClients, Optional<HealthCheckSettings> healthCheck) {
    public static final ServiceExtensions NONE =
            new ServiceExtensions(OptionalInt.empty(), DistinctDescriptors.AUTO, AuthorizedClients.NONE, Optional.empty());

    public ServiceExtensions {
        Objects.requireNonNull(introPointsPerInstance, "introPointsPerInstance");
        Objects.requireNonNull(distinctDescriptors, "distinctDescriptors");
        Objects.requireNonNull(authorizedClients, "authorizedClients");
        Objects.requireNonNull(healthCheck, "healthCheck");
        introPointsPerInstance.ifPresent(BalancerExtensions::checkIntroPointsPerInstance);
    }

    public ServiceExtensions(OptionalInt introPointsPerInstance) {
        this(introPointsPerInstance, DistinctDescriptors.AUTO, AuthorizedClients.NONE, Optional.empty());
    }
}
