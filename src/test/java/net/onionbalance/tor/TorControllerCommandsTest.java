package net.onionbalance.tor;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.testsupport.TorProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed commands against one real tor ({@code DisableNetwork 1}) shared by the class. */
class TorControllerCommandsTest {
    /** A valid v3 address from tor's own tests (src/test/test_hs_common.c test_build_address). */
    private static final String ADDRESS = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid";
    private static final RelayFingerprint NO_SUCH_RELAY = new RelayFingerprint("14A2A6B29E6C7A9A8B3D6A0C3B0E6F6D7A8B9C0D");

    private static TorProcess tor;
    private static TorController controller;
    private static final LinkedBlockingQueue<TorEvent> events = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startTor() throws Exception {
        tor = TorProcess.builder().unixControlSocket().torrc("CookieAuthentication 1").start();
        controller = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", tor.controlPort())));
        controller.addListener(events::add);
    }

    @AfterAll
    static void stopTor() {
        if (controller != null) {
            controller.close();
        }
        if (tor != null) {
            tor.close();
        }
    }

    @Test
    void getInfoSingleAndSeveralKeys() throws Exception {
        String version = controller.getInfo("version");
        assertEquals(controller.torVersion(), TorVersion.parse(version), "GETINFO version agrees with PROTOCOLINFO");
        Map<String, String> two = controller.getInfo(List.of("version", "status/bootstrap-phase"));
        assertEquals(List.of("version", "status/bootstrap-phase"), List.copyOf(two.keySet()));
        assertTrue(two.get("status/bootstrap-phase").contains("BOOTSTRAP PROGRESS="), two.toString());
    }

    @Test
    void microdescriptorsOfRelaysTorHasNoneForAreLeftOutNotAnError() throws Exception {
        // With DisableNetwork tor has no consensus, so no relay has a microdescriptor: tor answers
        // 552 Unrecognized key "md/id/<fp>" for each, and the client drops them and asks for the rest.
        RelayFingerprint other = new RelayFingerprint("A".repeat(40));
        assertEquals(Map.of(), controller.microdescriptors(List.of(NO_SUCH_RELAY, other)));
        assertEquals(Map.of(), controller.microdescriptors(List.of()));
        // More relays than one GETINFO carries: every batch goes the same way.
        List<RelayFingerprint> many = new java.util.ArrayList<>();
        for (int i = 0; i < TorController.MICRODESCS_PER_GETINFO + 3; i++) {
            many.add(new RelayFingerprint(String.format("%040X", i)));
        }
        assertEquals(Map.of(), controller.microdescriptors(many));
    }

