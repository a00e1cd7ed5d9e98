package net.onionbalance.crypto;

import net.onionbalance.cli.CommandTree;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Done-when test of the key files: a real tor generates a v3 service key at start-up (also with
 * DisableNetwork 1), and our reading of its hs_ed25519_secret_key gives the address in its hostname file.
 * Loopback only: the network is disabled and no port is opened.
 */
class TorGeneratedKeyTest {
    private static final Path TOR = Path.of("/usr/bin/tor");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ourAddressOfTorsKeyEqualsTorsHostname(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(TOR)) {
            System.err.println("SKIPPED: tor not installed (" + TOR + " missing)");
            Assumptions.abort("SKIPPED: tor not installed (" + TOR + " missing)");
        }
        Path data = tmp.resolve("data");
        Path hs = tmp.resolve("hs");
        Path torrc = tmp.resolve("torrc");
        Files.writeString(torrc, String.join("\n",
                "DataDirectory " + data,
                "DisableNetwork 1",
                "SocksPort 0",
                "ControlPort 0",
                "Log notice file " + tmp.resolve("tor.log"),
                "HiddenServiceDir " + hs,
                "HiddenServicePort 80 127.0.0.1:9",
                ""));
        Process tor = new ProcessBuilder(TOR.toString(), "-f", torrc.toString(),
                "--defaults-torrc", tmp.resolve("nonexistent-defaults").toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("tor.stdout").toFile())
                .start();
        Path hostname = hs.resolve("hostname");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(hostname) && Files.size(hostname) > 0)) {
                if (!tor.isAlive()) {
                    throw new AssertionError("tor exited with " + tor.exitValue() + " before writing " + hostname
                            + ":\n" + Files.readString(tmp.resolve("tor.stdout")));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("tor wrote no " + hostname + " within 60 s:\n"
                            + Files.readString(tmp.resolve("tor.stdout")));
                }
                Thread.sleep(100);
            }
        } finally {
            tor.destroy();
            if (!tor.waitFor(10, TimeUnit.SECONDS)) {
                tor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String torsAddress = Files.readString(hostname).strip();

        IdentityKey key = KeyFiles.load(hs.resolve("hs_ed25519_secret_key"));
        assertEquals(KeyFormat.TOR_SECRET, key.format());
        assertEquals(torsAddress, key.onionAddress().withOnionSuffix());
        assertEquals(torsAddress, KeyFiles.inspect(hs.resolve("hs_ed25519_public_key")).onionAddress().withOnionSuffix());
        // A key tor generated signs, blinds and verifies with our code.
        var tp = TimePeriod.containing(java.time.Instant.now());
        var blinded = KeyBlinding.blindSecretKey(key.secretKey(), tp);
        assertEquals(KeyBlinding.blindPublicKey(key.publicKey(), tp), blinded.publicKey());
        assertTrue(blinded.publicKey().verify(new byte[] {42}, blinded.sign(new byte[] {42})));

        var out = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("key", "info", hs.resolve("hs_ed25519_secret_key").toString()));
        assertTrue(out.toString().contains("address: " + torsAddress), out.toString());
        assertTrue(out.toString().contains("tor hs_ed25519_secret_key"), out.toString());
    }
}
