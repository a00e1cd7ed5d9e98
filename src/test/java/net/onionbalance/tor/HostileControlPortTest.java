package net.onionbalance.tor;

import net.onionbalance.io.InputLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Something that is not a well-behaved tor on the control port: a reply that never ends, and
 * a failure inside the reader thread. Either way the connection is marked lost (so the
 * controller reconnects) instead of the reader dying and every later command timing out.
 * The peer here is deliberately not tor: tor never floods.
 */
@Timeout(60)
class HostileControlPortTest {
    @Test
    void aReplyOverTheLineOrByteLimitIsAProtocolError() {
        ReplyReader lines = new ReplyReader(new ByteArrayInputStream("250-a\r\n250-b\r\n250-c\r\n250 OK\r\n"
                .getBytes(StandardCharsets.US_ASCII)), 3, 1 << 20);
        var e = assertThrows(ControlProtocolException.class, lines::read);
        assertTrue(e.getMessage().contains("a reply of more than 3 lines"), e.getMessage());
        ReplyReader data = new ReplyReader(new ByteArrayInputStream(("250+x=\r\n" + "y".repeat(200) + "\r\n.\r\n250 OK\r\n")
                .getBytes(StandardCharsets.US_ASCII)), 1000, 100);
        e = assertThrows(ControlProtocolException.class, data::read);
        assertTrue(e.getMessage().contains("a reply holding more than 100 bytes of memory"), e.getMessage());
    }

    @Test
    void aDataBlockCostsItsBytesAndNonLatin1TextTwice() throws Exception {
        // 3 data lines of 10 bytes, joined by 2 newlines: 32 bytes, plus 2 reply lines.
        String wire = "250+x=\r\n" + "a".repeat(10) + "\r\n" + "b".repeat(10) + "\r\n" + "c".repeat(10) + "\r\n.\r\n250 OK\r\n";
        long fits = 2L * InputLimits.CONTROL_LINE_HEAP_OVERHEAD + 2 + 2 + 32;
        ReplyReader ok = new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), 2, fits);
        assertEquals(java.util.Optional.of("a".repeat(10) + "\n" + "b".repeat(10) + "\n" + "c".repeat(10)), ok.read().first().data());
        var e = assertThrows(ControlProtocolException.class, () -> new ReplyReader(new ByteArrayInputStream(
                wire.getBytes(StandardCharsets.UTF_8)), 2, fits - 1).read());
        assertTrue(e.getMessage().contains("more than " + (fits - 1) + " bytes"), e.getMessage());
        String greek = wire.replace("c".repeat(10), "\u03b1".repeat(5));
        e = assertThrows(ControlProtocolException.class, () -> new ReplyReader(new ByteArrayInputStream(
                greek.getBytes(StandardCharsets.UTF_8)), 2, fits).read());
        assertTrue(e.getMessage().contains("more than " + fits + " bytes"), "a UTF-16 string takes two bytes a character: " + e.getMessage());
    }

    @Test
    void aStatusCodeBelow100IsAProtocolError() {
        // Found by ControlReplyFuzzTest: "050 OK" escaped as IllegalArgumentException.
        ReplyReader r = new ReplyReader(new ByteArrayInputStream("050 OK\r\n".getBytes(StandardCharsets.US_ASCII)));
        var e = assertThrows(ControlProtocolException.class, r::read);
        assertTrue(e.getMessage().contains("status code 050"), e.getMessage());
    }

    @Test
    void aFloodOfReplyLinesEndsTheConnectionAsLost() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    s.getInputStream().read();
                    byte[] line = "250-flood\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                    while (true) {
                        out.write(line);
                    }
                } catch (IOException expected) {
                    // we hung up on it
                }
            });
            peer.setDaemon(true);
            peer.start();
            CompletableFuture<String> lost = new CompletableFuture<>();
            try (ControlConnection c = ControlConnection.open(new ControlEndpoint.Tcp("127.0.0.1", server.getLocalPort()),
                    Duration.ofSeconds(5), r -> { }, (conn, why) -> lost.complete(why))) {
                var e = assertThrows(ControlConnectionLostException.class,
                        () -> c.call("GETINFO version", "GETINFO version", Duration.ofSeconds(30)));
                // 96 bytes of memory per line (InputLimits.CONTROL_LINE_HEAP_OVERHEAD) reach 64 MiB before 1,000,000 lines.
                assertTrue(e.getMessage().contains("a reply holding more than " + InputLimits.controlReplyHeapBytes() + " bytes"), e.getMessage());
                assertTrue(lost.get(10, TimeUnit.SECONDS).contains("a reply holding more than"));
            }
        }
    }

    @Test
    void anErrorInTheReaderThreadMarksTheConnectionLost() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("650 CIRC 1 LAUNCHED\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read(); // stay connected until the client hangs up
                } catch (IOException expected) {
                    // closed
                }
            });
            peer.setDaemon(true);
            peer.start();
            CompletableFuture<String> lost = new CompletableFuture<>();
            try (ControlConnection c = ControlConnection.open(new ControlEndpoint.Tcp("127.0.0.1", server.getLocalPort()),
                    Duration.ofSeconds(5), r -> { throw new OutOfMemoryError("simulated"); }, (conn, why) -> lost.complete(why))) {
                String why = lost.get(10, TimeUnit.SECONDS);
                assertTrue(why.contains("OutOfMemoryError"), why);
                assertTrue(new TorEvent.ConnectionLost(why).internalError(), "the engine counts it as an internal error: " + why);
                assertEquals(false, c.isOpen());
                var e = assertThrows(ControlConnectionLostException.class,
                        () -> c.call("GETINFO version", "GETINFO version", Duration.ofSeconds(30)));
                assertTrue(e.getMessage().contains("lost"), e.getMessage());
            }
        }
    }
}
