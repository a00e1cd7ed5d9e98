package net.onionbalance.wizard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static net.onionbalance.wizard.WizardTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All or nothing: a failure at any point of the write leaves the disk as it was. */
class DeploymentWriterTest {
    private static DeploymentPlan plan(Path out, boolean force) throws InvalidAnswerException {
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 80, ServiceTarget.parse("127.0.0.1:80"));
        return DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s, s), DeploymentRequest.DEFAULT_HS_DIR_ROOT, force),
                new SecureRandom());
    }

    /** Fails the write at step 1, 2, ... until a write gets through; after each failure the disk must be as before. */
    private static void failAtEveryStep(Path out, boolean force, Path watched) throws Exception {
        Map<String, String> before = tree(watched);
        int failAt = 1;
        while (true) {
            int at = failAt;
            AtomicInteger n = new AtomicInteger();
            WriteObserver failing = p -> {
                if (n.incrementAndGet() == at) {
                    throw new IOException("disk full (injected at step " + at + ", " + p.getFileName() + ")");
                }
            };
            DeploymentPlan plan = plan(out, force);
            try {
                new DeploymentWriter(failing, Clock.systemUTC()).write(plan);
                break; // more steps than this write has
            } catch (DeploymentException e) {
                assertTrue(e.getMessage().contains("disk full") && e.getMessage().contains("Nothing was written"), e.getMessage());
            }
            assertEquals(before, tree(watched), "after a failure at step " + at + " everything is as before");
            failAt++;
        }
        assertTrue(failAt > 20, "a full write has many steps, each was failed once: " + failAt);
    }

    @Test
    void aFailureHalfwayIntoANewFolderLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        failAtEveryStep(parent.resolve("a/b/deploy"), false, parent);
    }

    @Test
    void aFailureHalfwayIntoAnExistingFolderLeavesItAsItWas(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("etc"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        failAtEveryStep(out, false, out);
    }

    @Test
    void aFailureHalfwayWithForcePutsTheReplacedFilesBack(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        new DeploymentWriter().write(plan(out, false));
        failAtEveryStep(out, true, out);
    }

    @Test
    void configYamlHasOnionbalanceConfigsShape(@TempDir Path tmp) throws Exception {
        DeploymentPlan p = plan(tmp.resolve("x"), false);
        String text = ConfigYamlText.render(p);
        var s1 = p.services().get(0);
        var s2 = p.services().get(1);
        assertEquals("# Onionbalance Config File\nservices:\n"
                + "- instances:\n"
                + "  - address: " + s1.instances().get(0).address().withOnionSuffix() + "\n    name: node1\n"
                + "  - address: " + s1.instances().get(1).address().withOnionSuffix() + "\n    name: node2\n"
                + "  key: " + s1.master() + ".key\n"
                + "- instances:\n"
                + "  - address: " + s2.instances().get(0).address().withOnionSuffix() + "\n    name: node1\n"
                + "  - address: " + s2.instances().get(1).address().withOnionSuffix() + "\n    name: node2\n"
                + "  key: " + s2.master() + ".key\n", text);
        assertEquals(List.of("srv1", "srv2", "srv3", "srv4"), p.bundles().stream().map(InstanceBundle::bundleName).toList(),
                "bundles are numbered across services");
    }

    @Test
    void namesThatYamlWouldReadAsNumbersAreQuoted() {
        assertEquals("node1", ConfigYamlText.scalar("node1"));
        assertEquals("'71'", ConfigYamlText.scalar("71"));
        assertEquals("'0x1'", ConfigYamlText.scalar("0x1"));
        assertEquals("'1.5'", ConfigYamlText.scalar("1.5"));
        assertEquals("'1e5'", ConfigYamlText.scalar("1e5"));
        assertEquals("web.v1", ConfigYamlText.scalar("web.v1"));
        assertEquals("backend-keys/srv1.auth_private", ConfigYamlText.scalar("backend-keys/srv1.auth_private"));
        assertEquals("'it''s'", ConfigYamlText.scalar("it's"));
    }

    @Test
    void twoServicesWithTheSameImportedKeyAreRefused(@TempDir Path tmp) throws Exception {
        Path key = tmp.resolve("k.pem");
        net.onionbalance.crypto.KeyFiles.write(key, net.onionbalance.crypto.IdentityKey.generate(new SecureRandom(),
                net.onionbalance.crypto.KeyFormat.PEM_PKCS8), false);
        ServiceRequest s = new ServiceRequest(Optional.of(key), 1, "node", 80, ServiceTarget.parse("127.0.0.1:80"));
        InvalidAnswerException e = assertThrows(InvalidAnswerException.class, () -> DeploymentPlan.prepare(
                new DeploymentRequest(tmp.resolve("o"), List.of(s, s), DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), new SecureRandom()));
        assertTrue(e.getMessage().contains("Services #1 and #2 would have the same master key"), e.getMessage());
    }

    @Test
    void targetsTorAcceptsParseAndOthersAreRefused() throws Exception {
        for (String ok : List.of("127.0.0.1:80", "[::1]:8080", "localhost:443", "unix:/run/web.sock", "10.1.2.3:65535")) {
            assertEquals(ok, ServiceTarget.parse(ok).text());
        }
        for (String bad : List.of("", "80", "127.0.0.1:80\nHiddenServiceDir /tmp", "a b:80", "[zz]:80", ":80", "1.2.3:80x")) {
            assertThrows(InvalidAnswerException.class, () -> ServiceTarget.parse(bad), bad);
        }
    }
}
