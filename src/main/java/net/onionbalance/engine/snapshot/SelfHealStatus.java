package net.onionbalance.engine.snapshot;

import net.onionbalance.engine.HsDirVerdict;
import net.onionbalance.engine.PublishReason;
import net.onionbalance.engine.RefetchReason;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine did on its own to stay right, since start: the watchdog's view of tor, backends
 * fetched again outside the fetch round (per reason, and how many the rate limit refused), HSDir
 * checks (per verdict) and the uploads they caused (per reason).
 */
public record SelfHealStatus(WatchdogStatus watchdog, Map<RefetchReason, Long> refetches, long refetchesRateLimited,
                             Map<HsDirVerdict, Long> hsDirChecks, Map<PublishReason, Long> hsDirRepairs) {
    public SelfHealStatus {
        Objects.requireNonNull(watchdog, "watchdog");
        refetches = Map.copyOf(refetches);
        hsDirChecks = Map.copyOf(hsDirChecks);
        hsDirRepairs = Map.copyOf(hsDirRepairs);
    }

    public static SelfHealStatus none(Instant now) {
        return new SelfHealStatus(WatchdogStatus.healthy(now), Map.of(), 0, Map.of(), Map.of());
    }
}
