package net.onionbalance.health;

import net.onionbalance.tor.SocksReply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The state machine on virtual time: 3 failures down, 2 successes up, the balancer's own tor never blamed on a backend. */
class HealthStateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final HealthTarget target = Targets.target(0);
    private static final HealthFailure INTRO = new HealthFailure(FailureKind.ONION_SERVICE, "intro failed",
            Optional.of(SocksReply.ONION_INTRO_FAILED));

    private HealthResult ok(int minute, long ms) {
        return HealthResult.success(target, T0.plusSeconds(60L * minute), Duration.ofMillis(ms));
    }

    private HealthResult fail(int minute, HealthFailure f) {
        return HealthResult.failed(target, T0.plusSeconds(60L * minute), Duration.ofMillis(900), f);
    }

    @Test
    void downAfterThreeFailuresUpAfterTwoSuccesses() {
        HealthState s = HealthState.unknown(target, T0);
        List<HealthTransition> transitions = new java.util.ArrayList<>();
        HealthResult[] results = {ok(0, 250), ok(1, 260), fail(2, INTRO), fail(3, INTRO), fail(4, INTRO), fail(5, INTRO),
                ok(6, 300), ok(7, 280)};
        HealthStatus[] expected = {HealthStatus.UNKNOWN, HealthStatus.UP, HealthStatus.UP, HealthStatus.UP, HealthStatus.DOWN,
                HealthStatus.DOWN, HealthStatus.DOWN, HealthStatus.UP};
        for (int i = 0; i < results.length; i++) {
            HealthState.Step step = s.apply(results[i]);
            s = step.state();
            step.transition().ifPresent(transitions::add);
            assertEquals(expected[i], s.status(), "after result " + i);
            if (i == 5) {
                // Down since the verdict of the third failure in a row (minute 4, 0.9 s after it started).
                assertEquals(Optional.of(T0.plusSeconds(240).plusMillis(900)), s.downSince());
                assertEquals(Optional.of("intro failed"), s.lastError());
            }
        }
        assertEquals(List.of("UNKNOWN->UP", "UP->DOWN", "DOWN->UP"),
                transitions.stream().map(t -> t.from() + "->" + t.to()).toList());
        assertEquals(Optional.of(INTRO), transitions.get(1).cause());
        assertEquals(Optional.empty(), s.downSince());
        assertEquals(Optional.of("intro failed"), s.lastError(), "the last error stays visible after recovery, with its time");
        assertEquals(Optional.of(Duration.ofMillis(280)), s.lastLatency());
        assertEquals("▇▇××××██", Sparkline.render(s.recent(), 20), "8 checks: 250 260 ms, 4 failures, 300 280 ms");
    }

    @Test
    void aFailureBreaksARunOfSuccessesAndViceVersa() {
        HealthState s = HealthState.unknown(target, T0);
        for (HealthResult r : List.of(fail(0, INTRO), fail(1, INTRO), ok(2, 200), fail(3, INTRO), fail(4, INTRO), ok(5, 200))) {
            s = s.apply(r).state();
        }
        assertEquals(HealthStatus.UNKNOWN, s.status(), "never 3 failures or 2 successes in a row");
        assertEquals(1, s.consecutiveSuccesses());
    }

    @Test
    void theBalancersOwnTorIsNotTheBackendsFault() {
        HealthFailure local = new HealthFailure(FailureKind.LOCAL_TOR, "cannot use tor's SocksPort 127.0.0.1:9050: Connection refused");
        HealthState s = HealthState.unknown(target, T0);
        s = s.apply(fail(0, INTRO)).state();
        s = s.apply(fail(1, INTRO)).state();
        for (int m = 2; m < 10; m++) {
            s = s.apply(fail(m, local)).state();
        }
        assertEquals(HealthStatus.UNKNOWN, s.status(), "8 local failures do not mark the backend down");
        assertEquals(2, s.consecutiveFailures(), "and do not break the run either");
        assertEquals(Optional.of(local.text()), s.lastError(), "but the operator sees them");
        assertEquals(HealthStatus.DOWN, s.apply(fail(10, INTRO)).state().status());
    }

    @Test
    void oneFailureIsEnoughWhenConfiguredSo() {
        HealthTarget strict = Targets.target(1, Duration.ofSeconds(10), Duration.ofSeconds(10), 1, 1);
        HealthState s = HealthState.unknown(strict, T0);
        HealthState.Step step = s.apply(HealthResult.failed(strict, T0, Duration.ofSeconds(10), new HealthFailure(FailureKind.TIMEOUT, "no connection within 10 s")));
        assertEquals(HealthStatus.DOWN, step.state().status());
        assertEquals(Optional.of(T0.plusSeconds(10)), step.state().downSince());
    }
}
