package net.onionbalance.status;

import net.onionbalance.cli.Main;
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
            var cl = Main.newCommandLine();
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute("status", "--json", "--socket", sock.toString()));
            assertEquals(doc + System.lineSeparator(), out.toString());

            var table = new StringWriter();
            cl = Main.newCommandLine();
            cl.setOut(new PrintWriter(table));
            assertEquals(0, cl.execute("status", "--socket", sock.toString()));
            String t = table.toString();
            assertTrue(t.contains("service " + master.withOnionSuffix()), t);
            assertTrue(t.contains(seen.withOnionSuffix()) && t.contains("2026-11-25 10:11:12"), t);
            assertTrue(t.contains("last publish attempt 2026-11-25 10:11:15"), t);
        }
        assertFalse(Files.exists(sock), "socket removed on close");
    }

    @Test
    void staleSocketFileIsReplacedButALiveOneIsRefused(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("control");
        try (var first = StatusSocketServer.start(sock, () -> "{}")) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> StatusSocketServer.start(sock, () -> "{}"));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        Files.writeString(sock, "left over by a crash");
        try (var again = StatusSocketServer.start(sock, () -> "{\"services\": []}")) {
            assertEquals("{\"services\": []}", net.onionbalance.cli.StatusCommandAccess.read(sock));
        }
    }

    @Test
    void statusCommandExplainsAMissingSocket(@TempDir Path dir) {
        var err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("status", "--socket", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("status-socket-location"), err.toString());
    }
}
