package net.onionbalance.app;

import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.ServiceRegistry;
import net.onionbalance.wizard.BundleAddition;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.DeploymentPlan;
import net.onionbalance.wizard.DeploymentRequest;
import net.onionbalance.wizard.DeploymentWriter;
import net.onionbalance.wizard.ServiceRequest;
import net.onionbalance.wizard.ServiceTarget;
import net.onionbalance.wizard.WizardTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new instance for a service whose backends are restricted to the balancer (the console's
 * {@code a}, "generate") is restricted too: its bundle carries the balancer's public key, and the
 * balancer's config names the matching private key, so it is neither public nor unreadable.
 */
class RestrictedInstanceAdditionTest {
    @Test
    void theNewBundleIsRestrictedAndTheStoreNamesAndLoadsItsKey(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        new DeploymentWriter().write(DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false, true), new SecureRandom()));
        Path config = out.resolve("config.yaml");
        var loader = BundleRotation.defaultLoader();
        var cfg = loader.load(config).config();
        OnionAddress master = KeyFiles.load(cfg.services().get(0).key()).onionAddress();

        BundleAddition.Added a = new BundleAddition(loader, new SecureRandom()).add(config, master, Optional.empty());

        Path key = a.clientKey().orElseThrow(() -> new AssertionError("a restricted service's new bundle must be restricted too"));
        assertEquals(out.resolve("backend-keys/srv3.auth_private"), key);
        assertEquals("rw-------", WizardTestSupport.mode(key));
        ClientAuthFiles.ClientKey k = ClientAuthFiles.readAuthPrivateFile(key);
        assertEquals(a.address(), k.service());
        Path auth = a.bundleDir().resolve("onionbalance-srv3/authorized_clients/balancer.auth");
        assertEquals(k.key().publicKey(), ClientAuthFiles.readAuthFile(auth).key());

        // What the engine's AddInstance does with it: config.yaml names the key, and the next load reads it.
        ConfigFileStore store = new ConfigFileStore(loader, cfg);
        store.definitions(cfg); // as the balancer starts: the services' keys loaded
        store.addInstance(master, a.address(), Optional.of(a.instanceName()), a.clientKey());
        assertTrue(Files.readString(config).contains("client-key: backend-keys/srv3.auth_private"), Files.readString(config));
        InstanceConfig listed = loader.load(config).config().services().get(0).instances().get(2);
        assertEquals(Optional.of(key), listed.clientKey());
        List<ServiceRegistry.ServiceDefinition> defs = store.load();
        assertEquals(k.key().publicKey(), defs.get(0).backendClientKeys().get(a.address()).publicKey(),
                "the balancer holds the new backend's client key");
    }

    @Test
    void aPublicServicesNewBundleStaysPublic(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 1, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        new DeploymentWriter().write(DeploymentPlan.prepare(new DeploymentRequest(out, List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), new SecureRandom()));
        Path config = out.resolve("config.yaml");
        var loader = BundleRotation.defaultLoader();
        OnionAddress master = KeyFiles.load(loader.load(config).config().services().get(0).key()).onionAddress();
        BundleAddition.Added a = new BundleAddition(loader, new SecureRandom()).add(config, master, Optional.empty());
        assertEquals(Optional.empty(), a.clientKey());
        assertFalse(Files.exists(a.bundleDir().resolve("onionbalance-srv2/authorized_clients")));
    }
}
