package net.onionbalance.cli;

import net.onionbalance.config.BalancerConfig;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.doc.keys.KeyBundle;
import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.OfflineKeySplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code key offline}, {@code key info} on a bundle, and the wizard's {@code --offline-key}. */
class KeyOfflineCommandTest {
    private static KeyCommandTest.Run run(String... args) {
        return KeyCommandTest.run(args);
    }

    @Test
    void aBundleFromBothKeyFormatsCoversTheDaysAskedFor(@TempDir Path dir) throws Exception {
        for (KeyFormat format : new KeyFormat[] {KeyFormat.PEM_PKCS8, KeyFormat.TOR_SECRET}) {
            IdentityKey key = IdentityKey.generate(new SecureRandom(), format);
            Path keyFile = dir.resolve("master-" + format);
            KeyFiles.write(keyFile, key, false);
            Path bundle = dir.resolve("b-" + format);
            var r = run("key", "offline", "--key", keyFile.toString(), "--output", bundle.toString(), "--start", "2026-12-07",
                    "--days", "30");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("address: " + key.onionAddress().withOnionSuffix()), r.out());
            KeyBundle b = ServiceKeys.loadBundle(bundle);
            // At 2026-12-07 00:00 UTC the current-period descriptor is for the period that began 2026-12-06
            // 12:00; 30 days on, at 2027-01-06 00:00, the next-period one is for the period beginning at
            // 2027-01-06 12:00: 32 periods, and the bundle lets the balancer publish until 2027-01-07 00:00.
            assertEquals(Instant.parse("2026-12-06T12:00:00Z"), b.firstPeriod().start());
            assertEquals(Instant.parse("2027-01-07T12:00:00Z"), b.lastPeriod().end());
            assertEquals(32, b.periodCount());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)));
            var info = run("key", "info", bundle.toString());
            assertEquals(0, info.code(), info.err());
            assertTrue(info.out().contains("format:  offline key bundle (version 1)"), info.out());
            assertTrue(info.out().contains("periods: " + b.firstPeriod().number() + " .. " + b.lastPeriod().number()
                    + " (32 periods of 1440 minutes, 2026-12-06 12:00:00 .. 2027-01-07 12:00:00 UTC)"), info.out());
            assertTrue(info.out().contains("publishes until: 2027-01-07 00:00:00 UTC"), info.out());
            assertFalse(info.out().contains(Files.readString(bundle).lines().filter(l -> l.startsWith("period ")).findFirst()
                    .orElseThrow().split(" ")[2]), "no secret shown");
            var again = run("key", "offline", "--key", keyFile.toString(), "--output", bundle.toString());
            assertEquals(1, again.code());
            assertTrue(again.err().contains("already exists"), again.err());
        }
    }

    @Test
    void badArgumentsAreRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("m.key");
        KeyFiles.write(keyFile, IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8), false);
        var r = run("key", "offline", "--key", keyFile.toString(), "--output", dir.resolve("x").toString(), "--start", "7 Dec");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--start: expected a UTC date like \"2026-12-07\""), r.err());
        r = run("key", "offline", "--key", keyFile.toString(), "--output", dir.resolve("x").toString(),
                "--time-period-length", "8", "--days", "30");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("a bundle holds at most 4096: ask for fewer days"), r.err());
        r = run("key", "offline", "--key", dir.resolve("none").toString(), "--output", dir.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("onionbalance key offline: key file " + dir.resolve("none")), r.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void theWizardAsksLastAndTakesYesNoOrItsDefault() throws Exception {
        for (var c : List.of(new Object[] {"maybe\ny\n", false, true}, new Object[] {"\n", true, true},
                new Object[] {"", false, false}, new Object[] {"n\n", true, false})) {
            var text = new StringWriter();
            boolean answer = OfflineKeySplit.ask(new BufferedReader(new StringReader((String) c[0])), new PrintWriter(text),
                    (Boolean) c[1]);
            assertEquals(c[2], answer, c[0] + " / default " + c[1] + ": " + text);
            assertTrue(text.toString().startsWith("Keep the master keys offline"), text.toString());
            assertEquals(((String) c[0]).startsWith("maybe"), text.toString().contains("Refused: "), text.toString());
        }
    }

    @Test
    void theWizardsOfflineKeyOptionLeavesOnlyABundleBesideConfigYaml(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        var r = run("config", "--no-interactive", "--output", out.toString(), "-n", "2", "--offline-key", "--bundle-days", "7");
        assertEquals(0, r.code(), r.err());
        BalancerConfig cfg = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        Path named = cfg.services().get(0).key();
        KeyBundle bundle = ServiceKeys.loadBundle(named);
        String address = bundle.onionAddress().toString();
        assertEquals(out.resolve(address + ".bundle").toAbsolutePath().normalize(), named.toAbsolutePath().normalize());
        assertFalse(Files.exists(out.resolve(address + ".key")), "the master key left config.yaml's folder");
        Path offlineKey = out.resolve("offline").resolve(address + ".key");
        assertEquals(bundle.onionAddress(), KeyFiles.load(offlineKey).onionAddress());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("offline"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(offlineKey)));
        String readme = Files.readString(out.resolve("offline/README.txt"));
        assertTrue(readme.contains("onionbalance key offline --key " + address + ".key --days 30"), readme);
        assertTrue(r.out().contains("Offline keys: the master keys are now in"), r.out());
        assertTrue(bundle.periodCount() >= 8 && bundle.periodCount() <= 9, "7 days of 1-day periods and the one in use: "
                + bundle.periodCount());
        assertTrue(bundle.gapFor(net.onionbalance.crypto.TimePeriod.containing(Instant.now().minus(java.time.Duration.ofHours(12))))
                .isEmpty(), "the current-period descriptor is covered now");
        assertTrue(!bundle.signsUntil().orElseThrow().isBefore(Instant.now().plus(java.time.Duration.ofDays(7))));
    }
}
