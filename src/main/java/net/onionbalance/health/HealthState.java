package net.onionbalance.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend's health, folded from its check results: a pure state machine, immutable, for the
 * engine's thread to keep and its snapshots to show.
 *
 * <p>UNKNOWN → UP after {@code successes-before-up} consecutive successes, UNKNOWN/UP → DOWN after
 * {@code failures-before-down} consecutive failures, DOWN → UP after the successes again. A
 * failure that does not blame the backend ({@link FailureKind#LOCAL_TOR}: the balancer's own tor
 * could not be asked) is recorded as the last error but neither counts nor breaks a run.
 *
 * @param since               when the status last changed (for UNKNOWN: when checking began)
 * @param consecutiveFailures failures since the last success
 * @param consecutiveSuccesses successes since the last failure
 * @param lastResult          the latest check, of any outcome
 * @param lastFailure         the latest failed check, kept after recovery (with its time, for "last error 5 min ago")
 * @param failingSince        when the current run of failures began (its first check's start); empty after a success
 */
public record HealthState(HealthTarget target, HealthStatus status, Instant since, int consecutiveFailures,
                          int consecutiveSuccesses, Optional<HealthResult> lastResult, Optional<HealthResult> lastFailure,
                          RecentLatencies recent, Optional<Instant> failingSince) {
    public HealthState {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(recent, "recent");
        Objects.requireNonNull(failingSince, "failingSince");
    }

    /** A backend not checked yet. */
    public static HealthState unknown(HealthTarget target, Instant now) {
        return new HealthState(target, HealthStatus.UNKNOWN, now, 0, 0, Optional.empty(), Optional.empty(), RecentLatencies.empty(),
                Optional.empty());
    }

    /** The new state, and the transition when the status changed. */
    public record Step(HealthState state, Optional<HealthTransition> transition) {}

    /** Folds one result in (its target must be this state's). */
    public Step apply(HealthResult r) {
        if (!r.target().equals(target)) {
            throw new IllegalArgumentException("result for " + r.target() + " applied to the state of " + target);
        }
        Instant at = r.startedAt().plus(r.latency());
        RecentLatencies nextRecent = recent.with(r.isSuccess() ? Optional.of(r.latency()) : Optional.empty());
        if (r.failure().isPresent() && !r.failure().get().kind().blamesBackend()) {
            return new Step(new HealthState(target, status, since, consecutiveFailures, consecutiveSuccesses, Optional.of(r),
                    Optional.of(r), recent, failingSince), Optional.empty());
        }
        int failures = r.isSuccess() ? 0 : consecutiveFailures + 1;
        int successes = r.isSuccess() ? consecutiveSuccesses + 1 : 0;
        HealthStatus next = status;
        if (!r.isSuccess() && status != HealthStatus.DOWN && failures >= target.settings().failuresBeforeDown()) {
            next = HealthStatus.DOWN;
        } else if (r.isSuccess() && status != HealthStatus.UP && successes >= target.settings().successesBeforeUp()) {
            next = HealthStatus.UP;
        }
        Optional<HealthResult> failure = r.isSuccess() ? lastFailure : Optional.of(r);
        Optional<Instant> runStart = r.isSuccess() ? Optional.empty() : failingSince.or(() -> Optional.of(r.startedAt()));
        HealthState s = new HealthState(target, next, next == status ? since : at, failures, successes, Optional.of(r), failure,
                nextRecent, runStart);
        Optional<HealthTransition> t = next == status ? Optional.empty()
                : Optional.of(new HealthTransition(target, at, status, next, r.failure()));
        return new Step(s, t);
    }

    /** When it went down; empty unless DOWN. */
    public Optional<Instant> downSince() {
        return status == HealthStatus.DOWN ? Optional.of(since) : Optional.empty();
    }

    /** The latest check's latency, of any outcome. */
    public Optional<Duration> lastLatency() {
        return lastResult.map(HealthResult::latency);
    }

    /** The latest failure's text, e.g. "intro failed". */
    public Optional<String> lastError() {
        return lastFailure.flatMap(HealthResult::failure).map(HealthFailure::text);
    }
}
