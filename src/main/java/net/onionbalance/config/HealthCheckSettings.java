package net.onionbalance.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's {@code health-check:} (an extension; onionbalance 0.2.x has no active checks):
 * how the balancer probes each of its backends through tor. Values are resolved: what the file
 * leaves out has the default of the network chosen on the command line.
 *
 * @param port               the backend's virtual port (its {@code HiddenServicePort}) to connect to
 * @param httpPath           with a path, {@code GET path} and check the status; without, a connection is the check
 * @param expectStatus       statuses that count as up (only with a path)
 * @param interval           time between two checks of one backend
 * @param timeout            one check's budget, SOCKS handshake, onion-service connection and HTTP status line together
 * @param failuresBeforeDown consecutive failures that mark a backend down
 * @param successesBeforeUp  consecutive successes that mark it up again
 * @param liveness           the check of a service without {@code health-check:}: the backend's tor is
 *                           asked for {@link #LIVENESS_PORT}, which it most likely does not serve; its
 *                           tor ending that stream after the rendezvous completed counts as up, as does
 *                           a connection (see {@code health/SocksHealthProbe})
 */
public record HealthCheckSettings(int port, Optional<String> httpPath, HttpStatusRange expectStatus, Duration interval,
                                  Duration timeout, int failuresBeforeDown, int successesBeforeUp, boolean liveness) {
    public static final Duration PUBLIC_INTERVAL = Duration.ofSeconds(60);
    public static final Duration TEST_NETWORK_INTERVAL = Duration.ofSeconds(10);
    /** Building intro and rendezvous circuits on the public network takes a few seconds, sometimes 20. */
    public static final Duration PUBLIC_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration TEST_NETWORK_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_FAILURES_BEFORE_DOWN = 3;
    public static final int DEFAULT_SUCCESSES_BEFORE_UP = 2;
    /** Each count is a whole interval a dead backend stays published (or a live one stays out): beyond 10 that is failover no more. */
    public static final int MAX_CONSECUTIVE = 10;

    /**
     * The port a liveness check asks for: TCP port 1 (tcpmux), which no onion service is known to
     * serve, so the backend's web server is never disturbed; a backend that does serve it answers
     * with a connection, which counts as up all the same.
     */
    public static final int LIVENESS_PORT = 1;

    /** A check configured with {@code health-check:}: a connection to the port, and the HTTP status with a path. */
    public HealthCheckSettings(int port, Optional<String> httpPath, HttpStatusRange expectStatus, Duration interval,
                               Duration timeout, int failuresBeforeDown, int successesBeforeUp) {
        this(port, httpPath, expectStatus, interval, timeout, failuresBeforeDown, successesBeforeUp, false);
    }

    public HealthCheckSettings {
        Objects.requireNonNull(httpPath, "httpPath");
        Objects.requireNonNull(expectStatus, "expectStatus");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        httpPath.ifPresent(HealthCheckSettings::checkPath);
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive");
        }
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("timeout (" + timeout.toSeconds() + " s) must not be longer than interval ("
                    + interval.toSeconds() + " s): checks of one backend would pile up");
        }
        checkCount(failuresBeforeDown, "failures-before-down");
        checkCount(successesBeforeUp, "successes-before-up");
        if (liveness && (port != LIVENESS_PORT || httpPath.isPresent())) {
            throw new IllegalArgumentException("a liveness check asks for port " + LIVENESS_PORT + " and no HTTP path");
        }
    }

    /**
     * The check a service gets without {@code health-check:} (issue 30): whether each backend's tor
     * still completes a rendezvous, at the same interval and counts as a configured check, so a
     * dead backend leaves the master within minutes instead of the hours its descriptor lives.
     */
    public static HealthCheckSettings liveness(boolean testNetwork) {
        HealthCheckSettings d = defaults(LIVENESS_PORT, testNetwork);
        return new HealthCheckSettings(LIVENESS_PORT, Optional.empty(), d.expectStatus(), d.interval(), d.timeout(),
                d.failuresBeforeDown(), d.successesBeforeUp(), true);
    }

    /** The defaults for a backend port: a connection check. */
    public static HealthCheckSettings defaults(int port, boolean testNetwork) {
        return new HealthCheckSettings(port, Optional.empty(), HttpStatusRange.DEFAULT,
                testNetwork ? TEST_NETWORK_INTERVAL : PUBLIC_INTERVAL, testNetwork ? TEST_NETWORK_TIMEOUT : PUBLIC_TIMEOUT,
                DEFAULT_FAILURES_BEFORE_DOWN, DEFAULT_SUCCESSES_BEFORE_UP);
    }

    /** An origin-form request target (RFC 9110 §7.1): starts with '/', printable ASCII without spaces. */
    static void checkPath(String path) {
        if (!path.startsWith("/") || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("an HTTP path must start with '/' and hold no spaces or non-ASCII characters, not '"
                    + path + "'");
        }
    }

    private static void checkCount(int n, String what) {
        if (n < 1 || n > MAX_CONSECUTIVE) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_CONSECUTIVE + ", not " + n);
        }
    }
}
