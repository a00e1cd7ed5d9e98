package net.onionbalance.engine;

import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.hsdesc.ClientAuthorization;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code AddInstance} with a client key (a new backend restricted to the balancer): the store
 * writes it into config.yaml, and the engine takes the key the store loads, so the new backend's
 * descriptor can be opened from its first fetch on.
 */
class RestrictedInstanceRegistryTest {
    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void anInstanceAddedWithAClientKeyIsFetchedWithTheKeyTheStoreLoads() throws Exception {
        IdentityKey master = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
        OnionAddress node1 = IdentityKey.generate(RNG, KeyFormat.TOR_SECRET).onionAddress();
        OnionAddress node2 = IdentityKey.generate(RNG, KeyFormat.TOR_SECRET).onionAddress();
        X25519PrivateKey key2 = X25519PrivateKey.generate(RNG);
        Path keyFile = Path.of("/etc/onionbalance/backend-keys/srv2.auth_private");
        List<InstanceRef> listed = new ArrayList<>(List.of(new InstanceRef(Optional.of("node1"), node1)));
        Map<OnionAddress, X25519PrivateKey> keys = new HashMap<>();
        List<String> written = new ArrayList<>();
        ServiceRegistry.ConfigStore store = new ServiceRegistry.ConfigStore() {
            @Override
            public List<ServiceRegistry.ServiceDefinition> load() {
                return List.of(new ServiceRegistry.ServiceDefinition(master, listed, ServiceExtensions.NONE, ClientAuthorization.open(), keys));
            }

            @Override
            public void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name) {
                throw new AssertionError("a restricted instance is written with its client-key");
            }

            @Override
            public void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name, Optional<Path> clientKey) {
                written.add(instance + " " + clientKey.orElseThrow());
                listed.add(new InstanceRef(name, instance));
                keys.put(instance, key2); // what loading the file named in config.yaml gives
            }

            @Override
            public void removeInstance(OnionAddress service, OnionAddress instance) {
            }
        };
        ServiceRegistry registry = new ServiceRegistry(store, store.load());

        registry.addInstance(master.onionAddress(), node2, Optional.of("node2"), Optional.of(keyFile));

        assertEquals(List.of(node2 + " " + keyFile), written);
        assertEquals(List.of(node1, node2), registry.service(master.onionAddress()).orElseThrow().instances.stream()
                .map(InstanceRef::address).toList());
        BackendState b = registry.backend(node2).orElseThrow();
        assertTrue(b.clientKey.isPresent(), "the engine holds the balancer's key for the new backend");
        assertEquals(key2.publicKey(), b.clientKey.get().publicKey());
    }
}
