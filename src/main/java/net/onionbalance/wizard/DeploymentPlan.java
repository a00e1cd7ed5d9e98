package net.onionbalance.wizard;

import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DeploymentRequest} with every key read or made: what will be written, nothing written
 * yet. Every check that can fail on the operator's input happens while building it.
 */
public record DeploymentPlan(Path output, List<PlannedService> services, boolean force) {
    public static final String CONFIG_FILE = "config.yaml";
    public static final String README_FILE = "README.txt";
    /** The balancer's client keys for backends restricted to it: {@code backend-keys/<bundle>.auth_private}. */
    public static final String BACKEND_KEYS_DIR = "backend-keys";

    /** config.yaml's {@code client-key:} for a restricted bundle, relative to config.yaml. */
    public static String clientKeyPath(InstanceBundle b) {
        return BACKEND_KEYS_DIR + "/" + b.bundleName() + ClientAuthFiles.AUTH_PRIVATE_SUFFIX;
    }

    /**
     * One master service.
     *
     * @param number       1-based, as in the wizard's "Service #1"
     * @param masterKey    the master identity key
     * @param importedFrom the file it was imported from (copied byte for byte, as onionbalance-config does)
     */
    public record PlannedService(int number, IdentityKey masterKey, Optional<Path> importedFrom, List<InstanceBundle> instances) {
        public PlannedService {
            Objects.requireNonNull(masterKey, "masterKey");
            Objects.requireNonNull(importedFrom, "importedFrom");
            instances = List.copyOf(instances);
        }

        public OnionAddress master() {
            return masterKey.onionAddress();
        }

        /** As onionbalance-config names it: the 56 address characters and ".key", next to config.yaml. */
        public String keyFileName() {
            return master() + ".key";
        }
    }

    public DeploymentPlan {
        Objects.requireNonNull(output, "output");
        services = List.copyOf(services);
    }

    /** Reads the keys to import and makes the others: master keys as PEM (like onionbalance-config), instance keys in tor's format. */
    public static DeploymentPlan prepare(DeploymentRequest request, SecureRandom rng) throws InvalidAnswerException {
        Path root = request.hsDirRoot();
        if (!root.isAbsolute() || root.toString().chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidAnswerException("--hs-dir-root", "The HiddenServiceDir root '" + ServiceTarget.printable(root.toString())
                    + "' must be an absolute path without spaces (tor warns about relative HiddenServiceDir paths).");
        }
        List<PlannedService> services = new ArrayList<>();
        Map<OnionAddress, Integer> seen = new HashMap<>();
        int bundle = 0;
        for (int i = 0; i < request.services().size(); i++) {
            ServiceRequest s = request.services().get(i);
            int number = i + 1;
            String keyField = "service #" + number + " master key";
            IdentityKey master = s.importKey().isPresent()
                    ? Answers.importedKey(keyField, s.importKey().get())
                    : IdentityKey.generate(rng, KeyFormat.PEM_PKCS8);
            Integer earlier = seen.putIfAbsent(master.onionAddress(), number);
            if (earlier != null) {
                throw new InvalidAnswerException(keyField, "Services #" + earlier + " and #" + number + " would have the same master key ("
                        + master.onionAddress().withOnionSuffix() + "); each service needs its own key.");
            }
            Answers.numberOfInstances("service #" + number + " number of instances", s.instances());
            Answers.tag("service #" + number + " tag", s.tag());
            List<InstanceBundle> instances = new ArrayList<>();
            for (int k = 1; k <= s.instances(); k++) {
                bundle++;
                String bundleName = "srv" + bundle;
                instances.add(new InstanceBundle(bundleName, s.tag() + k, IdentityKey.generate(rng, KeyFormat.TOR_SECRET),
                        master.onionAddress(), root.resolve(hsDirName(bundleName)),
                        List.of(InstanceBundle.portLine(s.virtualPort(), s.target())),
                        request.restrictBackends()
                                ? Optional.of(X25519PrivateKey.generate(rng)) : Optional.empty()));
            }
            services.add(new PlannedService(number, master, s.importKey(), instances));
        }
        return new DeploymentPlan(request.output(), services, request.force());
    }

    /** The HiddenServiceDir name on the backend host for a bundle: distinct per bundle, so an old and a rotated one can run side by side. */
    public static String hsDirName(String bundleName) {
        return "onionbalance-" + bundleName;
    }

    /** The names this plan creates directly in the output folder (config.yaml last: it marks a complete deployment). */
    public List<String> entryNames() {
        List<String> names = new ArrayList<>();
        for (PlannedService s : services) {
            names.add(s.keyFileName());
        }
        for (PlannedService s : services) {
            for (InstanceBundle b : s.instances()) {
                names.add(b.bundleName());
            }
        }
        if (bundles().stream().anyMatch(b -> b.balancerClientKey().isPresent())) {
            names.add(BACKEND_KEYS_DIR);
        }
        names.add(README_FILE);
        names.add(CONFIG_FILE);
        return names;
    }

    public List<InstanceBundle> bundles() {
        return services.stream().flatMap(s -> s.instances().stream()).toList();
    }
}
