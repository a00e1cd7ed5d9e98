package net.onionbalance.health;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker's threads with a probe that only sleeps (the SOCKS probe against a real tor is in
 * {@code HealthCheckNetworkTest}): bounded concurrency, delivery, update and close.
 */
class HealthCheckerTest {
    /** Sleeps {@code work}, recording how many checks overlap. */
    private static final class SleepingProbe implements HealthProbe {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final Duration work;

        SleepingProbe(Duration work) {
            this.work = work;
        }

        @Override
        public HealthResult check(HealthTarget t) {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            Instant start = Instant.now();
            try {
                Thread.sleep(work.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
            }
            return HealthResult.success(t, start, work);
        }
    }

    @Test
    void noMoreThanMaxInFlightAndEveryTargetIsCheckedEachInterval() throws Exception {
        SleepingProbe probe = new SleepingProbe(Duration.ofMillis(150));
        List<HealthResult> got = new CopyOnWriteArrayList<>();
        List<String> callbackThreads = new CopyOnWriteArrayList<>();
        Set<HealthTarget> four = Set.of(Targets.target(0, Duration.ofMillis(400), Duration.ofMillis(200), 3, 2),
                Targets.target(1, Duration.ofMillis(400), Duration.ofMillis(200), 3, 2),
                Targets.target(2, Duration.ofMillis(400), Duration.ofMillis(200), 3, 2),
                Targets.target(3, Duration.ofMillis(400), Duration.ofMillis(200), 3, 2));
        try (HealthChecker checker = new HealthChecker(probe, r -> {
            got.add(r);
            callbackThreads.add(Thread.currentThread().getName());
        }, 2, Clock.systemUTC())) {
            checker.update(four);
            Thread.sleep(1300);
        }
        assertTrue(probe.peak.get() <= 2, "at most 2 in flight, saw " + probe.peak.get());
        for (HealthTarget t : four) {
            long n = got.stream().filter(r -> r.target().equals(t)).count();
            assertTrue(n >= 2 && n <= 4, t + " checked " + n + " times in 1.3 s at a 0.4 s interval");
        }
        assertTrue(probe.threads.stream().allMatch(n -> n.startsWith("health-check-")), probe.threads.toString());
        assertTrue(callbackThreads.stream().allMatch("health-schedule"::equals), callbackThreads.toString());
    }

    @Test
    void spreadNotAllAtOnce() throws Exception {
        SleepingProbe probe = new SleepingProbe(Duration.ofMillis(10));
        List<Long> startedMs = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        Duration interval = Duration.ofMillis(800);
        try (HealthChecker checker = new HealthChecker(probe, r -> startedMs.add((System.nanoTime() - t0) / 1_000_000), 4,
                Clock.systemUTC())) {
            checker.update(Set.of(Targets.target(0, interval, interval, 3, 2), Targets.target(1, interval, interval, 3, 2),
                    Targets.target(2, interval, interval, 3, 2), Targets.target(3, interval, interval, 3, 2)));
            Thread.sleep(700);
        }
        List<Long> first = startedMs.stream().sorted().toList();
        assertEquals(4, first.size(), "each checked once in the first interval: " + first);
        assertTrue(first.get(3) - first.get(0) >= 450, "spread over ~600 ms (0, 200, 400, 600), not at once: " + first);
    }

    @Test
    void updateDropsRemovedTargetsAndCloseEndsChecksInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        HealthProbe blocking = t -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthResult.success(t, Instant.now(), Duration.ZERO);
        };
        HealthChecker checker = new HealthChecker(blocking, r -> delivered.incrementAndGet(), 4, Clock.systemUTC());
        checker.update(Set.of(Targets.target(0)));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        checker.update(Set.of());
        long t0 = System.nanoTime();
        checker.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(closeMs < 2500, "close took " + closeMs + " ms");
        Thread.sleep(100);
        assertEquals(0, delivered.get(), "nothing delivered for a removed target or after close");
    }
}
