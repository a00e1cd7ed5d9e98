package net.onionbalance.status;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.InternalErrors;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.io.InputLimits;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.testsupport.LauncherJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status document's cap against what a balancer really sends, and {@code onionbalance status}
 * run with the launcher's JVM flags (48 MB heap) against sockets that send more than a balancer
 * would: refused with exit 1 and a message, or parsed within that heap (issue 30: a 5-15 MB
 * document ran it out of memory in SnakeYAML's node tree).
 */
@Timeout(300)
class StatusDocumentSizeTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant T = Instant.parse("2026-11-25T10:11:12Z");

    @Test
    void aServiceOf120InstancesIsFarUnderTheCap() throws Exception {
        List<InstanceStatus> instances = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            instances.add(new InstanceStatus("node" + i, address(), InstanceState.VALID, Optional.empty(), Optional.of(T),
                    Optional.of(T), 20, Optional.of(T)));
        }
        var first = new DescriptorStatus(DescriptorSlot.FIRST, Optional.empty(), OptionalLong.of(7), Optional.of(T),
                Optional.empty(), List.of(), List.of(), "uploading");
        var svc = new ServiceStatus(address(), "published", List.of(first, DescriptorStatus.never(DescriptorSlot.SECOND)),
                instances, List.of());
        String doc = StatusJson.render(new EngineSnapshot(T, TorStatus.notConnected("test"), Optional.empty(), List.of(svc),
                new InternalErrors(3, Optional.of(T), Optional.of("x".repeat(300)))));
        int bytes = doc.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("status document, 1 service of 120 instances: %,d bytes; cap %,d bytes (%d such services)%n",
                bytes, InputLimits.STATUS_DOCUMENT_BYTES, InputLimits.STATUS_DOCUMENT_BYTES / bytes);
        assertTrue(bytes * 40L < InputLimits.STATUS_DOCUMENT_BYTES, bytes + " bytes");
        assertEquals(120, StatusDocument.parse(doc).services().get(0).instances().size());
    }

    @Test
    void withTheLaunchersHeapADocumentOverTheCapIsRefusedAndOneUnderItIsParsed(@TempDir Path dir) throws Exception {
        // 15 MB, under the old 16 MiB cap: the launcher's heap ran out parsing it.
        StringBuilder big = new StringBuilder("{\"services\": [{\"onionAddress\": \"x.onion\", \"instances\": [");
        while (big.length() < 15_000_000) {
            big.append("{\"onionAddress\": \"a.onion\", \"received\": null}, ");
        }
        big.append("{\"onionAddress\": \"a.onion\"}]}]}");
        Run over = status(dir, "over", big.toString());
        assertEquals(1, over.code, over.out);
        assertTrue(over.out.contains("refused what") && over.out.contains("more than " + InputLimits.STATUS_DOCUMENT_BYTES + " bytes"), over.out);
        assertEquals(1, over.out.strip().lines().count(), over.out);

        // Just under the cap, the most values it can hold: every one an instance the table shows.
        StringBuilder most = new StringBuilder("{\"services\": [{\"onionAddress\": \"x.onion\", \"instances\": [");
        int n = 0;
        while (most.length() < InputLimits.STATUS_DOCUMENT_BYTES - 100) {
            most.append("{\"onionAddress\":\"").append(n++ % 10).append("\"},");
        }
        most.append("{\"onionAddress\":\"z\"}]}]}");
        Run parsed = status(dir, "most", most.toString());
        assertEquals(0, parsed.code, parsed.out.substring(0, Math.min(2000, parsed.out.length())));
        assertEquals(n + 1 + 5, parsed.out.lines().count(), "a line per instance, 5 for the service (name, summary, 2 publish attempts, header)");

        // Values the table does not show are streamed past, never built into a tree.
        StringBuilder ignored = new StringBuilder("{\"services\": [], \"x\": [");
        while (ignored.length() < InputLimits.STATUS_DOCUMENT_BYTES - 100) {
            ignored.append("1,");
        }
        ignored.append("1]}");
        Run skipped = status(dir, "ignored", ignored.toString());
        assertEquals(0, skipped.code, skipped.out);

        Run deep = status(dir, "deep", "{\"x\": " + "[".repeat(InputLimits.STATUS_DOCUMENT_BYTES - 10));
        assertEquals(1, deep.code, deep.out);
        assertTrue(deep.out.contains("nests deeper than 10 levels"), deep.out);
    }

    private record Run(int code, String out) {}

    /** {@code onionbalance status --socket} in a JVM with the launcher's flags, against a socket that sends {@code doc}. */
    private static Run status(Path dir, String name, String doc) throws Exception {
        Path sock = dir.resolve(name);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try (server; SocketChannel c = server.accept()) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    c.write(b);
                }
            } catch (IOException hungUp) {
                // the client refused the document and closed
            }
        });
        t.setDaemon(true);
        t.start();
        Process p = LauncherJvm.command("net.onionbalance.cli.Main", "status", "--socket", sock.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return new Run(p.exitValue(), out);
    }

    private static OnionAddress address() {
        return OnionAddress.of(Ed25519ExpandedSecretKey.generate(RNG).publicKey());
    }
}
