package net.onionbalance.wizard;

import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.config.LoadedConfig;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;

import java.io.IOException;
import java.nio.file.Files;
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

    /** One rotated backend: the new bundle and the old entry it will replace. */
    public record Rotated(Path serviceKey, InstanceConfig retiring, InstanceConfig replacement, Path bundleDir, InstanceBundle bundle) {}

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
                return KeyFiles.load(key).onionAddress();
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
            return KeyFiles.load(s.key()).onionAddress();
        } catch (KeyFileException e) {
            throw new RotationException("Cannot read the master key " + s.key() + ": " + e.getMessage(), e);
        }
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
        IdentityKey masterKey;
        try {
            masterKey = KeyFiles.load(s.key());
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
        InstanceBundle bundle = new InstanceBundle(bundleName, name, IdentityKey.generate(rng, KeyFormat.TOR_SECRET),
                masterKey.onionAddress(), hsDir, oldBundle.portLines());
        return new Rotated(s.key(), old, InstanceConfig.of(bundle.address(), name), oldBundle.dir().resolveSibling(bundleName), bundle);
    }

    private Result write(Path config, Path deployment, List<Rotated> planned, List<String> skipped) throws RotationException {
        List<Path> written = new ArrayList<>();
        try {
            for (Rotated r : planned) {
                Path staging = PrivateFiles.createTempDirectory(deployment, "." + r.bundle().bundleName() + ".rotate-");
                try {
                    PrivateFiles.deleteTree(staging); // writeTo creates the folder itself
                    r.bundle().writeTo(staging, observer);
                    Files.move(staging, r.bundleDir()); // refuses an existing name: never overwrites
                } catch (IOException e) {
                    PrivateFiles.deleteTree(staging);
                    throw e;
                }
                written.add(r.bundleDir());
                observer.created(r.bundleDir());
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
