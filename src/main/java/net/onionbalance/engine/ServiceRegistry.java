package net.onionbalance.engine;

import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.doc.keys.FullKeyIdentity;
import net.onionbalance.doc.keys.ServiceIdentity;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.hsdesc.ClientAuthorization;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The services being balanced and the backends they use. A backend listed under several
 * services has one {@link BackendState}, fetched once. Changes made by the operator go through
 * {@link ConfigStore} first, so config.yaml and the running state never disagree.
 */
public final class ServiceRegistry {
    private static final Logger LOG = Logger.getLogger(ServiceRegistry.class.getName());

    /** Where services come from and where the operator's changes are written. */
    public interface ConfigStore {
        /** The services as config.yaml describes them now, keys loaded. */
        List<ServiceDefinition> load() throws Exception;

        void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name) throws Exception;

        /** As above, with config.yaml's {@code client-key} for a backend restricted to the balancer. */
        default void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name, Optional<Path> clientKey)
                throws Exception {
            if (clientKey.isPresent()) {
                throw new UnsupportedOperationException("this configuration cannot name a backend's client-key");
            }
            addInstance(service, instance, name);
        }

        void removeInstance(OnionAddress service, OnionAddress instance) throws Exception;

        /** Backends listed beside their rotated replacement, waiting for it to come up. */
        default List<Retirement> pendingRetirements() {
            return List.of();
        }
    }

    /**
     * A backend replaced by a rotated one (new keys, new torrc bundle): both stay listed until the
     * replacement's descriptor is seen valid, then the old one is removed, so clients never face
     * a service without live intro points.
     */
    public record Retirement(OnionAddress service, OnionAddress retiring, OnionAddress replacement) {}

    /**
     * One service as configured: its key, instances and per-service settings, who may fetch its
     * descriptor (rend-spec-v3 §2.5.1.2), and the balancer's client keys for backends restricted to it.
     */
    public record ServiceDefinition(ServiceIdentity key, List<InstanceRef> instances, ServiceExtensions extensions,
                                    ClientAuthorization clientAuthorization,
                                    Map<OnionAddress, X25519PrivateKey> backendClientKeys) {
        public ServiceDefinition {
            instances = List.copyOf(instances);
            java.util.Objects.requireNonNull(extensions, "extensions");
            java.util.Objects.requireNonNull(clientAuthorization, "clientAuthorization");
            backendClientKeys = Map.copyOf(backendClientKeys);
        }

        /** With the identity key itself. */
        public ServiceDefinition(IdentityKey key, List<InstanceRef> instances, ServiceExtensions extensions,
                                 ClientAuthorization clientAuthorization,
                                 Map<OnionAddress, X25519PrivateKey> backendClientKeys) {
            this(new FullKeyIdentity(key), instances, extensions, clientAuthorization, backendClientKeys);
        }

        public ServiceDefinition(ServiceIdentity key, List<InstanceRef> instances, ServiceExtensions extensions) {
            this(key, instances, extensions, ClientAuthorization.open(), Map.of());
        }

        public ServiceDefinition(IdentityKey key, List<InstanceRef> instances, ServiceExtensions extensions) {
            this(new FullKeyIdentity(key), instances, extensions, ClientAuthorization.open(), Map.of());
        }

        public ServiceDefinition(IdentityKey key, List<InstanceRef> instances) {
            this(key, instances, ServiceExtensions.NONE);
        }

        public OnionAddress master() {
            return key.onionAddress();
        }
    }

    private final ConfigStore store;
    private final Map<OnionAddress, ServiceState> services = new LinkedHashMap<>();
    private final Map<OnionAddress, BackendState> backends = new LinkedHashMap<>();

    public ServiceRegistry(ConfigStore store, List<ServiceDefinition> initial) {
        this.store = store;
        apply(initial);
    }

    Collection<ServiceState> services() {
        return services.values();
    }

    Collection<BackendState> backends() {
        return backends.values();
    }

    Optional<ServiceState> service(OnionAddress master) {
        return Optional.ofNullable(services.get(master));
    }

    Optional<BackendState> backend(OnionAddress address) {
        return Optional.ofNullable(backends.get(address));
    }

    /**
     * The master or backend address an event names, when it is one of ours. Tor writes addresses
     * in events as the 56 base32 characters (control-spec §4.1.25), so a string match finds
     * them; parsing each event's address would check its key is a curve point (a scalar
     * multiplication) for every event, most of which concern other services.
     */
    Optional<OnionAddress> known(String address) {
        for (OnionAddress a : services.keySet()) {
            if (a.toString().equalsIgnoreCase(address)) {
                return Optional.of(a);
            }
        }
        for (OnionAddress a : backends.keySet()) {
            if (a.toString().equalsIgnoreCase(address)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name) {
        addInstance(service, instance, name, Optional.empty());
    }

    void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name, Optional<Path> clientKey) {
        ServiceState s = services.get(service);
        if (s == null) {
            LOG.warning("Cannot add " + instance + ": no service " + service);
            return;
        }
        if (instance.equals(service) || services.containsKey(instance)) {
            LOG.warning("Cannot add " + instance + " to " + service + ": it is a master address, not a backend");
            return;
        }
        if (s.instances.stream().anyMatch(i -> i.address().equals(instance))) {
            LOG.warning("Instance " + instance + " is already part of " + service);
            return;
        }
        try {
            store.addInstance(service, instance, name, clientKey);
        } catch (Exception e) {
            LOG.warning("Could not add instance " + instance + " to config.yaml: " + e.getMessage());
            return;
        }
        LOG.info("Added instance " + instance + " to " + service + (clientKey.isPresent() ? " (restricted to the balancer)" : ""));
        if (clientKey.isPresent()) {
            // The store loads keys (the engine reads no key file): take the config as it is now, the key included.
            reload();
            return;
        }
        s.instances.add(new InstanceRef(name, instance));
        backends.computeIfAbsent(instance, BackendState::new);
    }

    /** Retirements that a valid descriptor of {@code backend} completes. */
    List<Retirement> retirementsCompletedBy(OnionAddress backend) {
        List<Retirement> out = new ArrayList<>();
        for (Retirement r : store.pendingRetirements()) {
            if (r.replacement().equals(backend) && services.containsKey(r.service())) {
                out.add(r);
            }
        }
        return out;
    }

    void removeInstance(OnionAddress service, OnionAddress instance) {
        ServiceState s = services.get(service);
        if (s == null || s.instances.stream().noneMatch(i -> i.address().equals(instance))) {
            LOG.warning("Cannot remove " + instance + ": not an instance of " + service);
            return;
        }
        try {
            store.removeInstance(service, instance);
        } catch (Exception e) {
            LOG.warning("Could not remove instance " + instance + " from config.yaml: " + e.getMessage());
            return;
        }
        s.instances.removeIf(i -> i.address().equals(instance));
        dropUnusedBackends();
        LOG.info("Removed instance " + instance + " from " + service);
    }

    /**
     * Re-reads the config (SIGHUP). Services whose key and instances are unchanged keep their
     * state, so a reload causes no republish storm; a broken config is refused.
     *
     * @return whether the new config was applied
     */
    boolean reload() {
        List<ServiceDefinition> defs;
        try {
            defs = store.load();
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // A config that exhausts the loader (the YAML limits should stop it first) is refused like any other.
            LOG.severe("Config reload refused, the running configuration stays: "
                    + (e instanceof Error ? e.toString() : e.getMessage()));
            return false;
        }
        apply(defs);
        LOG.info("Config reloaded: " + services.size() + " services, " + backends.size() + " backends");
        return true;
    }

    private void apply(List<ServiceDefinition> defs) {
        Map<OnionAddress, ServiceState> next = new LinkedHashMap<>();
        Map<OnionAddress, X25519PrivateKey> clientKeys = new java.util.HashMap<>();
        for (ServiceDefinition d : defs) {
            OnionAddress master = d.master();
            ServiceState old = services.get(master);
            ServiceState s = old != null ? old : new ServiceState(master, d.key(), d.instances());
            if (old != null) {
                // A renewed key bundle (or the key itself instead of one) is taken at the reload.
                s.key = d.key();
                s.instances.clear();
                s.instances.addAll(d.instances());
                if (!old.clientAuthorization.equals(d.clientAuthorization())) {
                    // A removed client must lose access at its next fetch: publish now, not at the next age limit.
                    s.forcePublish = true;
                    LOG.info("Authorized clients of " + master + " changed: republishing");
                }
            }
            s.extensions = d.extensions();
            s.clientAuthorization = d.clientAuthorization();
            next.put(master, s);
            for (InstanceRef i : d.instances()) {
                backends.computeIfAbsent(i.address(), BackendState::new);
            }
            clientKeys.putAll(d.backendClientKeys());
        }
        services.clear();
        services.putAll(next);
        dropUnusedBackends();
        for (BackendState b : backends.values()) {
            b.clientKey = Optional.ofNullable(clientKeys.get(b.address));
        }
    }

    private void dropUnusedBackends() {
        List<OnionAddress> used = new ArrayList<>();
        services.values().forEach(s -> s.instances.forEach(i -> used.add(i.address())));
        backends.keySet().retainAll(used);
    }
}
