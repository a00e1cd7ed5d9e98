package net.onionbalance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker's timing decisions on virtual time. */
class CheckScheduleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final HealthTarget a = Targets.target(0);
    private final HealthTarget b = Targets.target(1);
    private final HealthTarget c = Targets.target(2);
    private final HealthTarget d = Targets.target(3);

    @Test
    void targetsArrivingTogetherAreSpreadOverTheInterval() {
        CheckSchedule s = new CheckSchedule();
        s.update(Set.of(a, b, c, d), T0);
        List<Instant> dues = List.of(a, b, c, d).stream().map(t -> s.dueAt(t).orElseThrow()).sorted().toList();
        assertEquals(List.of(T0, T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(45)), dues,
                "4 backends at 60 s: one every 15 s, the first at once");
        assertEquals(1, s.takeDue(T0, 4).size(), "only one is due at the start");
        assertEquals(0, s.takeDue(T0.plusSeconds(14), 4).size());
        assertEquals(1, s.takeDue(T0.plusSeconds(15), 4).size());
    }

    @Test
    void nextCheckIsOneIntervalAfterTheLastStartedAndNeverTwiceAtOnce() {
        CheckSchedule s = new CheckSchedule();
        s.update(Set.of(a), T0);
        assertEquals(List.of(a), s.takeDue(T0, 4));
        assertEquals(Optional.empty(), s.nextDue(), "while running it is not due again");
        assertEquals(List.of(), s.takeDue(T0.plusSeconds(120), 4));
        assertTrue(s.finished(a, T0.plusSeconds(7)));
        assertEquals(Optional.of(T0.plusSeconds(60)), s.nextDue(), "fixed rate from the start, not from the end");
    }

    @Test
    void atMostTheFreeSlotsStartEarliestDueFirst() {
        CheckSchedule s = new CheckSchedule();
        s.update(Set.of(a, b, c, d), T0);
        List<HealthTarget> byDue = List.of(a, b, c, d).stream()
                .sorted(java.util.Comparator.comparing(t -> s.dueAt(t).orElseThrow())).toList();
        Instant late = T0.plusSeconds(50); // all four due, e.g. after a stall
        List<HealthTarget> first = s.takeDue(late, 2);
        assertEquals(byDue.subList(0, 2), first, "the two waiting longest go first");
        assertEquals(2, s.running());
        assertEquals(byDue.subList(2, 4), s.takeDue(late, 2));
        assertEquals(List.of(), s.takeDue(late, 0), "no free slot, nothing starts");
    }

    @Test
    void removedTargetsAreForgottenAndTheirResultsNotWanted() {
        CheckSchedule s = new CheckSchedule();
        s.update(Set.of(a, b), T0);
        List<HealthTarget> started = s.takeDue(T0, 4);
        assertEquals(List.of(started.get(0)), started);
        HealthTarget running = started.get(0);
        HealthTarget waiting = running.equals(a) ? b : a;
        s.update(Set.of(), T0.plusSeconds(1));
        assertFalse(s.finished(running, T0.plusSeconds(2)), "a result arriving after removal is dropped");
        assertEquals(Optional.empty(), s.dueAt(waiting));
        assertEquals(Optional.empty(), s.nextDue());
    }

    @Test
    void aTargetAddedLaterKeepsTheOthersPhases() {
        CheckSchedule s = new CheckSchedule();
        s.update(Set.of(a, b), T0);
        Instant aDue = s.dueAt(a).orElseThrow();
        Instant bDue = s.dueAt(b).orElseThrow();
        s.update(Set.of(a, b, c), T0.plusSeconds(5));
        assertEquals(aDue, s.dueAt(a).orElseThrow());
        assertEquals(bDue, s.dueAt(b).orElseThrow());
        assertEquals(Optional.of(T0.plusSeconds(5)), s.dueAt(c), "a new backend is checked at once");
    }

    @Test
    void eachTargetKeepsItsOwnInterval() {
        HealthTarget fast = Targets.target(0, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, 2);
        CheckSchedule s = new CheckSchedule();
        s.update(Set.of(fast), T0);
        s.takeDue(T0, 1);
        s.finished(fast, T0.plusSeconds(1));
        assertEquals(Optional.of(T0.plusSeconds(10)), s.nextDue());
    }
}
