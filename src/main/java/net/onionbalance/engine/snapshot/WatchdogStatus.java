package net.onionbalance.engine.snapshot;

import net.onionbalance.engine.HealStep;
import net.onionbalance.engine.TorCondition;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine watchdog's judgement of tor: its condition and since when, the last healing step taken,
 * and every step taken since start.
 */
public record WatchdogStatus(TorCondition condition, Instant since, Optional<HealStep> lastStep, Map<HealStep, Long> steps) {
    public WatchdogStatus {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastStep, "lastStep");
        steps = Map.copyOf(steps);
    }

    public static WatchdogStatus healthy(Instant since) {
        return new WatchdogStatus(TorCondition.HEALTHY, since, Optional.empty(), Map.of());
    }
}
