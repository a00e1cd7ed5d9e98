package net.onionbalance.health;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.config.HttpStatusRange;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.SocksListener;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorControllerAccess;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SOCKS + HTTP checks against real tors on the private network, through its client tor's
 * SocksPort (ExtendedErrors, IsolateSOCKSAuth). Ordered: later tests stop backend 2's web server,
 * then its tor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthCheckNetworkTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(2);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static HealthTarget target(int backend, Optional<String> path, HttpStatusRange expect) {
        return new HealthTarget(OnionAddress.parse(NET.backend(backend).address()),
                new HealthCheckSettings(80, path, expect, TIMEOUT, TIMEOUT, 3, 2));
    }

    private static HealthTarget tcp(int backend) {
        return target(backend, Optional.empty(), HttpStatusRange.DEFAULT);
    }

    /** The check of a service without health-check: (HealthCheckSettings.liveness), at this test's timeout. */
    private static HealthTarget liveness(int backend) {
        HealthCheckSettings d = HealthCheckSettings.liveness(true);
        return new HealthTarget(OnionAddress.parse(NET.backend(backend).address()), new HealthCheckSettings(d.port(), Optional.empty(),
                d.expectStatus(), TIMEOUT, TIMEOUT, d.failuresBeforeDown(), d.successesBeforeUp(), true));
    }

    private static SocksHealthProbe clientProbe() {
        return new SocksHealthProbe(new InetSocketAddress(NET.host(), NET.socksPort()), Clock.systemUTC());
    }

    private static TorController control(int port) throws Exception {
        return TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(NET.host(), port)));
    }

    /** The first check after start may meet a descriptor still propagating: up to 3 tries, as fetchUntilOk does. */
    private static HealthResult firstSuccess(SocksHealthProbe probe, HealthTarget t) {
        HealthResult r = null;
        for (int i = 0; i < 3; i++) {
            r = probe.check(t);
            System.err.println("[health] " + r);
            if (r.isSuccess()) {
                return r;
            }
        }
        return r;
    }

    @Test
    @Order(1)
    void findsTheClientsSocksPortAndSaysWhenTorHasNone() throws Exception {
        try (TorController client = control(NET.clientControlPort())) {
            List<SocksListener> listeners = client.socksListeners();
            assertEquals(List.of(new SocksListener("127.0.0.1:" + NET.socksPort())), listeners);
            SocksPortChoice c = SocksPortChoice.find(client, Optional.empty());
            assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", NET.socksPort())), c.address());
        }
        try (SocksHealthProbe probe = clientProbe()) {
            assertEquals(Optional.of(true), probe.detectExtendedErrors(), "the client's SocksPort has ExtendedErrors: 0xF6");
        }
        try (TorController balancer = control(NET.controlPort())) {
            assertEquals(List.of(new SocksListener("127.0.0.1:" + NET.env("BALANCER_SOCKS_PORT"))), balancer.socksListeners(),
                    "the balancer's tor has a SocksPort for the health checks");
        }
        SocksPortChoice none = SocksPortChoice.choose(List.of());
        assertEquals(Optional.empty(), none.address());
        assertTrue(none.explanation().contains("has no SocksPort (SocksPort 0)"), none.explanation());
    }

    @Test
    @Order(2)
    void aLiveBackendIsUpWithItsLatency() {
        try (SocksHealthProbe probe = clientProbe()) {
            HealthResult connect = firstSuccess(probe, tcp(1));
            assertTrue(connect.isSuccess(), connect.toString());
            assertTrue(connect.latency().compareTo(Duration.ZERO) > 0 && connect.latency().compareTo(TIMEOUT) < 0, connect.toString());

            HealthResult http = firstSuccess(probe, target(1, Optional.of("/"), HttpStatusRange.DEFAULT));
            assertTrue(http.isSuccess(), http.toString());

            // No port (a service without health-check:): port 1, which the backend does not serve. Its tor
            // ends the stream after the rendezvous (END reason DONE), which a client sees as 0x05, not an F-code.
            long t = System.nanoTime();
            var unserved = org.junit.jupiter.api.Assertions.assertThrows(net.onionbalance.tor.SocksRefusedException.class, () -> {
                try (java.net.Socket sock = new java.net.Socket()) {
                    net.onionbalance.tor.Socks5Client.connect(sock, new InetSocketAddress(NET.host(), NET.socksPort()),
                            NET.backend(1).address() + ".onion", HealthCheckSettings.LIVENESS_PORT,
                            net.onionbalance.tor.SocksCredentials.isolated("liveness-test"), TIMEOUT);
                }
            });
            System.err.printf("[health] FIGURE a live backend asked for port %d, which it does not serve: SOCKS reply 0x%02x after %d ms%n",
                    HealthCheckSettings.LIVENESS_PORT, unserved.code(), (System.nanoTime() - t) / 1_000_000);
            assertEquals(0x05, unserved.code(), "connection refused: the stream ended by the backend's tor, no onion-service F-code");
            HealthResult liveness = firstSuccess(probe, liveness(1));
            assertTrue(liveness.isSuccess(), "a live backend with no matching port is up: " + liveness);

            HealthResult wrongStatus = probe.check(target(1, Optional.of("/"), new HttpStatusRange(500, 599)));
            System.err.println("[health] " + wrongStatus);
            assertEquals(FailureKind.HTTP, wrongStatus.failure().orElseThrow().kind(), wrongStatus.toString());
            assertEquals("HTTP 200 for /, expected 500-599", wrongStatus.failure().get().text());
        }
    }

    @Test
    @Order(3)
    void aStoppedWebServerBehindARunningTorIsRefusedByTheBackend() {
        try (SocksHealthProbe probe = clientProbe()) {
            assertTrue(firstSuccess(probe, tcp(2)).isSuccess(), "backend 2 answers before its web server stops");
            NET.stopHttp(2);
            try {
                for (HealthTarget t : List.of(tcp(2), target(2, Optional.of("/"), HttpStatusRange.DEFAULT))) {
                    HealthResult r = probe.check(t);
                    System.err.println("[health] web server stopped: " + r);
                    HealthFailure f = r.failure().orElseThrow(() -> new AssertionError("a check succeeded with the web server stopped"));
                    assertEquals(FailureKind.REFUSED_BY_BACKEND, f.kind(), f.text());
                    assertTrue(f.text().startsWith("connection refused by the backend"), f.text());
                }
                HealthResult alive = probe.check(liveness(2));
                System.err.println("[health] web server stopped, check without a port: " + alive);
                assertTrue(alive.isSuccess(), "its tor runs, which is all a check without a port asks: " + alive);
            } finally {
                NET.startHttp(2);
            }
            HealthResult back = firstSuccess(probe, tcp(2));
            assertTrue(back.isSuccess(), "up again once the web server runs: " + back);
        }
    }

    @Test
    @Order(4)
    void aStoppedBackendTorGivesANamedOnionServiceFailureAndTheCheckerMarksItDown() throws Exception {
        // A second SocksPort on the client tor without ExtendedErrors, to see what a tor without the flag says.
        InetSocketAddress plain;
        try (TorController client = control(NET.clientControlPort())) {
            TorControllerAccess.expectOk(client, "SETCONF SocksPort=\"127.0.0.1:" + NET.socksPort()
                    + " ExtendedErrors IsolateSOCKSAuth\" SocksPort=\"127.0.0.1:auto IsolateSOCKSAuth\"");
            List<SocksListener> listeners = client.socksListeners();
            assertEquals(2, listeners.size(), listeners.toString());
            plain = listeners.stream().map(l -> l.tcpAddress().orElseThrow()).filter(a -> a.getPort() != NET.socksPort())
                    .findFirst().orElseThrow();
        }
        try (SocksHealthProbe probe = clientProbe()) {
            assertTrue(firstSuccess(probe, tcp(2)).isSuccess(), "backend 2 answers before its tor stops");
        }

        // The engine's side, as it will be: results enqueued by the callback, folded on "its" thread (this one).
        LinkedBlockingQueue<HealthResult> queue = new LinkedBlockingQueue<>();
        HealthTarget one = new HealthTarget(OnionAddress.parse(NET.backend(1).address()),
                new HealthCheckSettings(80, Optional.of("/"), HttpStatusRange.DEFAULT, Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 2));
        HealthTarget two = new HealthTarget(OnionAddress.parse(NET.backend(2).address()), one.settings());
        Map<HealthTarget, HealthState> states = new HashMap<>();
        Instant start = Instant.now();
        states.put(one, HealthState.unknown(one, start));
        states.put(two, HealthState.unknown(two, start));

        NET.stopBackend(2);
        long stoppedAt = System.nanoTime();
        try (SocksHealthProbe probe = clientProbe()) {
            // Right after the stop an intro point may still ACK (it has not seen the service's circuit close) and
            // the rendezvous never comes: tor would wait SocksTimeout (120 s), the check times out. Such a check
            // fails too; the named code comes once tor learns the intro points are gone (2.8 s in a trial run).
            HealthFailure named = null;
            long budget = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            for (int i = 0; named == null && (i < 4 || System.nanoTime() < budget); i++) {
                HealthResult r = probe.check(tcp(2));
                System.err.println("[health] backend tor stopped, ExtendedErrors port: " + r);
                HealthFailure f = r.failure().orElseThrow(() -> new AssertionError("a check succeeded with the backend's tor stopped"));
                assertTrue(f.kind() == FailureKind.ONION_SERVICE || f.kind() == FailureKind.TIMEOUT, f.toString());
                named = f.kind() == FailureKind.ONION_SERVICE ? f : null;
            }
            HealthResult gone = probe.check(liveness(2));
            System.err.println("[health] backend tor stopped, check without a port: " + gone);
            HealthFailure lf = gone.failure().orElseThrow(() -> new AssertionError("a check without a port succeeded with the backend's tor stopped"));
            assertTrue(lf.kind() == FailureKind.ONION_SERVICE || lf.kind() == FailureKind.TIMEOUT, lf.toString());
            // On a loaded machine (CI) tor took longer than 4 checks to learn the intro points are gone; every
            // check until then timed out, which fails the backend just the same (asserted above).
            System.err.printf("[health] FIGURE onion-service code for the stopped backend after %.1f s%n",
                    (System.nanoTime() - stoppedAt) / 1e9);
            assertTrue(named != null, "tor named the failure within 150 s of the stop");
            assertTrue(named.socksReply().orElseThrow().isOnionServiceFailure(), named.toString());
            assertTrue(Set.of("descriptor not found", "intro failed", "rendezvous failed", "intro timed out").contains(named.text()),
                    named.text());
            assertEquals(Optional.of(true), probe.extendedErrors());
        }
        try (SocksHealthProbe plainProbe = new SocksHealthProbe(plain, Clock.systemUTC())) {
            assertEquals(Optional.of(false), plainProbe.detectExtendedErrors(), "0x01, not 0xF6, for an invalid address");
            // The new port's streams start from the same client state, but a check can still meet a
            // rendezvous that never comes (TIMEOUT); up to 3 tries for the code a tor without the flag gives.
            HealthFailure f = null;
            for (int i = 0; i < 3 && (f == null || f.kind() == FailureKind.TIMEOUT); i++) {
                HealthResult r = plainProbe.check(tcp(2));
                System.err.println("[health] backend tor stopped, port without ExtendedErrors: " + r);
                f = r.failure().orElseThrow(() -> new AssertionError("a check succeeded with the backend's tor stopped"));
            }
            assertEquals(FailureKind.SOCKS_GENERIC, f.kind(), f.text());
            assertTrue(f.text().contains("tor's SocksPort lacks ExtendedErrors"), f.text());
            // Without the flag too, an unserved port's end (0x05) is told apart from a dead backend (0x01/0x04).
            HealthResult alive = plainProbe.check(liveness(1));
            System.err.println("[health] live backend, check without a port, SocksPort without ExtendedErrors: " + alive);
            assertTrue(alive.isSuccess(), alive.toString());
            HealthResult dead = plainProbe.check(liveness(2));
            System.err.println("[health] backend tor stopped, check without a port, SocksPort without ExtendedErrors: " + dead);
            assertTrue(dead.failure().isPresent() && dead.failure().get().kind().blamesBackend(), dead.toString());
        }

        try (HealthChecker checker = new HealthChecker(clientProbe(), queue::add, HealthChecker.DEFAULT_MAX_IN_FLIGHT, Clock.systemUTC())) {
            long checkerStart = System.nanoTime();
            checker.update(Set.of(one, two));
            foldUntil(queue, states, Duration.ofSeconds(90),
                    () -> states.get(one).status() == HealthStatus.UP && states.get(two).status() == HealthStatus.DOWN);
            HealthState down = states.get(two);
            System.err.printf("[health] checker: backend 2 down %.1f s after the checker started (%.1f s after its tor stopped);"
                            + " last error: %s; backend 1 latencies %s %s%n", (System.nanoTime() - checkerStart) / 1e9,
                    (System.nanoTime() - stoppedAt) / 1e9, down.lastError().orElse("?"), states.get(one).recent(),
                    Sparkline.render(states.get(one).recent(), 20));
            assertTrue(down.downSince().isPresent());
            assertFalse(states.get(one).lastLatency().isEmpty());

            // It comes back by itself once its tor runs again (start-backend waits for its descriptor upload).
            NET.startBackend(2);
            long restarted = System.nanoTime();
            foldUntil(queue, states, Duration.ofSeconds(120), () -> states.get(two).status() == HealthStatus.UP);
            System.err.printf("[health] checker: backend 2 up again %.1f s after its descriptor upload; its states: %s %s%n",
                    (System.nanoTime() - restarted) / 1e9, states.get(two).recent(), Sparkline.render(states.get(two).recent(), 20));
            assertEquals(HealthStatus.UP, states.get(one).status(), "backend 1 stayed up throughout");
        }
    }

    /** The engine's part in miniature: take results off the queue and fold them, until the condition holds. */
    private static void foldUntil(LinkedBlockingQueue<HealthResult> queue, Map<HealthTarget, HealthState> states, Duration within,
                                  java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not reached within " + within.toSeconds() + " s: " + states.values());
            HealthResult r = queue.poll(1, TimeUnit.SECONDS);
            if (r != null) {
                HealthState.Step step = states.get(r.target()).apply(r);
                states.put(r.target(), step.state());
                System.err.println("[health] checker: " + r + step.transition().map(t -> "  => " + t).orElse(""));
            }
        }
    }
}