    @Test
    void getInfoDataBlock() throws Exception {
        // config-text comes back as a "250+" data block holding our torrc, one option per line.
        String text = controller.getInfo("config-text");
        assertTrue(text.lines().anyMatch(l -> l.equals("DataDirectory " + tor.dataDirectory())), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("DisableNetwork 1")), text);
    }

    @Test
    void getInfoErrorsCarryTorsCodeAndText() {
        ControlReplyException e = assertThrows(ControlReplyException.class, () -> controller.getInfo("no/such/key"));
        assertEquals(552, e.code());
        assertTrue(e.getMessage().contains("GETINFO no/such/key") && e.getMessage().contains("127.0.0.1:" + tor.controlPort()),
                e.getMessage());
        // With DisableNetwork tor has no consensus: a plain reply error (not TorTooOldException) on a current tor.
        ControlReplyException noConsensus = assertThrows(ControlReplyException.class,
                () -> controller.getInfo("dir/status-vote/current/consensus-microdesc"));
        assertEquals(551, noConsensus.code());
        assertThrows(IllegalArgumentException.class, () -> controller.getInfo("version\r\nSIGNAL HALT"));
    }

    @Test
    void getConfValues() throws Exception {
        assertEquals(List.of(tor.dataDirectory().toString()), controller.getConf("DataDirectory"));
        Map<String, List<String>> conf = controller.getConf(List.of("controlport", "Nickname"));
        assertEquals(List.of("127.0.0.1:auto", "unix:" + tor.controlSocket()), conf.get("controlport"));
        assertEquals(List.of(), conf.get("Nickname"), "unset option");
        assertEquals(552, assertThrows(ControlReplyException.class, () -> controller.getConf("NoSuchOption")).code());
    }

    @Test
    void setEventsThenSignalRoundTrip() throws Exception {
        controller.setEvents(EnumSet.of(EventType.SIGNAL, EventType.HS_DESC, EventType.HS_DESC_CONTENT, EventType.STATUS_CLIENT));
        events.clear();
        controller.signal(Signal.RELOAD);
        TorEvent e = nextOf(TorEvent.SignalEvent.class, Duration.ofSeconds(10));
        assertEquals(new TorEvent.SignalEvent("RELOAD"), e);
        controller.signal(Signal.ACTIVE);
        assertEquals(new TorEvent.SignalEvent("ACTIVE"), nextOf(TorEvent.SignalEvent.class, Duration.ofSeconds(10)));
        controller.signal(Signal.NEWNYM); // accepted; tor may rate-limit its SIGNAL event, so none is awaited
    }

    @Test
    void everyEventTypeIsKnownToTor() throws Exception {
        controller.setEvents(EnumSet.allOf(EventType.class));
        controller.setEvents(Set.of(EventType.SIGNAL));
        Set<String> torNames = Set.of(controller.getInfo("events/names").split(" "));
        for (EventType t : EventType.values()) {
            assertTrue(torNames.contains(t.name()), t + " missing from tor's events/names " + torNames);
        }
    }

    @Test
    void hsFetch() throws Exception {
        controller.hsFetch(OnionAddress.parse(ADDRESS + ".onion"), List.of());
        ControlReplyException e = assertThrows(ControlReplyException.class, () -> controller.hsFetch(OnionAddress.parse(ADDRESS), List.of(NO_SUCH_RELAY)));
        assertEquals(552, e.code());
        assertTrue(e.text().contains(NO_SUCH_RELAY.hex()) && e.text().contains("not found"), e.text());
    }

    @Test
    void hsPost() throws Exception {
        ControlReplyException e = assertThrows(ControlReplyException.class,
                () -> controller.hsPost("hs-descriptor 3\n.a line starting with a dot\n", List.of(), OnionAddress.parse(ADDRESS)));
        assertEquals(554, e.code(), "tor parsed the whole data block and rejected the descriptor");
        assertTrue(e.getMessage().contains("+HSPOST HSADDRESS=" + ADDRESS), e.getMessage());
        e = assertThrows(ControlReplyException.class, () -> controller.hsPost("hs-descriptor 3\n", List.of(NO_SUCH_RELAY), OnionAddress.parse(ADDRESS)));
        assertEquals(552, e.code());
        // The connection is still in step: the next command gets its own answer.
        assertNotNull(controller.getInfo("version"));
    }

    @Test
    void unixSocketConnection() throws Exception {
        try (TorController overUnix = TorController.open(ControlSettings.of(new ControlEndpoint.Unix(tor.controlSocket())))) {
            assertEquals(controller.getInfo("version"), overUnix.getInfo("version"));
            assertEquals(new ControlEndpoint.Unix(tor.controlSocket()), overUnix.endpoint());
        }
    }

    @Test
    void fallsBackToTheNextEndpoint() throws Exception {
        var missingSocket = new ControlEndpoint.Unix(tor.directory().resolve("no-such.sock"));
        var tcp = new ControlEndpoint.Tcp("127.0.0.1", tor.controlPort());
        try (TorController c = TorController.open(ControlSettings.of(missingSocket, tcp))) {
            assertEquals(tcp, c.endpoint());
        }
    }

    @Test
    void nothingListening() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ControlConnectionLostException e = assertThrows(ControlConnectionLostException.class,
                () -> TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", port))));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("is tor running"), e.getMessage());
    }

    @Test
    void silentPeerTimesOut() throws Exception {
        // Not tor: a listener that accepts and never answers, to show that no call can hang.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = s.accept()) {
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException ignored) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long t0 = System.nanoTime();
            ControlTimeoutException e = assertThrows(ControlTimeoutException.class, () -> TorController.open(
                    ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", s.getLocalPort())).withCommandTimeout(Duration.ofMillis(300))));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 3_000, "gave up after " + ms + " ms");
            assertTrue(e.getMessage().contains("did not answer PROTOCOLINFO within 300 ms"), e.getMessage());
            acceptor.interrupt();
        }
    }

    static <T extends TorEvent> T nextOf(Class<T> type, Duration within) throws InterruptedException {
        return nextOf(events, type, within);
    }

    static <T extends TorEvent> T nextOf(LinkedBlockingQueue<TorEvent> queue, Class<T> type, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            TorEvent e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + within);
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Test
    void eventListenerExceptionsDoNotStopDelivery() throws Exception {
        controller.setEvents(EnumSet.of(EventType.SIGNAL));
        controller.addListener(ev -> {
            throw new IllegalStateException("listener bug");
        });
        events.clear();
        controller.signal(Signal.RELOAD);
        assertInstanceOf(TorEvent.SignalEvent.class, nextOf(TorEvent.SignalEvent.class, Duration.ofSeconds(10)));
        controller.signal(Signal.RELOAD);
        assertInstanceOf(TorEvent.SignalEvent.class, nextOf(TorEvent.SignalEvent.class, Duration.ofSeconds(10)));
    }
}
