package net.onionbalance.status;

import net.onionbalance.engine.HealStep;
import net.onionbalance.engine.HsDirVerdict;
import net.onionbalance.engine.PublishReason;
import net.onionbalance.engine.TorCondition;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InternalErrors;
import net.onionbalance.engine.snapshot.SelfHealStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.engine.snapshot.WatchdogStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusJsonSelfHealTest {
    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");

    private static EngineSnapshot with(SelfHealStatus h) {
        return new EngineSnapshot(NOW, TorStatus.notConnected("x"), Optional.empty(), List.of(), InternalErrors.NONE, h);
    }

    @Test
    void aHealthyBalancerThatNeverHealedWritesPythonsDocument() {
        assertEquals("{\"services\": []}", StatusJson.render(with(SelfHealStatus.none(NOW))));
        // Checks that found everything in place are not news either.
        assertEquals("{\"services\": []}", StatusJson.render(with(new SelfHealStatus(WatchdogStatus.healthy(NOW), Map.of(), 0,
                Map.of(HsDirVerdict.HOLDS_OURS, 12L), Map.of()))));
    }

    @Test
    void aStuckTorAndRepairedHsDirsAreNamed() {
        var w = new WatchdogStatus(TorCondition.EVENTS_SILENT, NOW, Optional.of(HealStep.RECONNECT),
                Map.of(HealStep.RESUBSCRIBE, 1L, HealStep.RECONNECT, 1L));
        String json = StatusJson.render(with(new SelfHealStatus(w, Map.of(), 0, Map.of(HsDirVerdict.ABSENT, 2L),
                Map.of(PublishReason.HSDIR_LOST_IT, 2L))));
        assertTrue(json.contains("\"selfHeal\": {\"hsdirRepairs\": {\"hsdir_lost_it\": 2}, \"watchdog\": {\"lastStep\": \"reconnect\", "
                + "\"since\": \"2026-12-07 14:00:00\", \"steps\": {\"reconnect\": 1, \"resubscribe\": 1}, "
                + "\"torCondition\": \"events_silent\"}}"), json);
    }
}
