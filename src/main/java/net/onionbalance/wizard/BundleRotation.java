package net.onionbalance.wizard;

import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.config.LoadedConfig;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Zero-downtime rotation of backend keys. For each chosen backend: a fresh key in a new,
 * versioned bundle beside the old one (srv1 &rarr; srv1.v2, HiddenServiceDir
 * .../onionbalance-srv1.v2, same HiddenServicePort lines, same master), and config.yaml lists the
 * new address next to the old one (node1 &rarr; node1-v2). The operator runs both on the backend
 * host; the engine retires the old one ({@link PendingRotation#retire}) once the new one's
 * descriptor is seen valid. Bundles are written first, each via a temporary folder and a rename;
 * if the config edit then fails they are removed again.
 */
public final class BundleRotation {
    /** Which backends to rotate. */
    public sealed interface Selection {
        /** Every backend that has a bundle in the deployment folder and is not being rotated already. */
        record All() implements Selection {}

        /**
         * Every backend of one service (by master address) that has a bundle and is not being
         * rotated already; the others are skipped and named, as with {@link All}.
         */
        record Service(OnionAddress master) implements Selection {
            public Service {
                Objects.requireNonNull(master, "master");
            }
        }

        /**
         * As {@link Service}, the service given as the operator types it: its master address (with
         * or without ".onion") or its key file as config.yaml names it ({@code <master>.key}, a path).
         */
        record ServiceNamed(String addressOrKey) implements Selection {
            public ServiceNamed {
                Objects.requireNonNull(addressOrKey, "addressOrKey");
                if (addressOrKey.isBlank()) {
                    throw new IllegalArgumentException("no service named");
                }
            }
        }

        /** Backends named by config name (node1), bundle name (srv1) or address. */
        record Named(List<String> names) implements Selection {
            public Named {
                names = List.copyOf(names);
                if (names.isEmpty()) {
                    throw new IllegalArgumentException("no names");
                }
            }
        }
    }

    /**
     * One rotated backend: the new bundle and the old entry it will replace.
     *
     * @param carriedClients the old bundle's other {@code authorized_clients/} files, copied into the new one
     *                       (a restricted backend stays restricted to the same clients)
     */
    public record Rotated(Path serviceKey, InstanceConfig retiring, InstanceConfig replacement, Path bundleDir, InstanceBundle bundle,
                          List<ClientAuthFiles.AuthorizedClient> carriedClients) {
        public Rotated {
            carriedClients = List.copyOf(carriedClients);
        }

        /** Whether the new backend's descriptor is restricted (to the balancer, or to the clients carried over). */
        public boolean restricted() {
            return bundle.balancerClientKey().isPresent() || !carriedClients.isEmpty();
        }
    }

    /** What a rotation did; {@code skipped} says which backends {@code --all} left alone and why. */
    public record Result(Path configFile, List<Rotated> rotated, List<String> skipped, LoadedConfig config) {
        public Result {
            rotated = List.copyOf(rotated);
            skipped = List.copyOf(skipped);
        }
    }

    private final ConfigLoader loader;
    private final SecureRandom rng;
    private final WriteObserver observer;

    public BundleRotation(ConfigLoader loader, SecureRandom rng) {
        this(loader, rng, WriteObserver.NONE);
    }

    BundleRotation(ConfigLoader loader, SecureRandom rng, WriteObserver observer) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.observer = observer;
    }

    /** A loader for rotation: the real environment is not needed; master addresses come from the key files. */
    public static ConfigLoader defaultLoader() {
        Function<Path, OnionAddress> master = key -> {
            try {
                return ServiceKeys.load(key).onionAddress();
            } catch (KeyFileException e) {
                return null;
            }
        };
        return new ConfigLoader(Map.of(), master);
    }

    public Result rotate(Path configFile, Selection selection) throws RotationException {
        Path config = configFile.toAbsolutePath().normalize();
        LoadedConfig loaded;
        try {
            loaded = loader.load(config);
        } catch (ConfigException e) {
            throw new RotationException(e.getMessage(), e);
        }
        Path deployment = config.getParent();
        List<DeployedBundle> bundles;
        Set<String> taken;
        try {
            bundles = DeployedBundle.scan(deployment);
            taken = new HashSet<>(DeployedBundle.takenNames(deployment));
        } catch (IOException e) {
            throw new RotationException("Cannot read the deployment folder " + deployment + ": " + e.getMessage(), e);
        }
        Set<OnionAddress> retiring = PendingRotation.find(loaded.config()).stream()
                .map(r -> r.retiring().address()).collect(Collectors.toSet());

        List<Rotated> planned = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> unmatched = selection instanceof Selection.Named n ? new LinkedHashSet<>(n.names()) : new LinkedHashSet<>();
        boolean serviceFound = false;
        for (ServiceConfig s : loaded.config().services()) {
            if (selection instanceof Selection.Service wanted) {
                if (!masterAddress(s).equals(wanted.master())) {
                    continue;
                }
                serviceFound = true;
            } else if (selection instanceof Selection.ServiceNamed wanted) {
                if (!isService(s, wanted.addressOrKey())) {
                    continue;
                }
                serviceFound = true;
            }
            Set<String> namesInService = s.instances().stream().flatMap(i -> i.name().stream()).collect(Collectors.toCollection(HashSet::new));
            for (InstanceConfig i : s.instances()) {
                Optional<DeployedBundle> bundle = bundles.stream().filter(b -> b.address().equals(i.address())).findFirst();
                String label = i.name().orElse(i.address().withOnionSuffix());
                boolean chosen;
                if (selection instanceof Selection.Named n) {
                    chosen = false;
                    for (String want : n.names()) {
                        if (matches(want, i, bundle)) {
                            chosen = true;
                            unmatched.remove(want);
                        }
                    }
                } else {
                    chosen = true;
                }
                if (!chosen) {
                    continue;
                }
                boolean explicit = selection instanceof Selection.Named;
                if (retiring.contains(i.address())) {
                    String why = label + " is already being replaced by a newer bundle; it is retired once the new one is seen valid";
                    if (explicit) {
                        throw new RotationException("Not rotating " + why + " (rotate the new one instead).");
                    }
                    skipped.add(why);
                    continue;
                }
                if (bundle.isEmpty()) {
                    String why = label + " has no bundle in " + deployment + " (its key lives only on its backend host)";
                    if (explicit) {
                        throw new RotationException("Cannot rotate " + why + "; rotate it by hand, or recreate the deployment with onionbalance config.");
                    }
                    skipped.add(why);
                    continue;
                }
                planned.add(plan(s, i, bundle.get(), taken, namesInService));
            }
        }
        if (selection instanceof Selection.Service wanted && !serviceFound) {
            throw new RotationException("No service " + wanted.master().withOnionSuffix() + " in " + config + ".");
        }
        if (selection instanceof Selection.ServiceNamed wanted && !serviceFound) {
            List<String> known = new ArrayList<>();
            for (ServiceConfig s : loaded.config().services()) {
                known.add(masterAddress(s).withOnionSuffix());
            }
            throw new RotationException("No service " + ServiceTarget.printable(wanted.addressOrKey()) + " in " + config
                    + " (give a master address or key file it lists: " + String.join(", ", known) + ").");
        }
        if (!unmatched.isEmpty()) {
            throw new RotationException("No instance " + String.join(", ", unmatched) + " in " + config + " (give a name from config.yaml such as "
                    + loaded.config().services().get(0).instances().get(0).name().orElse("node1") + ", a bundle name such as srv1, or an address).");
        }
        if (planned.isEmpty()) {
            throw new RotationException("Nothing to rotate in " + config + (skipped.isEmpty() ? "." : ": " + String.join("; ", skipped) + "."));
        }
        return write(config, deployment, planned, skipped);
    }

    private static OnionAddress masterAddress(ServiceConfig s) throws RotationException {
        try {
            return ServiceKeys.load(s.key()).onionAddress();
        } catch (KeyFileException e) {
            throw new RotationException("Cannot read the master key " + s.key() + ": " + e.getMessage(), e);
        }
    }

    /** The service by master address (".onion" optional) or by its key file: the path config.yaml gives, or its file name. */
    private static boolean isService(ServiceConfig s, String want) throws RotationException {
        String w = want.strip();
        if (s.key().toString().equals(w) || s.key().getFileName().toString().equals(w)) {
            return true;
        }
        String address = w.toLowerCase(java.util.Locale.ROOT);
        address = address.endsWith(".onion") ? address.substring(0, address.length() - ".onion".length()) : address;
        return masterAddress(s).toString().equals(address);
    }

    private static boolean matches(String want, InstanceConfig i, Optional<DeployedBundle> bundle) {
        if (i.name().filter(want::equals).isPresent() || bundle.filter(b -> b.name().equals(want)).isPresent()) {
            return true;
        }
        try {
            return OnionAddress.parse(want).equals(i.address());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Rotated plan(ServiceConfig s, InstanceConfig old, DeployedBundle oldBundle, Set<String> taken, Set<String> namesInService)
            throws RotationException {
        net.onionbalance.crypto.OnionAddress masterAddress;
        try {
            masterAddress = ServiceKeys.load(s.key()).onionAddress(); // a key file or an offline key bundle
        } catch (KeyFileException e) {
            throw new RotationException("Cannot read the master key to write ob_config: " + e.getMessage(), e);
        }
        String base = oldBundle.baseName();
        String oldName = old.name().orElse(base);
        int v = Math.max(oldBundle.version(), PendingRotation.version(oldName)) + 1;
        while (taken.contains(base + ".v" + v) || namesInService.contains(PendingRotation.versionedName(oldName, v))) {
            v++;
        }
        String bundleName = base + ".v" + v;
        String name = PendingRotation.versionedName(oldName, v);
        taken.add(bundleName);
        namesInService.add(name);
        Path hsDir = Optional.ofNullable(oldBundle.hiddenServiceDir().getParent()).orElse(DeploymentRequest.DEFAULT_HS_DIR_ROOT)
                .resolve(DeploymentPlan.hsDirName(bundleName));
        // A backend restricted to the balancer (config.yaml names the balancer's client-key for it) gets a new
        // balancer key for its new address, beside the old one; other clients of the old bundle's
        // authorized_clients/ are carried over, so a rotation never turns a restricted backend public.
        List<ClientAuthFiles.AuthorizedClient> others;
        try {
            others = oldBundle.authorizedClients();
        } catch (KeyFileException e) {
            throw new RotationException("Cannot read the authorized clients of the bundle " + oldBundle.dir() + ": " + e.getMessage()
                    + "; fix or remove the file, then rotate again.", e);
        }
        boolean toBalancer = old.clientKey().isPresent();
        Optional<X25519PrivateKey> balancerKey = toBalancer ? Optional.of(X25519PrivateKey.generate(rng)) : Optional.empty();
        List<ClientAuthFiles.AuthorizedClient> carried = others.stream()
                .filter(c -> !(toBalancer && c.name().equals(InstanceBundle.BALANCER_AUTH_NAME))).toList();
        InstanceBundle bundle = new InstanceBundle(bundleName, name, IdentityKey.generate(rng, KeyFormat.TOR_SECRET),
                masterAddress, hsDir, oldBundle.portLines(), balancerKey);
        Optional<Path> clientKey = old.clientKey().map(k -> k.resolveSibling(bundleName + ClientAuthFiles.AUTH_PRIVATE_SUFFIX));
        if (clientKey.isPresent() && Files.exists(clientKey.get(), LinkOption.NOFOLLOW_LINKS)) {
            throw new RotationException("Cannot rotate " + oldName + ": the balancer's key file for the new bundle, " + clientKey.get()
                    + ", already exists (from an earlier rotation?); move it away, then rotate again.");
        }
        return new Rotated(s.key(), old, new InstanceConfig(bundle.address(), Optional.of(name), clientKey),
                oldBundle.dir().resolveSibling(bundleName), bundle, carried);
    }

    private Result write(Path config, Path deployment, List<Rotated> planned, List<String> skipped) throws RotationException {
        List<Path> written = new ArrayList<>();
        try {
            for (Rotated r : planned) {
                Path staging = PrivateFiles.createTempDirectory(deployment, "." + r.bundle().bundleName() + ".rotate-");
                try {
                    PrivateFiles.deleteTree(staging); // writeTo creates the folder itself
                    r.bundle().writeTo(staging, observer);
                    r.bundle().writeAuthorizedClients(staging, r.carriedClients(), observer);
                    Files.move(staging, r.bundleDir()); // refuses an existing name: never overwrites
                } catch (IOException e) {
                    PrivateFiles.deleteTree(staging);
                    throw e;
                }
                written.add(r.bundleDir());
                observer.created(r.bundleDir());
                if (r.replacement().clientKey().isPresent()) {
                    Path k = r.replacement().clientKey().get();
                    ClientAuthFiles.writeAuthPrivateFile(k, r.bundle().address(), r.bundle().balancerClientKey().orElseThrow());
                    written.add(k);
                    observer.created(k);
                }
            }
            AtomicFiles.syncFolder(deployment);
            List<ConfigEdit> edits = planned.stream().map(r -> (ConfigEdit) new ConfigEdit.AddInstance(r.serviceKey(), r.replacement())).toList();
            LoadedConfig after = new ConfigWriter(loader).apply(config, edits);
            return new Result(config, planned, skipped, after);
        } catch (IOException | ConfigException e) {
            written.forEach(PrivateFiles::deleteTree);
            throw new RotationException("Rotation failed, nothing was changed: " + e.getMessage(), e);
        }
    }
}
