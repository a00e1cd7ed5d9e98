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
}
