package net.onionbalance.tor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * What {@link TorController} does after it lost its connection: wait ({@link Backoff}, capped
 * exponential), try once more, until an attempt succeeds or the controller is closed. Each new
 * kind of failure is logged once, not every attempt, so a tor that stays down for an hour does
 * not fill the log. Runs on its own short-lived thread ("tor-control-reconnect").
 */
final class Reconnector implements Runnable {
    private static final Logger LOG = Logger.getLogger(Reconnector.class.getName());

    /** One attempt: connect, authenticate, subscribe again, install; empty when the controller closed meanwhile. */
    @FunctionalInterface
    interface Attempt {
        Optional<ControlEndpoint> reconnect() throws ControlException;
    }

    private final Backoff backoff;
    private final BooleanSupplier closed;
    private final Attempt attempt;
    private final BiConsumer<ControlEndpoint, Duration> reconnected;
    private final long lostAtNanos;

    /**
     * @param reconnected told the endpoint reached and how long tor was out of reach
     * @param lostAtNanos {@link System#nanoTime()} when the connection was lost
     */
    Reconnector(Backoff backoff, BooleanSupplier closed, Attempt attempt,
                BiConsumer<ControlEndpoint, Duration> reconnected, long lostAtNanos) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.closed = Objects.requireNonNull(closed, "closed");
        this.attempt = Objects.requireNonNull(attempt, "attempt");
        this.reconnected = Objects.requireNonNull(reconnected, "reconnected");
        this.lostAtNanos = lostAtNanos;
    }

    @Override
    public void run() {
        String lastError = null;
        for (int n = 0; !closed.getAsBoolean(); n++) {
            try {
                Thread.sleep(backoff.delay(n).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Optional<ControlEndpoint> reached = attempt.reconnect();
                if (reached.isPresent()) {
                    Duration outage = Duration.ofNanos(System.nanoTime() - lostAtNanos);
                    LOG.info(() -> "reconnected to tor at " + reached.get() + " after " + outage.toMillis() + " ms");
                    reconnected.accept(reached.get(), outage);
                }
                return;
            } catch (ControlException | RuntimeException e) {
                if (!Objects.equals(lastError, e.getMessage())) {
                    int tried = n + 1;
                    LOG.warning(() -> "reconnecting to tor failed (attempt " + tried + "): " + e.getMessage());
                    lastError = e.getMessage();
                }
            }
        }
    }
}
