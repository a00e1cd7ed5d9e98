package net.onionbalance.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Issue 20: when every backend of every service fails at the same moment, the balancer's own tor
 * (or its network) is the likelier culprit than N backends dying together. Then the engine keeps
 * the last master descriptors, warns, and publishes no empty service.
 */
public final class LocalOutage {
    private LocalOutage() {}

    /**
     * The warning to show, when at least two backends are checked, the latest check of each failed,
     * and their runs of failures began within {@code window} of each other (use the longest check
     * interval: one round of checks). With one backend the two causes cannot be told apart.
     */
    public static Optional<String> suspected(Collection<HealthState> states, Duration window) {
        if (states.size() < 2) {
            return Optional.empty();
        }
        Instant first = null;
        Instant last = null;
        for (HealthState s : states) {
            if (s.failingSince().isEmpty()) {
                return Optional.empty();
            }
            Instant t = s.failingSince().get();
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
        if (Duration.between(first, last).compareTo(window) > 0) {
            return Optional.empty();
        }
        return Optional.of("all " + states.size() + " backends started failing health checks within "
                + Duration.between(first, last).toSeconds() + " s of each other: the balancer's own tor or its network is the"
                + " likelier cause; keeping the last published descriptors");
    }
}
