package net.onionbalance.wizard;

import net.onionbalance.io.PrivateFiles;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.wizard.WizardTestSupport.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static net.onionbalance.wizard.WizardTestSupport.onionbalance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real tor (loopback only: DisableNetwork 1, no SocksPort, no ControlPort, no system torrc):
 * tor's own key imported with --key gives tor's hostname, and tor runs the bundles we write as they are.
 */
class TorBundleTest {
    private static final Path TOR = Path.of("/usr/bin/tor");

    @BeforeEach
    void needTor() {
        if (!Files.isExecutable(TOR)) {
            System.err.println("SKIPPED: tor not installed (" + TOR + " missing)");
            Assumptions.abort("SKIPPED: tor not installed (" + TOR + " missing)");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKeyImportedWithKeyGivesTheAddressInTorsHostname(@TempDir Path tmp) throws Exception {
        Path hs = tmp.resolve("tor-made-hs");
        try (Tor tor = Tor.start(tmp, "tor1", List.of("HiddenServiceDir " + hs, "HiddenServicePort 80 127.0.0.1:9"))) {
            tor.waitFor(t -> Files.exists(hs.resolve("hostname")) && size(hs.resolve("hostname")) > 0, "its hostname file");
        }
        String torsAddress = Files.readString(hs.resolve("hostname")).strip();
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--no-interactive", "--key", hs.resolve("hs_ed25519_secret_key").toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.toString());

        String keyFile = torsAddress.replace(".onion", "") + ".key";
        assertArrayEquals(Files.readAllBytes(hs.resolve("hs_ed25519_secret_key")), Files.readAllBytes(out.resolve(keyFile)),
                "tor's key is copied byte for byte, under the name onionbalance-config gives it");
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("  key: " + keyFile + "\n"));
        BalancerConfig config = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        assertEquals(torsAddress, KeyFiles.load(config.services().get(0).key()).onionAddress().withOnionSuffix());
        assertEquals("MasterOnionAddress " + torsAddress + "\n", Files.readString(out.resolve("srv1/onionbalance-srv1/ob_config")));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void torRunsAGeneratedBundleAndItsRotatedSuccessorSideBySide(@TempDir Path tmp) throws Exception {
        Path torhost = Files.createDirectory(tmp.resolve("var-lib-tor"));
        Files.setPosixFilePermissions(torhost, PrivateFiles.DIR_MODE);
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--no-interactive", "--output", out.toString(), "-n", "2", "--hs-dir-root", torhost.toString(),
                "--service-virtual-port", "80", "--service-target", "127.0.0.1:9");
        assertEquals(0, r.exitCode(), r.toString());
        Path config = out.resolve("config.yaml");
        new BundleRotation(BundleRotation.defaultLoader(), new SecureRandom())
                .rotate(config, new BundleRotation.Selection.Named(List.of("node1")));
        BalancerConfig loaded = BundleRotation.defaultLoader().load(config).config();
        String master = KeyFiles.load(loaded.services().get(0).key()).onionAddress().withOnionSuffix();

        // What README.txt tells the operator: the key folder goes under the HiddenServiceDir root, the torrc is included.
        for (String bundle : List.of("srv1", "srv1.v2")) {
            copyTree(out.resolve(bundle).resolve(DeploymentPlan.hsDirName(bundle)), torhost.resolve(DeploymentPlan.hsDirName(bundle)));
            // tor writes hostname from the key it loads: removing ours first makes tor's file the proof.
            Files.delete(torhost.resolve(DeploymentPlan.hsDirName(bundle)).resolve("hostname"));
        }
        try (Tor tor = Tor.start(tmp, "tor2", List.of("%include " + out.resolve("srv1/instance_torrc"),
                "%include " + out.resolve("srv1.v2/instance_torrc")))) {
            String registered = "MasterOnionAddress " + master + " registered";
            tor.waitFor(t -> t.log().contains(registered) && size(torhost.resolve("onionbalance-srv1/hostname")) > 0
                            && size(torhost.resolve("onionbalance-srv1.v2/hostname")) > 0,
                    "'" + registered + "' in its log and both hostname files");
            Thread.sleep(1000);
            assertTrue(tor.process.isAlive(), "tor keeps running with both bundles:\n" + tor.log());
            String log = tor.log();
            assertFalse(log.contains("[err]"), log);
            assertFalse(log.toLowerCase().contains("hidden service") && log.contains("[warn]") && log.contains("permission"), log);
        }
        List<InstanceConfig> instances = loaded.services().get(0).instances();
        assertEquals(List.of("node1", "node2", "node1-v2"), instances.stream().map(i -> i.name().orElseThrow()).toList());
        assertEquals(instances.get(0).address().withOnionSuffix(), Files.readString(torhost.resolve("onionbalance-srv1/hostname")).strip(),
                "tor's hostname for srv1 is the address config.yaml lists as node1");
        assertEquals(instances.get(2).address().withOnionSuffix(), Files.readString(torhost.resolve("onionbalance-srv1.v2/hostname")).strip(),
                "tor's hostname for srv1.v2 is the address config.yaml lists as node1-v2");
    }

    /**
     * The tutorial's "up to 60 instances" as the wizard writes them: one torrc that %includes every
     * bundle's instance_torrc, the key folders installed as README.txt says; tor --verify-config
     * accepts it. A control: the same torrc with one bundle's ob_config naming no master is refused,
     * so acceptance is tor reading the bundles, not a pass by default.
     */
    @ParameterizedTest(name = "-n {0} at {1} intro point(s) each")
    @CsvSource({"60, 2", "120, 1"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void torVerifiesATorrcIncludingEveryBundle(int n, int introPoints, @TempDir Path tmp) throws Exception {
        Path torhost = Files.createDirectory(tmp.resolve("var-lib-tor"));
        Files.setPosixFilePermissions(torhost, PrivateFiles.DIR_MODE);
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--output", out.toString(), "-n", Integer.toString(n), "--intro-points-per-instance",
                Integer.toString(introPoints), "--hs-dir-root", torhost.toString(), "--service-virtual-port", "80",
                "--service-target", "127.0.0.1:8080");
        assertEquals(0, r.exitCode(), r.toString());
        StringBuilder torrc = new StringBuilder("DataDirectory " + tmp.resolve("data") + "\nDisableNetwork 1\nSocksPort 0\n");
        for (int k = 1; k <= n; k++) {
            String bundle = "srv" + k;
            copyTree(out.resolve(bundle).resolve(DeploymentPlan.hsDirName(bundle)), torhost.resolve(DeploymentPlan.hsDirName(bundle)));
            torrc.append("%include ").append(out.resolve(bundle).resolve(InstanceBundle.TORRC)).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("torrc"), torrc.toString());
        Verified ok = verify(tmp, file);
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("Configuration was valid"), ok.output());
        assertEquals(n, Files.readString(file).lines().filter(l -> l.startsWith("%include ")).count());

        Files.writeString(torhost.resolve(DeploymentPlan.hsDirName("srv" + n)).resolve(InstanceBundle.OB_CONFIG), "MasterOnionAddress nothing\n");
        Verified broken = verify(tmp, file);
        assertTrue(broken.exit() != 0 && broken.output().contains("MasterOnionAddress nothing is invalid"),
                "a bundle with a broken ob_config is refused:\n" + broken.output());
    }

    private record Verified(int exit, String output) {}

    private static Verified verify(Path tmp, Path torrc) throws Exception {
        Path log = tmp.resolve("verify.out");
        Process p = new ProcessBuilder(TOR.toString(), "--verify-config", "-f", torrc.toString(), "--defaults-torrc",
                tmp.resolve("nonexistent").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("tor --verify-config did not finish in 240 s:\n" + Files.readString(log));
        }
        return new Verified(p.exitValue(), Files.readString(log));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** A tor with its own DataDirectory, no ports, no network, no system torrc. */
    private static final class Tor implements AutoCloseable {
        final Process process;
        final Path logFile;

        private Tor(Process process, Path logFile) {
            this.process = process;
            this.logFile = logFile;
        }

        static Tor start(Path tmp, String name, List<String> extra) throws IOException {
            Path data = tmp.resolve(name + "-data");
            Path torrc = tmp.resolve(name + ".torrc");
            Path log = tmp.resolve(name + ".log");
            StringBuilder b = new StringBuilder();
            for (String l : List.of("DataDirectory " + data, "DisableNetwork 1", "SocksPort 0", "ControlPort 0",
                    "Log notice file " + log, "Log notice stdout")) {
                b.append(l).append('\n');
            }
            extra.forEach(l -> b.append(l).append('\n'));
            Files.writeString(torrc, b.toString());
            Process p = new ProcessBuilder(TOR.toString(), "-f", torrc.toString(), "--defaults-torrc", tmp.resolve("nonexistent").toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".stdout").toFile()).start();
            return new Tor(p, tmp.resolve(name + ".stdout"));
        }

        String log() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile) : "";
            } catch (IOException e) {
                return "";
            }
        }

        void waitFor(Predicate<Tor> done, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!done.test(this)) {
                if (!process.isAlive()) {
                    throw new AssertionError("tor exited with " + process.exitValue() + " before " + what + ":\n" + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + " within 60 s:\n" + log());
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
