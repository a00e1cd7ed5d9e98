package net.onionbalance.engine.snapshot;

import net.onionbalance.health.HealthStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the active health checks through tor say of one backend.
 *
 * @param since            when the status last changed (or checks began)
 * @param lastLatency      the latest check's duration, of any outcome
 * @param lastError        the latest failure's words, e.g. "intro failed", kept after recovery
 * @param lastErrorAt      when that failure happened
 * @param recentLatencies  oldest first; empty for a failed check (the console draws a sparkline)
 * @param excluded         whether its intro points are left out of the master descriptors now
 */
public record InstanceHealth(HealthStatus status, Instant since, Optional<Duration> lastLatency,
                             Optional<String> lastError, Optional<Instant> lastErrorAt,
                             List<Optional<Duration>> recentLatencies, boolean excluded) {
    public InstanceHealth {
        recentLatencies = List.copyOf(recentLatencies);
    }
}
