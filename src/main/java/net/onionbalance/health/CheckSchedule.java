package net.onionbalance.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When each target is checked next: the checker's decisions, without threads or a clock (time is
 * passed in), so tests run them on virtual time. Not thread-safe: the checker keeps it on its
 * scheduling thread.
 *
 * <p>Politeness (issue 20): targets that arrive together are spread evenly over their interval
 * (the j-th of m at {@code now + interval·j/m}), not checked all at once; a target is never
 * checked twice at the same time; at most {@code freeSlots} checks start per call, the earliest
 * due first. After a check that started at {@code t}, the next is due at {@code t + interval}
 * (a late start shifts the target's phase, which keeps the spread).
 */
final class CheckSchedule {
    private final Map<HealthTarget, Instant> due = new HashMap<>();
    private final Map<HealthTarget, Instant> running = new HashMap<>();
    private final Set<HealthTarget> wanted = new HashSet<>();

    /** Replaces the set of targets. New ones are spread over their interval from {@code now}; dropped ones are forgotten. */
    void update(Set<HealthTarget> targets, Instant now) {
        wanted.clear();
        wanted.addAll(targets);
        due.keySet().retainAll(targets);
        List<HealthTarget> added = targets.stream()
                .filter(t -> !due.containsKey(t) && !running.containsKey(t))
                .sorted(Comparator.comparing(HealthTarget::toString))
                .toList();
        for (int j = 0; j < added.size(); j++) {
            HealthTarget t = added.get(j);
            Duration offset = t.settings().interval().multipliedBy(j).dividedBy(added.size());
            due.put(t, now.plus(offset));
        }
    }

    /** The targets to start now (at most {@code freeSlots}, earliest due first); they count as running until {@link #finished}. */
    List<HealthTarget> takeDue(Instant now, int freeSlots) {
        List<HealthTarget> ready = new ArrayList<>();
        due.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now))
                .sorted(Map.Entry.<HealthTarget, Instant>comparingByValue().thenComparing(e -> e.getKey().toString()))
                .limit(Math.max(0, freeSlots))
                .forEach(e -> ready.add(e.getKey()));
        for (HealthTarget t : ready) {
            due.remove(t);
            running.put(t, now);
        }
        return ready;
    }

    /**
     * A check ended. Returns whether the target is still wanted (its result should be delivered);
     * if so its next check is due one interval after this one started.
     */
    boolean finished(HealthTarget t, Instant now) {
        Instant started = running.remove(t);
        if (started == null || !wanted.contains(t)) {
            return false;
        }
        Instant next = started.plus(t.settings().interval());
        due.put(t, next.isBefore(now) ? now : next);
        return true;
    }

    /** The earliest time a waiting target is due; empty when all are running or there are none. */
    Optional<Instant> nextDue() {
        return due.values().stream().min(Comparator.naturalOrder());
    }

    int running() {
        return running.size();
    }

    /** For tests: when {@code t} is due next. */
    Optional<Instant> dueAt(HealthTarget t) {
        return Optional.ofNullable(due.get(t));
    }
}
