package net.onionbalance.engine;

import net.onionbalance.engine.snapshot.WatchdogStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a tor that is stuck rather than dead, and says how to heal it, one step at a time. A dead
 * control connection is the controller's business (it reconnects by itself); this watches for
 * what it cannot see:
 * <ul>
 * <li>{@link TorCondition#EVENTS_SILENT}: tor accepted an HSFETCH or HSPOST (each makes tor send an
 *     {@code HS_DESC} event at once, control-spec §4.1.25) and then sent no event at all for
 *     {@code silentAfter};</li>
 * <li>{@link TorCondition#CONSENSUS_EXPIRED}: the consensus we hold is past its valid-until.</li>
 * </ul>
 * Each condition has a ladder of {@link HealStep}s; the next step comes {@code stepWait} after the
 * last one if the condition holds, and the last step repeats, each time after twice the wait (at
 * most 32 times {@code stepWait}). Engine thread only.
 */
final class TorWatchdog {
    private static final Map<TorCondition, List<HealStep>> LADDERS = Map.of(
            TorCondition.EVENTS_SILENT, List.of(HealStep.RESUBSCRIBE, HealStep.RECONNECT),
            // Tor may hold a newer one and its event was lost; else it cannot fetch one: nothing more to do
            // than ask again (and the network, not the balancer, needs the operator).
            TorCondition.CONSENSUS_EXPIRED, List.of(HealStep.REBUILD_VIEW, HealStep.RESUBSCRIBE, HealStep.RECONNECT,
                    HealStep.REBUILD_VIEW));

    private final Duration silentAfter;
    private final Duration stepWait;
    private Instant lastEvent;
    /** The first command sent since the last event that should have made tor send one. */
    private Instant firstUnanswered;
    private TorCondition condition = TorCondition.HEALTHY;
    private Instant since;
    private int rung;
    private Instant nextStepAt;
    private HealStep lastStep;
    private final Map<HealStep, Long> steps = new EnumMap<>(HealStep.class);

    TorWatchdog(Duration silentAfter, Duration stepWait, Instant now) {
        this.silentAfter = silentAfter;
        this.stepWait = stepWait;
        this.since = now;
        this.lastEvent = now;
    }

    /** Any event from tor (or the controller's own) arrived. */
    void eventSeen(Instant now) {
        lastEvent = now;
        firstUnanswered = null;
    }

    /** A command that makes tor send an event at once was accepted. */
    void commandSent(Instant now) {
        if (firstUnanswered == null) {
            firstUnanswered = now;
        }
    }

    /**
     * Re-judges tor now.
     *
     * @param consensusValidUntil the held consensus's valid-until, empty before the first one
     * @return the healing step to take now, if any (counted)
     */
    Optional<HealStep> evaluate(Instant now, boolean connected, Optional<Instant> consensusValidUntil) {
        TorCondition c;
        if (!connected) {
            c = TorCondition.DISCONNECTED;
        } else if (firstUnanswered != null && !now.isBefore(firstUnanswered.plus(silentAfter))) {
            c = TorCondition.EVENTS_SILENT;
        } else if (consensusValidUntil.isPresent() && now.isAfter(consensusValidUntil.get())) {
            c = TorCondition.CONSENSUS_EXPIRED;
        } else {
            c = TorCondition.HEALTHY;
        }
        if (c != condition) {
            condition = c;
            since = now;
            rung = 0;
            nextStepAt = now;
        }
        List<HealStep> ladder = LADDERS.get(c);
        if (ladder == null || now.isBefore(nextStepAt)) {
            return Optional.empty();
        }
        HealStep step = ladder.get(Math.min(rung, ladder.size() - 1));
        // The last step repeats with its wait doubling (up to 32 times): a tor that stays stuck for
        // days is not reconnected every minute, nor the log filled.
        int repeats = Math.max(0, rung - (ladder.size() - 1));
        rung++;
        nextStepAt = now.plus(stepWait.multipliedBy(1L << Math.min(repeats, 5)));
        lastStep = step;
        steps.merge(step, 1L, Long::sum);
        return Optional.of(step);
    }

    TorCondition condition() {
        return condition;
    }

    WatchdogStatus view() {
        return new WatchdogStatus(condition, since, Optional.ofNullable(lastStep), steps);
    }
}
