package net.onionbalance.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TorWatchdogTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Optional<Instant> LIVE = Optional.of(T0.plus(Duration.ofHours(3)));

    private final TorWatchdog w = new TorWatchdog(Duration.ofMinutes(3), Duration.ofMinutes(1), T0);

    private Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void anIdleTorIsHealthyAndACommandAnsweredByAnEventKeepsItSo() {
        assertEquals(Optional.empty(), w.evaluate(at(3600), true, Optional.of(at(7200))));
        w.commandSent(at(3600));
        w.eventSeen(at(3601));
        assertEquals(Optional.empty(), w.evaluate(at(4000), true, Optional.of(at(7200))));
        assertEquals(TorCondition.HEALTHY, w.condition());
    }

    @Test
    void commandsAnsweredByNothingForMinutesResubscribeThenReconnectThenKeepReconnecting() {
        w.commandSent(at(10));
        w.commandSent(at(100));
        assertEquals(Optional.empty(), w.evaluate(at(189), true, LIVE), "silence counts from the first unanswered command");
        assertEquals(Optional.of(HealStep.RESUBSCRIBE), w.evaluate(at(190), true, LIVE));
        assertEquals(TorCondition.EVENTS_SILENT, w.condition());
        assertEquals(at(190), w.view().since());
        assertEquals(Optional.empty(), w.evaluate(at(220), true, LIVE), "each step gets its minute");
        assertEquals(Optional.of(HealStep.RECONNECT), w.evaluate(at(250), true, LIVE));
        assertEquals(Optional.of(HealStep.RECONNECT), w.evaluate(at(310), true, LIVE), "the last step repeats");
        assertEquals(Optional.empty(), w.evaluate(at(429), true, LIVE), "after twice the wait");
        assertEquals(Optional.of(HealStep.RECONNECT), w.evaluate(at(430), true, LIVE));
        assertEquals(Optional.empty(), w.evaluate(at(669), true, LIVE), "then four times");
        assertEquals(Optional.of(HealStep.RECONNECT), w.evaluate(at(670), true, LIVE));
        assertEquals(1L, w.view().steps().get(HealStep.RESUBSCRIBE));
        assertEquals(4L, w.view().steps().get(HealStep.RECONNECT));
        // While reconnecting: disconnected, no steps of ours.
        assertEquals(Optional.empty(), w.evaluate(at(671), false, LIVE));
        assertEquals(TorCondition.DISCONNECTED, w.condition());
        w.eventSeen(at(675));
        assertEquals(Optional.empty(), w.evaluate(at(676), true, LIVE));
        assertEquals(TorCondition.HEALTHY, w.condition());
        assertEquals(Optional.of(HealStep.RECONNECT), w.view().lastStep());
    }

    @Test
    void anExpiredConsensusRebuildsTheViewFirstThenEscalates() {
        Optional<Instant> until = Optional.of(at(100));
        assertEquals(Optional.empty(), w.evaluate(at(100), true, until));
        assertEquals(Optional.of(HealStep.REBUILD_VIEW), w.evaluate(at(101), true, until));
        assertEquals(TorCondition.CONSENSUS_EXPIRED, w.condition());
        assertEquals(Optional.of(HealStep.RESUBSCRIBE), w.evaluate(at(161), true, until));
        assertEquals(Optional.of(HealStep.RECONNECT), w.evaluate(at(221), true, until));
        assertEquals(Optional.of(HealStep.REBUILD_VIEW), w.evaluate(at(281), true, until));
        assertEquals(Optional.of(HealStep.REBUILD_VIEW), w.evaluate(at(341), true, until));
        assertEquals(Optional.empty(), w.evaluate(at(460), true, until), "repeats after twice the wait");
        assertEquals(Optional.of(HealStep.REBUILD_VIEW), w.evaluate(at(461), true, until));
        assertEquals(Optional.empty(), w.evaluate(at(462), true, Optional.of(at(4000))), "a fresh consensus heals it");
        assertEquals(TorCondition.HEALTHY, w.condition());
    }
}
