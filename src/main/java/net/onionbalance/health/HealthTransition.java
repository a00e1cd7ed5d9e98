package net.onionbalance.health;

import java.util.Locale;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A change of a backend's status, for the log and the service's list of recent transitions. */
public record HealthTransition(HealthTarget target, Instant at, HealthStatus from, HealthStatus to, Optional<HealthFailure> cause) {
    public HealthTransition {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
    }

    /** "down (intro failed)", "up". */
    @Override
    public String toString() {
        return target.backend().withOnionSuffix() + " " + from.name().toLowerCase(Locale.ROOT) + " -> "
                + to.name().toLowerCase(Locale.ROOT) + cause.map(c -> " (" + c.text() + ")").orElse("");
    }
}
