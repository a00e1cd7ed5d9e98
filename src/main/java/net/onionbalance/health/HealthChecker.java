package net.onionbalance.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs health checks on its own threads: one scheduling thread ("health-schedule") that owns the
 * {@link CheckSchedule}, and {@code maxInFlight} worker threads ("health-check-N") that run the
 * probe. Checks are spread over each target's interval and at most {@code maxInFlight} run at once.
 *
 * <p>Each result goes to the callback on the scheduling thread, one at a time, in completion order;
 * results of targets removed by {@link #update} meanwhile are dropped. The callback must be quick
 * and must not block (the engine enqueues the result onto its own thread). {@link #update} and
 * {@link #close} may be called from any thread.
 */
public final class HealthChecker implements AutoCloseable {
    /** Enough to check 40 backends within a 60 s interval at 6 s per check, few enough not to look like a scan. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    private static final Logger LOG = Logger.getLogger(HealthChecker.class.getName());
    /** Whether the default check was announced in the log (once per checker: at start, or when a reload first asks for it). */
    private volatile boolean livenessAnnounced;

    private final HealthProbe probe;
    private final Consumer<HealthResult> results;
    private final int maxInFlight;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    /** Only touched on the scheduling thread. */
    private final CheckSchedule schedule = new CheckSchedule();
    private ScheduledFuture<?> wakeUp;
    private volatile boolean closed;

    public HealthChecker(HealthProbe probe, Consumer<HealthResult> results, int maxInFlight, Clock clock) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.results = Objects.requireNonNull(results, "results");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("health-schedule"));
        this.workers = Executors.newFixedThreadPool(maxInFlight, daemon("health-check-"));
    }

    /** Checks exactly these targets from now on: new ones spread over their interval, removed ones no more. */
    public void update(Set<HealthTarget> targets) {
        Set<HealthTarget> copy = Set.copyOf(targets);
        if (!livenessAnnounced) {
            copy.stream().filter(t -> t.settings().liveness()).findFirst().ifPresent(t -> {
                livenessAnnounced = true;
                LOG.info("Health: services without 'health-check:' in config.yaml get a check of each backend's tor every "
                        + t.settings().interval().toSeconds() + " s (down after " + t.settings().failuresBeforeDown()
                        + " failures in a row): its tor completing a rendezvous counts as up. 'health-check: port: <virtual port>'"
                        + " checks the service behind it too; 'health-check: off' under a service turns checks off.");
            });
        }
        onScheduler(() -> {
            schedule.update(copy, clock.instant());
            pump();
        });
    }

    /** Stops scheduling, ends checks in flight (when the probe is {@link AutoCloseable}, it is closed) and delivers nothing more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        workers.shutdownNow();
        if (probe instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warning(() -> "closing the health probe failed: " + e);
            }
        }
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warning("health checks still running 2 s after close; their threads are daemons");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts what is due within the free slots, then sleeps until the next due time (scheduling thread). */
    private void pump() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        List<HealthTarget> due = schedule.takeDue(now, maxInFlight - schedule.running());
        for (HealthTarget t : due) {
            try {
                workers.execute(() -> run(t));
            } catch (RejectedExecutionException e) {
                return; // closed meanwhile
            }
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
        if (schedule.running() >= maxInFlight) {
            return; // every slot busy: the next check to end calls pump() (a timer now would spin on overdue targets)
        }
        schedule.nextDue().ifPresent(at -> {
            long ms = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            try {
                wakeUp = scheduler.schedule(this::pump, ms, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        });
    }

    /** A worker: one check, then back to the scheduling thread with its result. */
    private void run(HealthTarget t) {
        HealthResult r;
        try {
            r = probe.check(t);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, e, () -> "health check of " + t + " failed unexpectedly");
            r = null;
        }
        HealthResult result = r;
        onScheduler(() -> {
            boolean wanted = schedule.finished(t, clock.instant());
            if (wanted && result != null && !closed) {
                try {
                    results.accept(result);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, e, () -> "the health result callback failed on " + result);
                }
            }
            pump();
        });
    }

    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing more is scheduled or delivered
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name.endsWith("-") ? name + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }
}
