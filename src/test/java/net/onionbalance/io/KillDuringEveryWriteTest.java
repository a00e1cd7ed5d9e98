package net.onionbalance.io;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.io.AtomicFiles.Step;
import net.onionbalance.wizard.BundleRotation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 in the middle of every kind of file the program writes: config.yaml edits (the
 * console's instance add and remove, {@code client-auth add}, {@code bundle rotate}), key files
 * ({@code key new}, with and without {@code --force}; {@code key offline}), bundles ({@code bundle rotate}, the wizard
 * {@code onionbalance config}) and client keys ({@code client-auth add}: {@code .auth_private}
 * and {@code .auth}). A child JVM runs the real command and is stopped at a chosen step of the
 * chosen file's write ({@link KillPointChild}), then killed with SIGKILL. Afterwards every file
 * that was there is byte for byte and mode for mode what it was and loads in the program; no
 * target name holds a partial file; the only trace is a temporary named for its dead process,
 * which the next write into that folder removes.
 */
@Timeout(600)
class KillDuringEveryWriteTest {
    private static final String OTHER_BACKEND = "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd";
    private static final String CONFIG_MODE = "rw-r-----"; // not the writer's own 0600: a kept mode shows

    @TempDir
    Path dir;
    private Path deploy;
    private Path config;
    private OnionAddress master;
    private int kills;

    @BeforeEach
    void deployment() throws Exception {
        deploy = dir.resolve("deploy");
        cli("config", "--no-interactive", "-n", "2", "--output", deploy.toString());
        config = deploy.resolve("config.yaml");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString(CONFIG_MODE));
        master = KeyFiles.load(service().key()).onionAddress();
    }

    // --- config.yaml edits ---

    @Test
    void anInstanceAddKilledBeforeTheRenameLeavesTheOldConfig() throws Exception {
        Map<String, String> before = snapshot(deploy);
        byte[] old = Files.readAllBytes(config);
        for (Step step : List.of(Step.TEMP_CREATED, Step.HALF_WRITTEN, Step.WRITTEN)) {
            killAt("config.yaml", step, "add-instance", config.toString(), OTHER_BACKEND, "node9");
            assertEquals(before, snapshot(deploy), "after a kill at " + step);
            assertEquals(2, service().instances().size(), "the old config loads");
            // The killed write's temporary; the one an earlier kill left was removed by this write.
            List<Path> leftovers = leftovers(deploy);
            assertEquals(1, leftovers.size(), "after a kill at " + step + ": " + leftovers);
            assertTrue(leftovers.get(0).getFileName().toString().startsWith(".config.yaml.onionbalance-"), leftovers.toString());
            assertEquals("rw-------", mode(leftovers.get(0)), "a temporary is never readable by others");
        }
        // The next edit (the console's, in this JVM) cleans up, and keeps the operator's mode.
        new ConfigWriter(loader()).apply(config, List.of(new ConfigEdit.AddInstance(service().key(),
                InstanceConfig.of(OnionAddress.parse(OTHER_BACKEND), "node9"))));
        assertEquals(List.of(), leftovers(deploy));
        assertEquals(3, service().instances().size());
        assertEquals(CONFIG_MODE, mode(config));
        assertFalse(new String(old).contains(OTHER_BACKEND));
    }

    @Test
    void anInstanceAddKilledAfterTheRenameLeavesTheWholeNewConfig() throws Exception {
        killAt("config.yaml", Step.IN_PLACE, "add-instance", config.toString(), OTHER_BACKEND, "node9");
        assertEquals(3, service().instances().size());
        assertEquals(CONFIG_MODE, mode(config));
        assertEquals(List.of(), leftovers(deploy), "the rename consumed the temporary");
    }

    @Test
    void theBalancersStartRemovesTheTemporaryOfAKilledEdit() throws Exception {
        killAt("config.yaml", Step.WRITTEN, "add-instance", config.toString(), OTHER_BACKEND, "node9");
        assertEquals(1, leftovers(deploy).size());
        byte[] old = Files.readAllBytes(config);
        // Port 1: no tor there, so the run ends right after loading config.yaml (exit 1).
        var err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("--no-tui", "-c", config.toString(), "-i", "127.0.0.1", "-p", "1"), err.toString());
        assertEquals(List.of(), leftovers(deploy));
        assertTrue(java.util.Arrays.equals(old, Files.readAllBytes(config)));
    }

    @Test
    void anInstanceRemoveKilledLeavesTheOldConfig() throws Exception {
        Map<String, String> before = snapshot(deploy);
        String node2 = service().instances().get(1).address().toString();
        killAt("config.yaml", Step.WRITTEN, "remove-instance", config.toString(), node2);
        assertEquals(before, snapshot(deploy));
        assertEquals(2, service().instances().size());
        assertEquals(1, leftovers(deploy).size());
    }

    // --- client keys (and the config.yaml edit of a first client) ---

    @Test
    void aClientAuthAddKilledAtEachOfItsFilesLeavesNoPartOfOne() throws Exception {
        String[] add = {"cli", "client-auth", "add", "alice", "--service", master.withOnionSuffix(), "-c", config.toString()};
        Path privateFile = deploy.resolve("client-keys/alice/" + master + ClientAuthFiles.AUTH_PRIVATE_SUFFIX);
        Path authFile = deploy.resolve("authorized_clients/" + master + "/alice" + ClientAuthFiles.AUTH_SUFFIX);
        Map<String, String> before = snapshot(deploy);

        killAt(privateFile.getFileName().toString(), Step.WRITTEN, add);
        assertFalse(Files.exists(privateFile, LinkOption.NOFOLLOW_LINKS), "no partial private key under its name");
        assertFalse(Files.exists(authFile, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(privateFile.getParent()), leftovers(deploy).stream().map(Path::getParent).toList());
        assertOldFilesKept(before);

        reset();
        killAt(authFile.getFileName().toString(), Step.WRITTEN, add);
        assertFalse(Files.exists(authFile, LinkOption.NOFOLLOW_LINKS), "no partial .auth under its name");
        ClientAuthFiles.readAuthPrivateFile(privateFile); // the file written before the kill is whole
        assertOldFilesKept(before);

        reset();
        killAt("config.yaml", Step.WRITTEN, add);
        assertEquals(before.get("config.yaml"), snapshot(deploy).get("config.yaml"));
        assertInstanceOf(AuthorizedClients.None.class, service().extensions().authorizedClients(), "the old config: still public");
        assertEquals(1, ClientAuthFiles.readFolder(authFile.getParent()).size(), "both client files are whole");
        ClientAuthFiles.readAuthPrivateFile(privateFile);
        assertEquals(1, leftovers(deploy).size());
    }

    // --- key files ---

    @Test
    void keyNewForceKilledBeforeTheRenameLeavesTheOldKey() throws Exception {
        Path key = dir.resolve("keys/other.key");
        Files.createDirectories(key.getParent());
        cli("key", "new", "--output", key.toString());
        byte[] old = Files.readAllBytes(key);
        OnionAddress oldAddress = KeyFiles.load(key).onionAddress();
        for (Step step : List.of(Step.HALF_WRITTEN, Step.WRITTEN)) {
            killAt("other.key", step, "cli", "key", "new", "--output", key.toString(), "--force", "--format", "tor");
            assertTrue(java.util.Arrays.equals(old, Files.readAllBytes(key)), "the old key, byte for byte, after a kill at " + step);
            assertEquals(oldAddress, KeyFiles.load(key).onionAddress());
            assertEquals("rw-------", mode(key));
            assertEquals(1, leftovers(key.getParent()).size());
        }
        cli("key", "new", "--output", key.resolveSibling("third.key").toString());
        assertEquals(List.of(), leftovers(key.getParent()), "the next key written into the folder removed them");
    }

    @Test
    void keyOfflineKilledAroundItsLinkLeavesNoBundleOrAWholeOne() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("offline"));
        Path key = keys.resolve("master.key");
        cli("key", "new", "--output", key.toString());
        Path bundle = keys.resolve("master.bundle");
        for (Step step : List.of(Step.HALF_WRITTEN, Step.WRITTEN)) {
            killAt("master.bundle", step, "cli", "key", "offline", "--key", key.toString(), "--output", bundle.toString(),
                    "--days", "3");
            assertFalse(Files.exists(bundle, LinkOption.NOFOLLOW_LINKS), "no bundle under its name before the link, at " + step);
        }
        killAt("master.bundle", Step.IN_PLACE, "cli", "key", "offline", "--key", key.toString(), "--output", bundle.toString(),
                "--days", "3");
        assertEquals(KeyFiles.load(key).onionAddress(), net.onionbalance.doc.keys.ServiceKeys.loadBundle(bundle).onionAddress(),
                "whole: checksum and every certificate");
        assertEquals("rw-------", mode(bundle));
    }

    @Test
    void keyNewKilledAroundItsLinkLeavesNoKeyOrAWholeOne() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path key = keys.resolve("new.key");
        killAt("new.key", Step.WRITTEN, "cli", "key", "new", "--output", key.toString());
        assertFalse(Files.exists(key, LinkOption.NOFOLLOW_LINKS), "no key under its name before the link");
        assertEquals(1, leftovers(keys).size());
        killAt("new.key", Step.IN_PLACE, "cli", "key", "new", "--output", key.toString());
        KeyFiles.load(key); // whole
        assertEquals("rw-------", mode(key));
        List<Path> leftovers = leftovers(keys);
        assertEquals(1, leftovers.size(), "the second kill's temporary (the first one's was removed by the second write)");
        assertTrue(Files.isSameFile(key, leftovers.get(0)), "a second link to the key");
        KeyFiles.write(keys.resolve("other.key"), IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8), false);
        assertEquals(List.of(), leftovers(keys));
        KeyFiles.load(key); // removing the second link left the key
    }

    // --- bundles ---

    @Test
    void aBundleRotateKilledWhileWritingTheBundleChangesNothing() throws Exception {
        Map<String, String> before = snapshot(deploy);
        killAt("hs_ed25519_secret_key", Step.HALF_WRITTEN, "cli", "bundle", "rotate", "--instance", "node1", "-c", config.toString());
        assertEquals(before, snapshot(deploy));
        assertFalse(Files.exists(deploy.resolve("srv1.v2")));
        List<Path> leftovers = leftovers(deploy);
        assertEquals(1, leftovers.size());
        assertTrue(Files.isDirectory(leftovers.get(0)) && leftovers.get(0).getFileName().toString().startsWith(".srv1.v2.rotate-"),
                leftovers.toString());
        assertEquals("rwx------", mode(leftovers.get(0)));
        // Run again: it works, and removes the staging folder the killed run left.
        cli("bundle", "rotate", "--instance", "node1", "-c", config.toString());
        assertEquals(List.of(), leftovers(deploy));
        assertTrue(Files.isRegularFile(deploy.resolve("srv1.v2/instance_torrc")));
        assertEquals(3, service().instances().size());
    }

    @Test
    void aBundleRotateKilledWhileEditingTheConfigKeepsTheOldConfig() throws Exception {
        Map<String, String> before = snapshot(deploy);
        killAt("config.yaml", Step.WRITTEN, "cli", "bundle", "rotate", "--instance", "node1", "-c", config.toString());
        assertOldFilesKept(before);
        assertEquals(before.get("config.yaml"), snapshot(deploy).get("config.yaml"));
        assertEquals(2, service().instances().size(), "the old config loads");
        // The new bundle was complete before config.yaml was touched: whole, but not yet in the config.
        assertTrue(Files.isRegularFile(deploy.resolve("srv1.v2/instance_torrc")));
    }

    @Test
    void theWizardKilledWhileWritingLeavesNoOutputFolder() throws Exception {
        Path out = dir.resolve("second");
        killAt("config.yaml", Step.WRITTEN, "cli", "config", "--no-interactive", "-n", "2", "--output", out.toString());
        assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS), "all or nothing: no output folder");
        assertEquals(1, leftovers(dir).size());
        cli("config", "--no-interactive", "-n", "2", "--output", out.toString());
        assertEquals(List.of(), leftovers(dir), "the next run removed the staging folder");
        assertTrue(Files.isRegularFile(out.resolve("config.yaml")));
    }

    @Test
    void aLiveWritersTemporaryIsNeverRemoved() throws Exception {
        // Our own pid: a write in progress in this process.
        Path mine = Files.createFile(deploy.resolve(Temporaries.prefix(".config.yaml.") + "1.tmp"));
        // Not our shape: left alone whatever its process.
        Path operators = Files.createFile(deploy.resolve(".config.yaml.12345.tmp"));
        Temporaries.removeStale(deploy);
        assertTrue(Files.exists(mine) && Files.exists(operators));
    }

    // --- the kill ---

    /** Runs the child until it stops at {@code step} of {@code fileName}'s write, then kill -9. */
    private void killAt(String fileName, Step step, String... scenario) throws Exception {
        Path marker = dir.resolve("stopped-" + kills);
        Path log = dir.resolve("child-" + kills + ".log");
        kills++;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillPointChild.class.getName(),
                marker.toString(), fileName, step.name()));
        cmd.addAll(List.of(scenario));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (!Files.exists(marker)) {
            p.destroyForcibly().waitFor();
            fail("the child never stopped at " + step + " of " + fileName + ":\n" + Files.readString(log));
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        assertEquals(128 + 9, p.waitFor(), "killed by SIGKILL");
    }

    // --- what the operator checks ---

    private ConfigLoader loader() {
        return BundleRotation.defaultLoader();
    }

    private ServiceConfig service() throws Exception {
        return loader().load(config).config().services().get(0);
    }

    private void reset() throws IOException {
        PrivateFiles.deleteTree(deploy.resolve("client-keys"));
        PrivateFiles.deleteTree(deploy.resolve("authorized_clients"));
    }

    /** Every file and folder that was there still is, with the same bytes and mode. */
    private void assertOldFilesKept(Map<String, String> before) throws IOException {
        Map<String, String> now = snapshot(deploy);
        for (var e : before.entrySet()) {
            assertEquals(e.getValue(), now.get(e.getKey()), e.getKey());
        }
    }

    /** Path under root -> mode and SHA-256 of each file, mode of each folder; our temporaries left out. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(root) || isTemporary(root, p)) {
                    continue;
                }
                String what = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "folder" : sha256(p);
                out.put(root.relativize(p).toString(), mode(p) + " " + what);
            }
        }
        return out;
    }

    /** Our temporaries under root (not inside one another), all of dead processes. */
    private static List<Path> leftovers(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> found = all.filter(p -> !p.equals(root) && Temporaries.stale(p.getFileName().toString())).toList();
            return found.stream().filter(p -> found.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q))).sorted().toList();
        }
    }

    private static boolean isTemporary(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (Temporaries.stale(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(0, code, String.join(" ", args) + ":\n" + out + err);
    }
}
