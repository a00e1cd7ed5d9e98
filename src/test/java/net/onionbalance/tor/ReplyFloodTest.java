package net.onionbalance.tor;

import net.onionbalance.testsupport.LauncherJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A control port that answers with a reply of many short lines, under the fixed caps (1,000,000
 * lines, 64 MiB), to a controller in a JVM with the launcher's heap (48 MB). Before the reply was
 * bounded by the heap, the reader thread died of OutOfMemoryError, its handler of a second one,
 * and nothing reconnected (issue 30). Now the reply is refused as it arrives, the connection is
 * marked lost, and the controller reconnects and works. The peer is a small control-protocol
 * server in this test, not tor: tor never floods.
 */
@Timeout(180)
class ReplyFloodTest {
    /** 950,000 lines of 60 bytes: 57 MB on the wire, ~150 bytes of heap each as reply lines. */
    private static final int FLOOD_LINES = 950_000;

    @Test
    void aFloodUnderTheFixedCapsIsRefusedWithinTheLaunchersHeapAndTheControllerReconnects() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket s = server.accept();
                        int n = connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s, n == 1));
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            Process child = LauncherJvm.command(ReplyFloodChild.class.getName(), Integer.toString(server.getLocalPort())).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), out);
            assertEquals(0, child.exitValue(), out);
            assertTrue(out.contains("first call failed:") && out.contains("a reply holding more than"), out);
            assertTrue(out.contains("lost: ") && out.contains("internal=false"), "a refused reply is tor's fault, not ours: " + out);
            assertTrue(out.contains("reconnected"), out);
            assertTrue(out.contains("second answer: 0.4.8.10"), out);
            assertTrue(!out.contains("OutOfMemoryError"), out);
            assertEquals(2, connections.get(), out);
        }
    }

    /** control-spec as tor speaks it for what the controller sends; the first connection floods GETINFO. */
    private static void serve(Socket s, boolean flood) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = s.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply;
                if (line.startsWith("PROTOCOLINFO")) {
                    reply = "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250-VERSION Tor=\"0.4.8.10\"\r\n250 OK\r\n";
                } else if (line.startsWith("GETINFO version") && flood) {
                    byte[] chunk = ("250-" + "x".repeat(54) + "\r\n").repeat(1000).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < FLOOD_LINES / 1000; i++) {
                        out.write(chunk);
                    }
                    reply = "250 OK\r\n";
                } else if (line.startsWith("GETINFO version")) {
                    reply = "250-version=0.4.8.10\r\n250 OK\r\n";
                } else {
                    reply = "250 OK\r\n";
                }
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException hungUp) {
            // the controller closed the connection (after refusing the flood)
        }
    }
}
