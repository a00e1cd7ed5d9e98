package net.onionbalance.engine.snapshot;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.InstanceState;

import java.time.Instant;
import java.util.Optional;

/**
 * One backend instance of a service.
 *
 * @param descriptorReceived when the balancer last received a verified descriptor of it
 * @param introSetModified   when its set of intro points (by auth key) last changed
 * @param introPointCount    intro points in its own descriptor (not how many the master uses)
 * @param lastFetch          when the balancer last asked tor to fetch it
 * @param health             the active health checks' verdict, when the service has them
 */
public record InstanceStatus(
        String name,
        OnionAddress address,
        InstanceState state,
        Optional<String> reason,
        Optional<Instant> descriptorReceived,
        Optional<Instant> introSetModified,
        int introPointCount,
        Optional<Instant> lastFetch,
        Optional<InstanceHealth> health) {
    public InstanceStatus(String name, OnionAddress address, InstanceState state, Optional<String> reason,
                          Optional<Instant> descriptorReceived, Optional<Instant> introSetModified, int introPointCount,
                          Optional<Instant> lastFetch) {
        this(name, address, state, reason, descriptorReceived, introSetModified, introPointCount, lastFetch, Optional.empty());
    }
}
