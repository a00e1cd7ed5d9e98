package net.onionbalance.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Tells systemd the truth ({@code sd_notify(3)}): {@code READY=1} once the balancer runs, and
 * {@code WATCHDOG=1} every half {@code WatchdogSec=} only while the engine loop really ticks, so a
 * loop that hangs (a tor call that never returns, a deadlock) gets the service restarted.
 *
 * <p>The notify socket is a Unix <em>datagram</em> socket; the JDK 17 opens Unix stream sockets
 * only. So each message is sent by systemd's own {@code systemd-notify} (present wherever systemd
 * is), which needs {@code NotifyAccess=all} in the unit because the sender is a child process; since
 * systemd 246 it also waits until systemd has read the message (BARRIER=1), so a short-lived sender
 * is still attributed to the service. One process every 30 s (WatchdogSec=60) costs nothing.
 */
final class SystemdNotify implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotify.class.getName());
    /** A tick is due every second; a loop silent this long (or the feed interval, if longer) is stuck. */
    private static final Duration MIN_STALE = Duration.ofSeconds(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final String socket;
    private final Optional<Duration> feedEvery;
    private final LongSupplier lastTickNanos;
    private final List<String> command;
    private final Duration staleAfter;
    private ScheduledExecutorService feeder;
    private volatile boolean stalled;
    private volatile boolean senderBroken;

    /**
     * @param socket        {@code $NOTIFY_SOCKET}
     * @param feedEvery     half of {@code $WATCHDOG_USEC}; empty when systemd set no watchdog
     * @param lastTickNanos the engine's last tick ({@link System#nanoTime()})
     * @param command       the sender, {@code systemd-notify} (tests give another)
     */
    SystemdNotify(String socket, Optional<Duration> feedEvery, LongSupplier lastTickNanos, List<String> command) {
        this(socket, feedEvery, lastTickNanos, command, MIN_STALE);
    }

    /** With the shortest silence that counts as stuck given (tests). */
    SystemdNotify(String socket, Optional<Duration> feedEvery, LongSupplier lastTickNanos, List<String> command,
                  Duration minStale) {
        this.socket = socket;
        this.feedEvery = feedEvery;
        this.lastTickNanos = lastTickNanos;
        this.command = List.copyOf(command);
        this.staleAfter = feedEvery.filter(d -> d.compareTo(minStale) > 0).orElse(minStale);
    }

    /** From systemd's environment; empty when not started by systemd with Type=notify. */
    static Optional<SystemdNotify> fromEnvironment(Map<String, String> env, LongSupplier lastTickNanos) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> every = Optional.empty();
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        // WATCHDOG_PID names the process systemd watches; when it is set and not ours (a launcher script
        // exec'd us, so it is ours; a wrapper that forked is not), the watchdog is not ours to feed.
        boolean ours = pid == null || pid.equals(Long.toString(ProcessHandle.current().pid()));
        if (usec != null && ours) {
            try {
                long micros = Long.parseLong(usec.trim());
                if (micros > 0) {
                    every = Optional.of(Duration.ofNanos(micros * 1000 / 2));
                }
            } catch (NumberFormatException e) {
                LOG.warning("WATCHDOG_USEC=" + usec + " is not a number of microseconds: systemd's watchdog is not fed");
            }
        }
        return Optional.of(new SystemdNotify(socket, every, lastTickNanos, List.of("systemd-notify")));
    }

    /** READY=1, then the watchdog feed if systemd asked for one. */
    void ready() {
        send("READY=1", "STATUS=balancing");
        feedEvery.ifPresent(every -> {
            feeder = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "systemd-watchdog");
                t.setDaemon(true);
                return t;
            });
            feeder.scheduleAtFixedRate(this::feed, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("systemd watchdog: fed every " + every.toMillis() + " ms while the engine loop ticks");
        });
    }

    /** Whether the engine loop ticked recently enough to count as alive. */
    boolean engineTicking() {
        return System.nanoTime() - lastTickNanos.getAsLong() <= staleAfter.toNanos();
    }

    private void feed() {
        if (engineTicking()) {
            if (stalled) {
                stalled = false;
                LOG.warning("The engine loop ticks again: feeding systemd's watchdog again");
            }
            send("WATCHDOG=1");
            return;
        }
        if (!stalled) {
            stalled = true;
            long silent = (System.nanoTime() - lastTickNanos.getAsLong()) / 1_000_000_000L;
            LOG.severe("The engine loop has not ticked for " + silent + " s: no longer feeding systemd's watchdog, "
                    + "which restarts the balancer after WatchdogSec. Engine thread: " + engineStack());
            send("STATUS=engine loop stuck for " + silent + " s");
        }
    }

    private static String engineStack() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().equals("engine")) {
                List<String> frames = new ArrayList<>();
                for (StackTraceElement f : e.getValue()) {
                    if (frames.size() == 12) {
                        break;
                    }
                    frames.add(f.toString());
                }
                return e.getKey().getState() + " at " + String.join(" < ", frames);
            }
        }
        return "not found";
    }

    /** One message; a sender that fails is reported once, the balancer goes on. */
    void send(String... assignments) {
        if (senderBroken) {
            return;
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(assignments));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("NOTIFY_SOCKET", socket);
        try {
            Process p = pb.start();
            if (!p.waitFor(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                LOG.warning("systemd-notify " + String.join(" ", assignments) + " did not finish within "
                        + SEND_TIMEOUT.toSeconds() + " s");
            } else if (p.exitValue() != 0) {
                String err = new String(p.getInputStream().readNBytes(500), StandardCharsets.UTF_8).trim();
                LOG.warning("systemd-notify " + String.join(" ", assignments) + " failed (exit " + p.exitValue() + "): " + err
                        + " (the unit needs NotifyAccess=all)");
            }
        } catch (IOException e) {
            senderBroken = true;
            LOG.warning("Cannot run " + command.get(0) + " to notify systemd (" + e.getMessage() + "): with Type=notify "
                    + "systemd will time the start out; install systemd's systemd-notify or use Type=simple");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (feeder != null) {
            feeder.shutdownNow();
        }
        send("STOPPING=1");
    }
}
