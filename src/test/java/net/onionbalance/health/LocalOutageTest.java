package net.onionbalance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All backends failing together points at the balancer's own tor; failing one after another does not. */
class LocalOutageTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final HealthFailure TIMEOUT = new HealthFailure(FailureKind.TIMEOUT, "no connection within 30 s");

    private static HealthState failingFrom(int target, Instant start, int checks) {
        HealthTarget t = Targets.target(target);
        HealthState s = HealthState.unknown(t, T0);
        s = s.apply(HealthResult.success(t, T0, Duration.ofMillis(300))).state();
        for (int i = 0; i < checks; i++) {
            s = s.apply(HealthResult.failed(t, start.plus(MINUTE.multipliedBy(i)), Duration.ofSeconds(30), TIMEOUT)).state();
        }
        return s;
    }

    @Test
    void allFailingWithinOneRoundIsSuspect() {
        List<HealthState> states = List.of(failingFrom(0, T0.plusSeconds(600), 3), failingFrom(1, T0.plusSeconds(615), 3),
                failingFrom(2, T0.plusSeconds(640), 2));
        Optional<String> w = LocalOutage.suspected(states, MINUTE);
        assertTrue(w.isPresent());
        assertEquals("all 3 backends started failing health checks within 40 s of each other: the balancer's own tor or its"
                + " network is the likelier cause; keeping the last published descriptors", w.get());
    }

    @Test
    void backendsDyingOneAfterAnotherAreNotSuspect() {
        List<HealthState> states = List.of(failingFrom(0, T0.plusSeconds(60), 10), failingFrom(1, T0.plusSeconds(600), 3));
        assertEquals(Optional.empty(), LocalOutage.suspected(states, MINUTE), "9 minutes apart: two real failures");
    }

    @Test
    void oneHealthyBackendOrASingleBackendIsNotSuspect() {
        HealthTarget t = Targets.target(3);
        HealthState up = HealthState.unknown(t, T0).apply(HealthResult.success(t, T0.plusSeconds(610), Duration.ofMillis(250))).state();
        assertEquals(Optional.empty(), LocalOutage.suspected(List.of(failingFrom(0, T0.plusSeconds(600), 3), up), MINUTE));
        assertEquals(Optional.empty(), LocalOutage.suspected(List.of(failingFrom(0, T0.plusSeconds(600), 3)), MINUTE));
    }

    @Test
    void theRunStartIsTheFirstFailureAndASuccessClearsIt() {
        HealthState s = failingFrom(0, T0.plusSeconds(600), 3);
        assertEquals(Optional.of(T0.plusSeconds(600)), s.failingSince());
        HealthState ok = s.apply(HealthResult.success(s.target(), T0.plusSeconds(800), Duration.ofMillis(200))).state();
        assertEquals(Optional.empty(), ok.failingSince());
    }
}
