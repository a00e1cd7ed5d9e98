package net.onionbalance.tor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SOCKS pieces that need no tor: reply names, listener parsing, request bytes, and a peer that is not tor. */
class SocksPartsTest {
    @Test
    void replyCodesAreNamedForOperators() {
        assertEquals(Optional.of(SocksReply.ONION_INTRO_FAILED), SocksReply.of(0xF2));
        assertEquals("intro failed", SocksReply.ONION_INTRO_FAILED.text());
        assertEquals("rendezvous failed", SocksReply.of(0xF3).orElseThrow().text());
        assertEquals("connection refused by the backend", SocksReply.of(0x05).orElseThrow().text());
        assertEquals("0xf7 intro timed out", SocksReply.ONION_INTRO_TIMED_OUT.toString());
        for (int code = 0xF0; code <= 0xF7; code++) {
            assertTrue(SocksReply.of(code).orElseThrow().isOnionServiceFailure(), Integer.toHexString(code));
        }
        assertFalse(SocksReply.HOST_UNREACHABLE.isOnionServiceFailure());
        assertTrue(SocksReply.HOST_UNREACHABLE.isGenericOnionFallback());
        assertEquals(Optional.empty(), SocksReply.of(0xF8));
        assertTrue(new SocksRefusedException(0xF8, "x.onion:80").getMessage().contains("unknown SOCKS reply (SOCKS reply 0xf8)"));
    }

    @Test
    void listenersAsGetinfoWritesThem() throws Exception {
        List<SocksListener> l = SocksListener.parseAll("\"127.0.0.1:9050\" \"[::1]:9150\" \"unix:/run/tor/socks\"");
        assertEquals(3, l.size());
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 9050)), l.get(0).tcpAddress());
        assertEquals(Optional.of(new InetSocketAddress("::1", 9150)), l.get(1).tcpAddress());
        assertTrue(l.get(2).isUnixSocket());
        assertEquals(Optional.empty(), l.get(2).tcpAddress());
        assertEquals(List.of(), SocksListener.parseAll(""), "SocksPort 0");
    }

    @Test
    void requestsAreTheRfcBytes() {
        // RFC 1929 §2: VER=1 ULEN UNAME PLEN PASSWD.
        assertArrayEquals(new byte[] {1, 2, 'a', 'b', 1, 'x'}, Socks5Client.authRequest(new SocksCredentials("ab", "x")));
        // RFC 1928 §4: VER=5 CMD=CONNECT RSV ATYP=DOMAINNAME len name port(big-endian).
        assertArrayEquals(new byte[] {5, 1, 0, 3, 3, 'a', '.', 'b', 0x1F, (byte) 0x90},
                Socks5Client.connectRequest(new byte[] {'a', '.', 'b'}, 8080));
        assertThrows(IllegalArgumentException.class, () -> new SocksCredentials("", "x"));
        assertThrows(IllegalArgumentException.class, () -> new SocksCredentials("u".repeat(256), "x"));
        assertFalse(SocksCredentials.isolated("t").username().equals(SocksCredentials.isolated("t").username()));
    }

    /** Not tor: a local peer that accepts and stays silent, or answers as SOCKS4 — the client must not hang or misread. */
    @Test
    void aSilentOrWrongPeerEndsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept(); InputStream in = s.getInputStream()) {
                    in.readAllBytes();
                } catch (IOException ignored) {
                    // the client gave up
                }
            });
            t.start();
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> Socks5Client.connect(s,
                        new InetSocketAddress("127.0.0.1", silent.getLocalPort()), "x.onion", 80, SocksCredentials.isolated("t"),
                        Duration.ofMillis(300)));
                assertTrue(e.getMessage().contains("x.onion:80: no answer within 300 ms (waiting for the SOCKS method choice)"), e.getMessage());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2000, "gave up after " + ms + " ms");
        }
        try (ServerSocket socks4 = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = socks4.accept()) {
                    s.getInputStream().readNBytes(3);
                    s.getOutputStream().write(new byte[] {0, 0x5A});
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the client closed
                }
            });
            t.start();
            try (Socket s = new Socket()) {
                SocksProtocolException e = assertThrows(SocksProtocolException.class, () -> Socks5Client.connect(s,
                        new InetSocketAddress("127.0.0.1", socks4.getLocalPort()), "x.onion", 80, SocksCredentials.isolated("t"),
                        Duration.ofSeconds(2)));
                assertTrue(e.getMessage().contains("not a SOCKS5 server"), e.getMessage());
            }
        }
    }
}
