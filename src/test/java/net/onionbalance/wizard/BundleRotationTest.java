package net.onionbalance.wizard;

import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.wizard.WizardTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static net.onionbalance.wizard.WizardTestSupport.mode;
import static net.onionbalance.wizard.WizardTestSupport.onionbalance;
import static net.onionbalance.wizard.WizardTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backend key rotation: a new versioned bundle, old and new listed together, then the old one retired. */
class BundleRotationTest {
    private static final String COMMENT = "# backends in rack 7 (keep this comment)\n";

    private static Path deploy(Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 443, ServiceTarget.parse("10.0.0.9:8443"));
        new DeploymentWriter().write(DeploymentPlan.prepare(
                new DeploymentRequest(out, List.of(s), Path.of("/srv/tor"), false), new SecureRandom()));
        Path config = out.resolve("config.yaml");
        // An operator's comment must survive the edits.
        Files.writeString(config, Files.readString(config).replace("services:\n", "services:\n" + COMMENT));
        return config;
    }

    private static BalancerConfig load(Path config) throws Exception {
        return BundleRotation.defaultLoader().load(config).config();
    }

    private static BundleRotation rotation() {
        return new BundleRotation(BundleRotation.defaultLoader(), new SecureRandom());
    }

    @Test
    void rotatingOneBackendAddsAVersionedBundleAndListsOldAndNewTogether(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        Path out = config.getParent();
        BalancerConfig before = load(config);
        OnionAddress oldNode1 = before.services().get(0).instances().get(0).address();
        OnionAddress master = KeyFiles.load(before.services().get(0).key()).onionAddress();

        BundleRotation.Result r = rotation().rotate(config, new BundleRotation.Selection.Named(List.of("node1")));

        assertEquals(1, r.rotated().size());
        BundleRotation.Rotated x = r.rotated().get(0);
        Path v2 = out.resolve("srv1.v2");
        assertEquals(v2, x.bundleDir());
        Path hs = v2.resolve("onionbalance-srv1.v2");
        OnionAddress newAddress = KeyFiles.load(hs.resolve("hs_ed25519_secret_key")).onionAddress();
        assertEquals(newAddress, x.replacement().address());
        assertFalse(newAddress.equals(oldNode1), "a fresh key");
        assertEquals(List.of("HiddenServiceDir /srv/tor/onionbalance-srv1.v2", "HiddenServicePort 443 10.0.0.9:8443",
                "HiddenServiceOnionbalanceInstance 1"),
                Files.readAllLines(v2.resolve("instance_torrc")).stream().filter(l -> !l.startsWith("#")).toList());
        assertEquals("MasterOnionAddress " + master.withOnionSuffix() + "\n", Files.readString(hs.resolve("ob_config")));
        assertEquals(newAddress.withOnionSuffix() + "\n", Files.readString(hs.resolve("hostname")));
        assertEquals("rwx------", mode(v2));
        assertEquals("rwx------", mode(hs));
        assertEquals("rw-------", mode(hs.resolve("hs_ed25519_secret_key")));
        assertTrue(Files.isDirectory(out.resolve("srv1")), "the old bundle stays until the old backend is retired");

        List<InstanceConfig> listed = load(config).services().get(0).instances();
        assertEquals(List.of("node1", "node2", "node1-v2"), listed.stream().map(i -> i.name().orElseThrow()).toList());
        assertEquals(oldNode1, listed.get(0).address());
        assertEquals(newAddress, listed.get(2).address());
        assertTrue(Files.readString(config).contains(COMMENT));

        List<PendingRotation> pending = PendingRotation.find(load(config));
        assertEquals(1, pending.size());
        assertEquals(oldNode1, pending.get(0).retiring().address());
        assertEquals(newAddress, pending.get(0).replacement().address());

        // The engine's step once node1-v2's descriptor is valid: the pure edit, then the write.
        ConfigWriter writer = new ConfigWriter(BundleRotation.defaultLoader());
        String retired = pending.get(0).retiredText(writer, config, Files.readString(config));
        assertFalse(retired.contains(oldNode1.toString()));
        assertTrue(retired.contains(newAddress.toString()) && retired.contains(COMMENT));
        pending.get(0).retire(writer, config);
        assertEquals(retired, Files.readString(config));
        assertEquals(List.of("node2", "node1-v2"), load(config).services().get(0).instances().stream().map(i -> i.name().orElseThrow()).toList());
        assertTrue(PendingRotation.find(load(config)).isEmpty());

        // And the next rotation of the same backend is v3.
        BundleRotation.Result r3 = rotation().rotate(config, new BundleRotation.Selection.Named(List.of("node1-v2")));
        assertEquals("srv1.v3", r3.rotated().get(0).bundle().bundleName());
        assertEquals("node1-v3", r3.rotated().get(0).replacement().name().orElseThrow());
    }

    @Test
    void aBackendAlreadyBeingReplacedIsNotRotatedAgain(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        rotation().rotate(config, new BundleRotation.Selection.Named(List.of("node1")));
        RotationException e = assertThrows(RotationException.class,
                () -> rotation().rotate(config, new BundleRotation.Selection.Named(List.of("node1"))));
        assertTrue(e.getMessage().contains("node1 is already being replaced"), e.getMessage());

        BundleRotation.Result all = rotation().rotate(config, new BundleRotation.Selection.All());
        assertEquals(List.of("node2", "node1-v2"), all.rotated().stream().map(x -> x.retiring().name().orElseThrow()).toList());
        assertEquals(1, all.skipped().size());
        assertTrue(all.skipped().get(0).startsWith("node1 is already being replaced"), all.skipped().toString());
        assertEquals(List.of("node1", "node2", "node1-v2", "node2-v2", "node1-v3"),
                load(config).services().get(0).instances().stream().map(i -> i.name().orElseThrow()).toList());
        assertEquals(3, PendingRotation.find(load(config)).size(), "node1 and node1-v2 retire for node1-v3, node2 for node2-v2");
    }

    @Test
    void backendsAreChosenByNameBundleOrAddressAndUnknownOnesAreRefused(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        OnionAddress node2 = load(config).services().get(0).instances().get(1).address();
        assertEquals("node1", rotation().rotate(config, new BundleRotation.Selection.Named(List.of("srv1")))
                .rotated().get(0).retiring().name().orElseThrow());
        assertEquals("node2", rotation().rotate(config, new BundleRotation.Selection.Named(List.of(node2.withOnionSuffix())))
                .rotated().get(0).retiring().name().orElseThrow());
        Map<String, String> before = tree(config.getParent());
        RotationException e = assertThrows(RotationException.class,
                () -> rotation().rotate(config, new BundleRotation.Selection.Named(List.of("node9"))));
        assertTrue(e.getMessage().contains("No instance node9"), e.getMessage());
        assertEquals(before, tree(config.getParent()));
    }

    @Test
    void aBackendWithoutABundleCannotBeRotatedHere(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        OnionAddress foreign = net.onionbalance.crypto.IdentityKey.generate(new SecureRandom(),
                net.onionbalance.crypto.KeyFormat.TOR_SECRET).onionAddress();
        Files.writeString(config, Files.readString(config).replace("  key:", "  - address: " + foreign + "\n    name: elsewhere\n  key:"));
        RotationException e = assertThrows(RotationException.class,
                () -> rotation().rotate(config, new BundleRotation.Selection.Named(List.of("elsewhere"))));
        assertTrue(e.getMessage().contains("elsewhere has no bundle"), e.getMessage());
        BundleRotation.Result all = rotation().rotate(config, new BundleRotation.Selection.All());
        assertEquals(2, all.rotated().size());
        assertTrue(all.skipped().get(0).startsWith("elsewhere has no bundle"), all.skipped().toString());
    }

    @Test
    void aFailedRotationChangesNothing(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        Map<String, String> before = tree(config.getParent());
        for (int failAt = 1; failAt <= 8; failAt++) {
            int at = failAt;
            int[] n = {0};
            BundleRotation failing = new BundleRotation(BundleRotation.defaultLoader(), new SecureRandom(), p -> {
                if (++n[0] == at) {
                    throw new IOException("injected failure at step " + at);
                }
            });
            RotationException e = assertThrows(RotationException.class, () -> failing.rotate(config, new BundleRotation.Selection.All()));
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            assertEquals(before, tree(config.getParent()), "step " + at);
        }
    }

    @Test
    void theCommandsRotateAndRetire(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        Run rotate = onionbalance("bundle", "rotate", "--instance", "node2", "-c", config.toString());
        assertEquals(0, rotate.exitCode(), rotate.toString());
        assertTrue(rotate.out().contains("rotated node2 -> node2-v2"), rotate.out());
        Run none = onionbalance("bundle", "rotate", "-c", config.toString());
        assertEquals(2, none.exitCode(), "--instance or --all is required");
        Run wrong = onionbalance("bundle", "retire", "--instance", "node1", "-c", config.toString());
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("node1 is not an old backend of a rotation"), wrong.err());
        Run retire = onionbalance("bundle", "retire", "--instance", "node2", "-c", config.toString());
        assertEquals(0, retire.exitCode(), retire.toString());
        assertEquals(List.of("node1", "node2-v2"), load(config).services().get(0).instances().stream().map(i -> i.name().orElseThrow()).toList());
    }

    /**
     * A whole service at once (--service): every successor bundle and one config.yaml edit, the other
     * service untouched; then each old backend is retired only by its own successor's arrival
     * (the pairs the engine retires from, PendingRotation), so at every step the service keeps at
     * least as many backends as before the rotation.
     */
    @Test
    void aWholeServiceIsRotatedInOneStepAndRetiredAsItsSuccessorsComeUp(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        new DeploymentWriter().write(DeploymentPlan.prepare(new DeploymentRequest(out, List.of(
                new ServiceRequest(Optional.empty(), 12, "web", 80, ServiceTarget.parse("127.0.0.1:80")),
                new ServiceRequest(Optional.empty(), 2, "api", 80, ServiceTarget.parse("127.0.0.1:81"))),
                Path.of("/var/lib/tor"), false), new SecureRandom()));
        Path config = out.resolve("config.yaml");
        Files.writeString(config, Files.readString(config).replace("services:\n", "services:\n" + COMMENT));
        BalancerConfig before = load(config);
        OnionAddress web = KeyFiles.load(before.services().get(0).key()).onionAddress();

        Run r = onionbalance("bundle", "rotate", "--service", web.withOnionSuffix(), "-c", config.toString());
        assertEquals(0, r.exitCode(), r.toString());
        for (int k = 1; k <= 12; k++) {
            assertTrue(r.out().contains("rotated web" + k + " -> web" + k + "-v2 "), r.out());
            assertTrue(Files.isDirectory(out.resolve("srv" + k + ".v2")), "srv" + k + ".v2");
        }
        BalancerConfig after = load(config);
        assertEquals(24, after.services().get(0).instances().size());
        assertEquals(before.services().get(1), after.services().get(1), "the other service is untouched");
        assertFalse(Files.exists(out.resolve("srv13.v2")), "no bundle for the other service");
        assertTrue(Files.readString(config).contains(COMMENT), "comments kept");

        List<PendingRotation> pending = PendingRotation.find(after);
        assertEquals(12, pending.size());
        List<PendingRotation> order = new java.util.ArrayList<>(pending);
        java.util.Collections.shuffle(order, new java.util.Random(29));
        ConfigWriter writer = new ConfigWriter(BundleRotation.defaultLoader());
        int retired = 0;
        for (PendingRotation arriving : order) {
            // The successor's descriptor is seen valid: the retirements it completes are its predecessor's only.
            List<PendingRotation> completed = PendingRotation.find(load(config)).stream()
                    .filter(p -> p.replacement().address().equals(arriving.replacement().address())).toList();
            assertEquals(List.of(arriving.retiring().address()), completed.stream().map(p -> p.retiring().address()).toList());
            completed.get(0).retire(writer, config);
            retired++;
            List<InstanceConfig> now = load(config).services().get(0).instances();
            assertEquals(24 - retired, now.size());
            assertTrue(now.stream().anyMatch(i -> i.address().equals(arriving.replacement().address())), "the successor stays");
        }
        assertEquals(12, load(config).services().get(0).instances().size());
        assertTrue(load(config).services().get(0).instances().stream().allMatch(i -> i.name().orElseThrow().endsWith("-v2")));
        assertTrue(PendingRotation.find(load(config)).isEmpty());
    }

    @Test
    void aServiceIsChosenByAddressOrKeyFileAndAnUnknownOneIsNamed(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        String keyFile = load(config).services().get(0).key().getFileName().toString();
        Run byKey = onionbalance("bundle", "rotate", "--service", keyFile, "-c", config.toString());
        assertEquals(0, byKey.exitCode(), byKey.toString());
        assertTrue(byKey.out().contains("rotated node1 -> node1-v2") && byKey.out().contains("rotated node2 -> node2-v2"), byKey.out());
        String before = Files.readString(config);
        Run unknown = onionbalance("bundle", "rotate", "--service", "nosuchservice", "-c", config.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("No service nosuchservice in " + config) && unknown.err().contains(keyFile.replace(".key", ".onion")),
                unknown.err());
        assertEquals(before, Files.readString(config), "nothing changed");
    }
}
