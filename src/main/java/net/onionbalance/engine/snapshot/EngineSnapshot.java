package net.onionbalance.engine.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the faces (console, status socket, logs) may know of the balancer, at one instant.
 * Immutable: the engine thread builds a new one after every change and publishes it through an
 * {@code AtomicReference}; readers never lock and never block on tor.
 */
public record EngineSnapshot(
        Instant takenAt,
        TorStatus tor,
        Optional<NetworkStatus> network,
        List<ServiceStatus> services,
        InternalErrors internalErrors,
        SelfHealStatus selfHeal) {
    public EngineSnapshot {
        services = List.copyOf(services);
        java.util.Objects.requireNonNull(internalErrors, "internalErrors");
        java.util.Objects.requireNonNull(selfHeal, "selfHeal");
    }

    public EngineSnapshot(Instant takenAt, TorStatus tor, Optional<NetworkStatus> network, List<ServiceStatus> services,
                          InternalErrors internalErrors) {
        this(takenAt, tor, network, services, internalErrors, SelfHealStatus.none(takenAt));
    }

    public EngineSnapshot(Instant takenAt, TorStatus tor, Optional<NetworkStatus> network, List<ServiceStatus> services) {
        this(takenAt, tor, network, services, InternalErrors.NONE);
    }

    public static EngineSnapshot starting(Instant now) {
        return new EngineSnapshot(now, TorStatus.notConnected("starting"), Optional.empty(), List.of());
    }
}
