package net.onionbalance.tor;

import net.onionbalance.testsupport.TorProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static net.onionbalance.tor.TorControllerCommandsTest.nextOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tor is killed (SIGKILL) and restarted on the same control port while the controller is
 * connected: the controller must report the loss once, reconnect by itself (with the new
 * cookie), subscribe again, and work as before.
 */
class TorControllerReconnectTest {
    private static final Backoff TEST_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void reconnectsOverTcpAfterTorIsKilledAndRestarted() throws Exception {
        killAndRestart(tor -> new ControlEndpoint.Tcp("127.0.0.1", tor.controlPort()), "TCP");
    }

    @Test
    void reconnectsOverAUnixSocketAfterTorIsKilledAndRestarted() throws Exception {
        killAndRestart(tor -> new ControlEndpoint.Unix(tor.controlSocket()), "Unix socket");
    }

    private static void killAndRestart(Function<TorProcess, ControlEndpoint> endpoint, String label) throws Exception {
        try (TorProcess tor = TorProcess.builder().unixControlSocket().torrc("CookieAuthentication 1").start()) {
            LinkedBlockingQueue<TorEvent> events = new LinkedBlockingQueue<>();
            ControlSettings settings = ControlSettings.of(endpoint.apply(tor)).withReconnectBackoff(TEST_BACKOFF)
                    .withCommandTimeout(Duration.ofSeconds(10));
            try (TorController c = TorController.open(settings)) {
                c.addListener(events::add);
                c.setEvents(EnumSet.of(EventType.SIGNAL));
                byte[] firstCookie = java.nio.file.Files.readAllBytes(tor.cookieFile());
                long firstPid = tor.pid();

                long killedAt = System.nanoTime();
                tor.kill();
                TorEvent.ConnectionLost lost = nextOf(events, TorEvent.ConnectionLost.class, Duration.ofSeconds(10));
                assertTrue(lost.reason().contains(settings.endpoints().get(0).toString()), lost.reason());
                assertFalse(c.isConnected());
                ControlConnectionLostException down = assertThrows(ControlConnectionLostException.class, () -> c.getInfo("version"));
                assertTrue(down.getMessage().contains("reconnecting"), down.getMessage());

                tor.restart();
                long restartedAt = System.nanoTime();
                assertNotEquals(firstPid, tor.pid());
                TorEvent.Reconnected back = nextOf(events, TorEvent.Reconnected.class, Duration.ofSeconds(15));
                long reconnectedAt = System.nanoTime();
                System.out.printf("reconnect over %s: %d ms after SIGKILL (tor down for %d ms), %d ms after the new tor listened;"
                                + " controller-measured outage %d ms%n", label,
                        TimeUnit.NANOSECONDS.toMillis(reconnectedAt - killedAt), TimeUnit.NANOSECONDS.toMillis(restartedAt - killedAt),
                        TimeUnit.NANOSECONDS.toMillis(reconnectedAt - restartedAt), back.outage().toMillis());
                assertEquals(settings.endpoints().get(0), back.endpoint());
                assertTrue(c.isConnected());
                assertFalse(java.util.Arrays.equals(firstCookie, java.nio.file.Files.readAllBytes(tor.cookieFile())),
                        "the restarted tor wrote a new cookie, which the controller had to read again");
                assertEquals(c.torVersion(), TorVersion.parse(c.getInfo("version")));

                // Re-subscribed: SIGNAL events arrive without calling setEvents again.
                c.signal(Signal.RELOAD);
                assertEquals(new TorEvent.SignalEvent("RELOAD"), nextOf(events, TorEvent.SignalEvent.class, Duration.ofSeconds(10)));
                // The loss was reported once.
                assertFalse(List.copyOf(events).stream().anyMatch(TorEvent.ConnectionLost.class::isInstance), events.toString());
            }
        }
    }

    @Test
    void closeStopsReconnecting() throws Exception {
        try (TorProcess tor = TorProcess.start("CookieAuthentication 1")) {
            LinkedBlockingQueue<TorEvent> events = new LinkedBlockingQueue<>();
            TorController c = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", tor.controlPort()))
                    .withReconnectBackoff(TEST_BACKOFF));
            c.addListener(events::add);
            tor.kill();
            assertInstanceOf(TorEvent.ConnectionLost.class, nextOf(events, TorEvent.ConnectionLost.class, Duration.ofSeconds(10)));
            c.close();
            tor.restart();
            Thread.sleep(1_500); // longer than the capped backoff: a live reconnector would have connected
            assertFalse(c.isConnected());
            assertTrue(events.stream().noneMatch(TorEvent.Reconnected.class::isInstance), events.toString());
            ControlConnectionLostException e = assertThrows(ControlConnectionLostException.class, () -> c.getInfo("version"));
            assertTrue(e.getMessage().contains("controller closed"), e.getMessage());
        }
    }
}
