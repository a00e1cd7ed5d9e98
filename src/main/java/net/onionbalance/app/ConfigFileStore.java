package net.onionbalance.app;

import java.util.logging.Logger;
import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.hsdesc.ClientAuthorization;
import net.onionbalance.doc.keys.ServiceIdentity;
import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.engine.InstanceRef;
import net.onionbalance.engine.ServiceRegistry;
import net.onionbalance.wizard.PendingRotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's view of config.yaml: loads services with their keys, and writes the operator's
 * instance changes back through {@link ConfigWriter}, which keeps comments and key order.
 */
public final class ConfigFileStore implements ServiceRegistry.ConfigStore {
    private static final Logger LOG = Logger.getLogger(ConfigFileStore.class.getName());
    private final ConfigLoader loader;
    private final Path file;
    private final Map<OnionAddress, Path> keyOfMaster = new HashMap<>();
    private BalancerConfig current;

    ConfigFileStore(ConfigLoader loader, BalancerConfig initial) {
        this.loader = loader;
        this.file = initial.source();
        this.current = initial;
    }

    BalancerConfig current() {
        return current;
    }

    /** Keys of the services as loaded; an unreadable key names its file. */
    List<ServiceRegistry.ServiceDefinition> definitions(BalancerConfig cfg) throws IOException {
        List<ServiceRegistry.ServiceDefinition> out = new ArrayList<>();
        keyOfMaster.clear();
        for (ServiceConfig s : cfg.services()) {
            ServiceIdentity key = ServiceKeys.load(s.key()); // a key file or an offline key bundle
            KeyFiles.exposure(s.key()).ifPresent(LOG::warning);
            keyOfMaster.put(key.onionAddress(), s.key());
            List<InstanceRef> instances = s.instances().stream()
                    .map(i -> new InstanceRef(i.name(), i.address())).toList();
            Map<OnionAddress, X25519PrivateKey> backendKeys = new HashMap<>();
            for (InstanceConfig i : s.instances()) {
                if (i.clientKey().isPresent()) {
                    backendKeys.put(i.address(), backendClientKey(i));
                }
            }
            out.add(new ServiceRegistry.ServiceDefinition(key, instances, s.extensions(), clientAuthorization(s), backendKeys));
        }
        return out;
    }

    /**
     * The clients of a service: its {@code authorized-clients} lines, or the {@code .auth} files of its
     * folder as they are now. A configured folder without any is an error rather than a public service.
     */
    public static ClientAuthorization clientAuthorization(ServiceConfig s) throws KeyFileException {
        AuthorizedClients a = s.extensions().authorizedClients();
        List<ClientAuthFiles.AuthorizedClient> clients;
        if (a instanceof AuthorizedClients.Listed l) {
            clients = l.clients();
        } else if (a instanceof AuthorizedClients.Folder f) {
            clients = ClientAuthFiles.readFolder(f.folder());
            if (clients.isEmpty()) {
                throw new KeyFileException(f.folder(), "holds no .auth file, so the service would be public; add a client "
                        + "(onionbalance client-auth add NAME --service ADDR) or remove 'authorized-clients:' from the service");
            }
        } else {
            return ClientAuthorization.open();
        }
        return new ClientAuthorization.Restricted(clients.stream().map(ClientAuthFiles.AuthorizedClient::key).distinct().toList());
    }

    private static X25519PrivateKey backendClientKey(InstanceConfig i) throws KeyFileException {
        Path file = i.clientKey().orElseThrow();
        ClientAuthFiles.ClientKey k = ClientAuthFiles.readAuthPrivateFile(file);
        if (!k.service().equals(i.address())) {
            throw new KeyFileException(file, "line 1: the key is for " + k.service() + ", not for the instance " + i.address()
                    + " that names it as its client-key");
        }
        return k.key();
    }

    @Override
    public List<ServiceRegistry.ServiceDefinition> load() throws Exception {
        BalancerConfig cfg = loader.load(file).config();
        List<ServiceRegistry.ServiceDefinition> defs = definitions(cfg);
        current = cfg;
        return defs;
    }

    @Override
    public void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name) throws Exception {
        edit(new ConfigEdit.AddInstance(keyOf(service), new InstanceConfig(instance, name)));
    }

    @Override
    public void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name, Optional<Path> clientKey)
            throws Exception {
        edit(new ConfigEdit.AddInstance(keyOf(service), new InstanceConfig(instance, name, clientKey)));
    }

    @Override
    public void removeInstance(OnionAddress service, OnionAddress instance) throws Exception {
        edit(new ConfigEdit.RemoveInstance(keyOf(service), instance));
    }

    @Override
    public List<ServiceRegistry.Retirement> pendingRetirements() {
        List<ServiceRegistry.Retirement> out = new ArrayList<>();
        for (PendingRotation p : PendingRotation.find(current)) {
            keyOfMaster.entrySet().stream().filter(e -> e.getValue().equals(p.serviceKey())).findFirst()
                    .ifPresent(e -> out.add(new ServiceRegistry.Retirement(e.getKey(), p.retiring().address(),
                            p.replacement().address())));
        }
        return out;
    }

    private void edit(ConfigEdit e) throws Exception {
        current = new ConfigWriter(loader).apply(file, List.of(e)).config();
    }

    private Path keyOf(OnionAddress master) {
        Path p = keyOfMaster.get(master);
        if (p == null) {
            throw new IllegalArgumentException("no service " + master + " in " + file);
        }
        return p;
    }
}
