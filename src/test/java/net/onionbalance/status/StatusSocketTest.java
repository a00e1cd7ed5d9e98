package net.onionbalance.status;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusSocketTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant RECEIVED = Instant.parse("2026-11-25T10:11:12Z");
    private static final Instant MODIFIED = Instant.parse("2026-11-25T10:00:01Z");
    private static final Instant ATTEMPT = Instant.parse("2026-11-25T10:11:15Z");

    private static OnionAddress randomAddress() {
        return OnionAddress.of(Ed25519ExpandedSecretKey.generate(RNG).publicKey());
    }

    private final OnionAddress master = randomAddress();
    private final OnionAddress seen = randomAddress();
    private final OnionAddress missing = randomAddress();

    private EngineSnapshot snapshot() {
        var first = new DescriptorStatus(DescriptorSlot.FIRST, Optional.empty(), OptionalLong.of(7), Optional.of(ATTEMPT),
                Optional.empty(), List.of(), List.of(), "uploading");
        var second = DescriptorStatus.never(DescriptorSlot.SECOND);
        var i1 = new InstanceStatus("node1", seen, InstanceState.VALID, Optional.empty(), Optional.of(RECEIVED),
                Optional.of(MODIFIED), 3, Optional.of(RECEIVED));
        var i2 = new InstanceStatus("node2", missing, InstanceState.MISSING, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Optional.empty());
        var svc = new ServiceStatus(master, "published", List.of(first, second), List.of(i1, i2), List.of());
        return new EngineSnapshot(ATTEMPT, TorStatus.notConnected("test"), Optional.empty(), List.of(svc));
    }

    /** What onionbalance 0.2.x's status.py sends for the same state, produced by Python itself. */
    private String pythonReference() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python),
                "SKIPPED: /usr/bin/python3 not installed, cannot compare with Python's json.dumps");
        String script = "import json,sys\n"
                + "a=sys.argv\n"
                + "print(json.dumps({'services':[{'onionAddress':a[1]+'.onion',"
                + "'publishAttemptFirstDescriptor':'2026-11-25 10:11:15','publishAttemptSecondDescriptor':None,"
                + "'instances':[{'onionAddress':a[2]+'.onion','introSetModified':'2026-11-25 10:00:01',"
                + "'introPointsNum':3,'descriptorReceived':'2026-11-25 10:11:12'},"
                + "{'onionAddress':a[3]+'.onion','received':None}]}]}, sort_keys=True), end='')\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, master.toString(), seen.toString(), missing.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void documentIsByteForByteWhatPythonWrites() throws Exception {
        assertEquals(pythonReference(), StatusJson.render(snapshot()));
    }

    @Test
    void socketServesTheDocumentWithRestrictedModeAndStatusCommandReadsIt(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("control");
        String doc = StatusJson.render(snapshot());
        try (var server = StatusSocketServer.start(sock, () -> doc)) {
            var perms = Files.getPosixFilePermissions(sock);
            assertFalse(perms.contains(PosixFilePermission.OTHERS_READ), "socket not world-readable: " + perms);
            assertFalse(perms.contains(PosixFilePermission.OTHERS_WRITE), "socket not world-writable: " + perms);

            var out = new StringWriter();
            var cl = CommandTree.newCommandLine();
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute("status", "--json", "--socket", sock.toString()));
            assertEquals(doc + System.lineSeparator(), out.toString());

            var table = new StringWriter();
            cl = CommandTree.newCommandLine();
            cl.setOut(new PrintWriter(table));
            assertEquals(0, cl.execute("status", "--socket", sock.toString()));
            String t = table.toString();
            assertTrue(t.contains("service " + master.withOnionSuffix()), t);
            assertTrue(t.contains(seen.toString() + " "), "the instance, in the table's 80 columns without .onion: " + t);
            assertTrue(t.contains("last publish attempt 2026-11-25 10:11:15"), t);
        }
        assertFalse(Files.exists(sock), "socket removed on close");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aClientThatNeverReadsIsDroppedAndTheNextOneIsServed(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("control");
        // Far more than a Unix socket buffers (a few hundred KB): the server must wait on the reader.
        String doc = "{\"services\": [" + "1, ".repeat(1_000_000) + "1]}";
        try (var server = StatusSocketServer.start(sock, () -> doc, java.time.Duration.ofMillis(500));
             var stuck = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock))) {
            Thread.sleep(100); // stuck is accepted first and reads nothing
            long t = System.nanoTime();
            String got = StatusReader.read(sock, java.time.Duration.ofSeconds(20), doc.length() + 1);
            double seconds = (System.nanoTime() - t) / 1e9;
            assertEquals(doc.length(), got.length(), "the second client got the whole document");
            assertTrue(seconds < 10, "served after " + seconds + " s, not after the stuck client gave up");
        }
    }

    @Test
    void staleSocketFileIsReplacedButALiveOneIsRefused(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("control");
        try (var first = StatusSocketServer.start(sock, () -> "{}")) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> StatusSocketServer.start(sock, () -> "{}"));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        // What a crash leaves: a socket file nobody listens on.
        var dead = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        dead.bind(java.net.UnixDomainSocketAddress.of(sock));
        dead.close();
        assertTrue(Files.exists(sock, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        try (var again = StatusSocketServer.start(sock, () -> "{\"services\": []}")) {
            assertEquals("{\"services\": []}", net.onionbalance.cli.StatusCommandAccess.read(sock));
        }
    }

    @Test
    void aRegularFileOrFolderAtTheSocketPathIsLeftAloneAndRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "the operator's notes");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> StatusSocketServer.start(file, () -> "{}"));
        assertTrue(e.getMessage().contains(file + ": it already exists and is a regular file, not a socket"), e.getMessage());
        assertEquals("the operator's notes", Files.readString(file));
        Path folder = Files.createDirectory(dir.resolve("empty"));
        e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> StatusSocketServer.start(folder, () -> "{}"));
        assertTrue(e.getMessage().contains("is a folder, not a socket"), e.getMessage());
        assertTrue(Files.isDirectory(folder));
    }

    /** A socket that sends {@code answer} slowly (one byte per {@code pauseMs}) or never, then hangs up. */
    private static Thread fakeSocket(Path sock, byte[] answer, long pauseMs, boolean hangUp) throws Exception {
        var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        server.bind(java.net.UnixDomainSocketAddress.of(sock));
        Thread t = new Thread(() -> {
            try (server; var c = server.accept()) {
                for (byte b : answer) {
                    if (pauseMs > 0) {
                        Thread.sleep(pauseMs);
                    }
                    c.write(java.nio.ByteBuffer.wrap(new byte[] {b}));
                }
                if (!hangUp) {
                    Thread.sleep(60_000);
                }
            } catch (Exception ignored) {
                // the client gave up
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int status(StringWriter out, StringWriter err, String... args) {
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void statusGivesUpOnASocketThatNeverAnswersOrTrickles(@TempDir Path dir) throws Exception {
        Path silent = dir.resolve("silent");
        fakeSocket(silent, new byte[0], 0, false);
        var err = new StringWriter();
        long start = System.nanoTime();
        assertEquals(1, status(new StringWriter(), err, "status", "--socket", silent.toString()));
        assertTrue(err.toString().contains("no complete answer within 5 s"), err.toString());
        Path slow = dir.resolve("slow");
        fakeSocket(slow, "{\"services\": []}".getBytes(StandardCharsets.US_ASCII), 1000, true);
        err = new StringWriter();
        assertEquals(1, status(new StringWriter(), err, "status", "--socket", slow.toString()));
        assertTrue(err.toString().contains("no complete answer"), err.toString());
        assertTrue(System.nanoTime() - start < 15_000_000_000L);
    }

    @Test
    void answersThatAreNotTheDocumentGetAOneLineErrorAndEscapesNeverReachTheTerminal(@TempDir Path dir) throws Exception {
        int k = 0;
        for (String answer : new String[] {"null", "[]", "{}", "{\"services\": null}", "{\"services\": [1]}",
                "{\"services\": [{\"onionAddress\": []}]}", "not json {", ""}) {
            Path sock = dir.resolve("s" + k++);
            fakeSocket(sock, answer.getBytes(StandardCharsets.UTF_8), 0, true);
            var out = new StringWriter();
            var err = new StringWriter();
            assertEquals(1, status(out, err, "status", "--socket", sock.toString()), answer);
            String e = err.toString();
            assertTrue(e.startsWith("onionbalance status: " + sock + " sent something that is not the status document: "), e);
            assertEquals(1, e.strip().lines().count(), e);
            assertFalse(e.contains("java.") || e.contains("Exception") || e.contains("LinkedHashMap"), e);
        }
        String evil = "{\"services\": [{\"onionAddress\": \"\\u001b[2J\\u001b]0;pwned\\u0007x.onion\", \"instances\": []}]}";
        Path sock = dir.resolve("evil");
        fakeSocket(sock, evil.getBytes(StandardCharsets.UTF_8), 0, true);
        var out = new StringWriter();
        assertEquals(0, status(out, new StringWriter(), "status", "--socket", sock.toString()));
        assertTrue(out.toString().contains("service ?[2J?]0;pwned?x.onion"), out.toString());
        Path raw = dir.resolve("raw");
        fakeSocket(raw, "{\"services\": [], \"x\": \"\u001b[2J\"}".getBytes(StandardCharsets.UTF_8), 0, true);
        out = new StringWriter();
        assertEquals(0, status(out, new StringWriter(), "status", "--json", "--socket", raw.toString()));
        assertFalse(out.toString().contains("\u001b"), out.toString());
        assertTrue(out.toString().contains("\\u001b[2J"), out.toString());
    }

    @Test
    void statusCommandExplainsAMissingSocket(@TempDir Path dir) {
        var err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("status", "--socket", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("status-socket-location"), err.toString());
    }
}
