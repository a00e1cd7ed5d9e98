package net.onionbalance.wizard;

import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** {@code onionbalance config --restrict-backends}: each bundle restricts its backend's descriptor to the balancer. */
class RestrictedBackendsTest {
    @Test
    void bundlesCarryTheBalancersPublicKeyAndConfigTheMatchingPrivateOne(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        DeploymentPlan plan = DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false, true), new SecureRandom());
        new DeploymentWriter().write(plan);

        ConfigLoader loader = new ConfigLoader(Map.of(), k -> {
            try {
                return KeyFiles.load(k).onionAddress();
            } catch (Exception e) {
                return null;
            }
        });
        var loaded = loader.load(out.resolve("config.yaml"));
        assertEquals(List.of(), loaded.warnings());
        for (InstanceConfig i : loaded.config().services().get(0).instances()) {
            Path priv = i.clientKey().orElseThrow();
            assertEquals("rw-------", WizardTestSupport.mode(priv));
            ClientAuthFiles.ClientKey k = ClientAuthFiles.readAuthPrivateFile(priv);
            assertEquals(i.address(), k.service(), "the key names the backend it opens");
            InstanceBundle b = plan.bundles().stream().filter(x -> x.address().equals(i.address())).findFirst().orElseThrow();
            Path auth = out.resolve(b.bundleName()).resolve(b.keyFolderName()).resolve("authorized_clients/balancer.auth");
            assertEquals(k.key().publicKey(), ClientAuthFiles.readAuthFile(auth).key());
            assertEquals("rwx------", WizardTestSupport.mode(auth.getParent()), "tor wants authorized_clients/ private");
            assertFalse(Files.readString(auth).contains(ClientAuthFiles.authPrivateLine(k.service(), k.key()).substring(75)));
        }
    }

    @Test
    void withoutTheFlagNothingChanges(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 1, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        DeploymentPlan plan = DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), new SecureRandom());
        new DeploymentWriter().write(plan);
        assertFalse(Files.exists(out.resolve("backend-keys")));
        assertFalse(Files.readString(out.resolve("config.yaml")).contains("client-key"));
        InstanceBundle b = plan.bundles().get(0);
        assertFalse(Files.exists(out.resolve(b.bundleName()).resolve(b.keyFolderName()).resolve("authorized_clients")));
    }

    private static ConfigLoader loader() {
        return BundleRotation.defaultLoader();
    }

    private static Path restrictedDeployment(Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        new DeploymentWriter().write(DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false, true), new SecureRandom()));
        return out.resolve("config.yaml");
    }

    @Test
    void aRotatedRestrictedBackendIsRestrictedToTheBalancerAgainWithANewKey(@TempDir Path dir) throws Exception {
        Path config = restrictedDeployment(dir);
        Path out = config.getParent();
        InstanceConfig old = loader().load(config).config().services().get(0).instances().get(0);
        // Another client of backend node1 (say the operator's own, for direct checks): it must stay authorized.
        Path oldClients = out.resolve("srv1/onionbalance-srv1/authorized_clients");
        var admin = net.onionbalance.crypto.X25519PrivateKey.generate(new SecureRandom());
        ClientAuthFiles.writeAuthFile(oldClients.resolve("admin.auth"), admin.publicKey());

        BundleRotation.Result r = new BundleRotation(loader(), new SecureRandom())
                .rotate(config, new BundleRotation.Selection.Named(List.of("node1")));

        BundleRotation.Rotated x = r.rotated().get(0);
        InstanceConfig neu = loader().load(config).config().services().get(0).instances().stream()
                .filter(i -> i.address().equals(x.replacement().address())).findFirst().orElseThrow();
        String text = readString(config);
        Path key = neu.clientKey().orElseThrow(() -> new AssertionError("config.yaml names no client-key for the rotated backend:\n"
                + text));
        assertEquals(out.resolve("backend-keys/srv1.v2.auth_private"), key);
        assertTrue(readString(config).contains("client-key: backend-keys/srv1.v2.auth_private"), readString(config));
        assertEquals("rw-------", WizardTestSupport.mode(key));
        ClientAuthFiles.ClientKey k = ClientAuthFiles.readAuthPrivateFile(key);
        assertEquals(neu.address(), k.service(), "the new key names the new backend address");
        assertNotEquals(ClientAuthFiles.readAuthPrivateFile(old.clientKey().orElseThrow()).key().publicKey(), k.key().publicKey());

        Path newClients = x.bundleDir().resolve("onionbalance-srv1.v2/authorized_clients");
        assertEquals("rwx------", WizardTestSupport.mode(newClients));
        assertEquals(k.key().publicKey(), ClientAuthFiles.readAuthFile(newClients.resolve("balancer.auth")).key());
        assertEquals(admin.publicKey(), ClientAuthFiles.readAuthFile(newClients.resolve("admin.auth")).key());
        assertEquals(List.of("admin", "balancer"), ClientAuthFiles.readFolder(newClients).stream().map(ClientAuthFiles.AuthorizedClient::name).toList());
        assertTrue(Files.exists(old.clientKey().get()), "the old backend's key stays until it is retired");
    }

    @Test
    void aRotationThatCannotWriteTheBalancersNewKeyChangesNothing(@TempDir Path dir) throws Exception {
        Path config = restrictedDeployment(dir);
        String before = readString(config);
        Files.writeString(config.getParent().resolve("backend-keys/srv1.v2.auth_private"), "in the way\n");
        RotationException e = assertThrows(RotationException.class, () -> new BundleRotation(loader(), new SecureRandom())
                .rotate(config, new BundleRotation.Selection.Named(List.of("node1"))));
        assertTrue(e.getMessage().contains("srv1.v2.auth_private, already exists"), e.getMessage());
        assertEquals(before, readString(config));
        assertFalse(Files.exists(config.getParent().resolve("srv1.v2")));
    }

    @Test
    void aPublicBackendStaysPublicAfterARotation(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 1, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        new DeploymentWriter().write(DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), new SecureRandom()));
        Path config = out.resolve("config.yaml");
        BundleRotation.Result r = new BundleRotation(loader(), new SecureRandom()).rotate(config, new BundleRotation.Selection.All());
        assertFalse(r.rotated().get(0).restricted());
        assertFalse(Files.exists(r.rotated().get(0).bundleDir().resolve("onionbalance-srv1.v2/authorized_clients")));
        assertFalse(readString(config).contains("client-key"));
    }

    private static String readString(Path p) throws java.io.IOException {
        return Files.readString(p);
    }
}
