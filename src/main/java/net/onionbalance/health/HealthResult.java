package net.onionbalance.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one check.
 *
 * @param startedAt when the check began (the checker's clock)
 * @param latency   from the start until the verdict: the stream opened (connection check), the
 *                  HTTP status line arrived (HTTP check), or the failure
 * @param failure   empty when the backend answered as expected
 */
public record HealthResult(HealthTarget target, Instant startedAt, Duration latency, Optional<HealthFailure> failure) {
    public HealthResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(failure, "failure");
    }

    public static HealthResult success(HealthTarget target, Instant startedAt, Duration latency) {
        return new HealthResult(target, startedAt, latency, Optional.empty());
    }

    public static HealthResult failed(HealthTarget target, Instant startedAt, Duration latency, HealthFailure failure) {
        return new HealthResult(target, startedAt, latency, Optional.of(failure));
    }

    public boolean isSuccess() {
        return failure.isEmpty();
    }

    @Override
    public String toString() {
        return target + ": " + failure.map(HealthFailure::text).orElse("ok") + " in " + latency.toMillis() + " ms";
    }
}
