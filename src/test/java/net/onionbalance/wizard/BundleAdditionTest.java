package net.onionbalance.wizard;

import net.onionbalance.io.PrivateFiles;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static net.onionbalance.wizard.WizardTestSupport.mode;
import static net.onionbalance.wizard.WizardTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new instance bundle for a deployed service (console {@code a}, "generate"): written beside config.yaml, config.yaml untouched. */
class BundleAdditionTest {
    private static Path deploy(Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "web", 443, ServiceTarget.parse("10.0.0.9:8443"));
        new DeploymentWriter().write(DeploymentPlan.prepare(
                new DeploymentRequest(out, List.of(s), Path.of("/srv/tor"), false), new SecureRandom()));
        return out.resolve("config.yaml");
    }

    private static BundleAddition addition() {
        return new BundleAddition(BundleRotation.defaultLoader(), new SecureRandom());
    }

    private static OnionAddress master(Path config) throws Exception {
        BalancerConfig c = BundleRotation.defaultLoader().load(config).config();
        return KeyFiles.load(c.services().get(0).key()).onionAddress();
    }

    @Test
    void writesTheNextBundleWithTheServicesPortsAndMasterAndLeavesConfigYamlAlone(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        String before = Files.readString(config);
        OnionAddress master = master(config);

        BundleAddition.Added a = addition().add(config, master, Optional.empty());

        Path dir = config.getParent().resolve("srv3");
        assertEquals(dir, a.bundleDir());
        assertEquals("web3", a.instanceName(), "the next in the service's own series");
        assertTrue(a.portLinesCopied());
        Path keys = dir.resolve("onionbalance-srv3");
        assertEquals(a.address(), KeyFiles.load(keys.resolve("hs_ed25519_secret_key")).onionAddress());
        assertEquals(a.address().withOnionSuffix() + "\n", Files.readString(keys.resolve("hostname")));
        assertEquals("MasterOnionAddress " + master.withOnionSuffix() + "\n", Files.readString(keys.resolve("ob_config")));
        assertEquals(List.of("HiddenServiceDir /srv/tor/onionbalance-srv3", "HiddenServicePort 443 10.0.0.9:8443",
                "HiddenServiceOnionbalanceInstance 1"),
                Files.readAllLines(dir.resolve("instance_torrc")).stream().filter(l -> !l.startsWith("#")).toList());
        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(keys.resolve("hs_ed25519_secret_key")));
        assertEquals(before, Files.readString(config), "the running engine adds it to config.yaml");
        assertFalse(Files.list(config.getParent()).anyMatch(p -> p.getFileName().toString().startsWith(".")), "no staging left");

        BundleAddition.Added b = addition().add(config, master, Optional.of("eu-1"));
        assertEquals("srv4", b.bundleDir().getFileName().toString(), "a bundle not yet in config.yaml still takes its name");
        assertEquals("eu-1", b.instanceName());
    }

    @Test
    void refusesAnUnknownServiceAndATakenNameWritingNothing(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        var before = tree(config.getParent());
        OnionAddress stranger = IdentityKey.generate(new SecureRandom(), KeyFormat.TOR_SECRET).onionAddress();
        BundleAdditionException e = assertThrows(BundleAdditionException.class, () -> addition().add(config, stranger, Optional.empty()));
        assertTrue(e.getMessage().startsWith("No service " + stranger.withOnionSuffix() + " in " + config), e.getMessage());
        e = assertThrows(BundleAdditionException.class, () -> addition().add(config, master(config), Optional.of("web2")));
        assertTrue(e.getMessage().contains("already has an instance named web2"), e.getMessage());
        assertEquals(before, tree(config.getParent()));
    }

    @Test
    void aServiceWithoutBundlesGetsTheDefaultPortLineAndSaysSo(@TempDir Path tmp) throws Exception {
        Path config = deploy(tmp);
        for (String b : List.of("srv1", "srv2")) {
            PrivateFiles.deleteTree(config.getParent().resolve(b));
        }
        BundleAddition.Added a = addition().add(config, master(config), Optional.empty());
        assertFalse(a.portLinesCopied());
        assertEquals(List.of(BundleAddition.DEFAULT_PORT_LINE), a.bundle().portLines());
        assertEquals(Path.of("/var/lib/tor/onionbalance-srv3"), a.bundle().hiddenServiceDir(),
                "srv1 and srv2 were copied away: their names (and HiddenServiceDirs) are not reused");
    }

    @Test
    void namesFollowTheSeriesAndSkipRotatedOnes() {
        assertEquals("node3", BundleAddition.nextName(List.of("node1", "node2"), 2));
        assertEquals("node3", BundleAddition.nextName(List.of("node1", "node2", "node1-v2"), 3));
        assertEquals("node4", BundleAddition.nextName(List.of("node1", "node3-v2"), 2), "after the highest number");
        assertEquals("srv-a10", BundleAddition.nextName(List.of("srv-a9", "other2"), 2), "the first name's series");
        assertEquals("node3", BundleAddition.nextName(List.of("alpha", "beta"), 2), "no series: onionbalance-config's tag");
        assertEquals("node1", BundleAddition.nextName(List.of(), 0));
        assertEquals("srv5", BundleAddition.nextBundleName(Set.of("srv1", "srv4.v2", "config.yaml", "srv2"), 3));
        assertEquals("srv1", BundleAddition.nextBundleName(Set.of("README.txt"), 0));
        assertEquals("srv4", BundleAddition.nextBundleName(Set.of("README.txt"), 3), "config.yaml lists 3 backends");
    }
}
