package net.onionbalance.metrics;

import net.onionbalance.engine.HealStep;
import net.onionbalance.engine.HsDirVerdict;
import net.onionbalance.engine.PublishReason;
import net.onionbalance.engine.RefetchReason;
import net.onionbalance.engine.TorCondition;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InternalErrors;
import net.onionbalance.engine.snapshot.SelfHealStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.engine.snapshot.WatchdogStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-healing figures an operator alerts on, from a snapshot, in a valid exposition. */
class SelfHealMetricsTest {
    private static final Instant TAKEN = Instant.parse("2026-12-07T14:00:00Z");

    @Test
    void watchdogRefetchesAndHsDirChecksAreExposed() throws Exception {
        var w = new WatchdogStatus(TorCondition.EVENTS_SILENT, TAKEN.minusSeconds(200), Optional.of(HealStep.RESUBSCRIBE),
                Map.of(HealStep.RESUBSCRIBE, 1L));
        var heal = new SelfHealStatus(w, Map.of(RefetchReason.INTRO_POINTS_UNREACHABLE, 3L), 2,
                Map.of(HsDirVerdict.HOLDS_OURS, 40L, HsDirVerdict.ABSENT, 1L), Map.of(PublishReason.HSDIR_LOST_IT, 1L));
        var s = new EngineSnapshot(TAKEN, TorStatus.notConnected("x"), Optional.empty(), List.of(), InternalErrors.NONE, heal);
        String text = TextExposition.write(SnapshotMetrics.families(s, new SnapshotCounters(Duration.ofHours(1)),
                TAKEN.plusSeconds(30), "test"));
        for (String line : List.of(
                "onionbalance_engine_snapshot_age_seconds 30",
                "onionbalance_tor_condition{condition=\"events_silent\"} 1",
                "onionbalance_tor_condition{condition=\"healthy\"} 0",
                "onionbalance_watchdog_heal_steps_total{step=\"resubscribe\"} 1",
                "onionbalance_watchdog_heal_steps_total{step=\"reconnect\"} 0",
                "onionbalance_instance_refetches_total{reason=\"intro_points_unreachable\"} 3",
                "onionbalance_instance_refetches_rate_limited_total 2",
                "onionbalance_hsdir_checks_total{verdict=\"absent\"} 1",
                "onionbalance_hsdir_repairs_total{reason=\"hsdir_lost_it\"} 1")) {
            assertTrue(text.lines().anyMatch(line::equals), line + " in\n" + text);
        }
        Optional<Path> promtool = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(":"))).map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            System.out.println("SKIPPED: promtool not installed: exposition format not linted");
            return;
        }
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
    }
}
