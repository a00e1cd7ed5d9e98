package net.onionbalance.wizard;

import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.crypto.X25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.hsdesc.InnerLayer;
import net.onionbalance.engine.HsDirAssignment;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
     * One authorized client of a master service.
     *
     * @param privateKey made here: the client's {@code .auth_private} is written too; empty for a
     *                   client taken from a folder of {@code .auth} files (its owner has the key)
     */
    public record PlannedClient(String name, X25519PublicKey key, Optional<X25519PrivateKey> privateKey) {
        public PlannedClient {
            ClientAuthFiles.checkName(name);
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        static PlannedClient made(String name, X25519PrivateKey k) {
            return new PlannedClient(name, k.publicKey(), Optional.of(k));
        }
    }

    /**
     * One master service.
     *
     * @param number       1-based, as in the wizard's "Service #1"
     * @param masterKey    the master identity key
     * @param importedFrom the file it was imported from (copied byte for byte, as onionbalance-config does)
     * @param clients      its authorized clients; empty: a public service
     * @param introPointsPerInstance config.yaml's {@code intro-points-per-instance} for it
     */
    public record PlannedService(int number, IdentityKey masterKey, Optional<Path> importedFrom, List<InstanceBundle> instances,
                                 List<PlannedClient> clients, int introPointsPerInstance) {
        public PlannedService {
            Objects.requireNonNull(masterKey, "masterKey");
            Objects.requireNonNull(importedFrom, "importedFrom");
            instances = List.copyOf(instances);
            clients = List.copyOf(clients);
        }

        /** config.yaml's {@code authorized-clients:} for it, relative to config.yaml, as {@code client-auth add} names it. */
        public String clientsFolderText() {
            return ClientAuthorizations.DEFAULT_FOLDER_PARENT + "/" + master();
        }

        public OnionAddress master() {
            return masterKey.onionAddress();
        }

        /**
         * What its number of backends means for visitors, one sentence per line; empty when they fit
         * in one descriptor (every visitor sees every backend). The summaries and README.txt show it.
         */
        public List<String> visitorNotes() {
            int oneDescriptor = HsDirAssignment.maxBackends(1, introPointsPerInstance);
            int n = instances.size();
            if (n <= oneDescriptor) {
                return List.of();
            }
            return List.of(
                    n + " backends need more intro points than one descriptor holds (" + InnerLayer.MAX_INTRO_POINTS + "), so each of the "
                            + HsDirAssignment.DEFAULT_FETCH_HSDIRS + " HSDirs clients fetch from gets its own descriptor",
                    "(distinct-descriptors): each visitor sees the backends of the descriptor it fetched, up to "
                            + oneDescriptor + " at a time,",
                    "until it fetches again; each backend gets about 1/" + n + " of new visitors.",
                    "distinct-descriptors: off under the service in config.yaml would cap it at " + oneDescriptor
                            + " backends (the others left out).");
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
            Answers.introPointsPerInstance("service #" + number + " intro points per instance",
                    Integer.toString(s.introPointsPerInstance()), s.instances());
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
            services.add(new PlannedService(number, master, s.importKey(), instances,
                    clients("service #" + number + " authorized clients", s.clients(), rng), s.introPointsPerInstance()));
        }
        return new DeploymentPlan(request.output(), services, request.force());
    }

    /** The clients taken from the folder, then the new ones named client1, client2, ... (names the folder took skipped). */
    private static List<PlannedClient> clients(String field, ClientsRequest r, SecureRandom rng) throws InvalidAnswerException {
        List<PlannedClient> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        if (r.folder().isPresent()) {
            for (ClientAuthFiles.AuthorizedClient c : Answers.clientsFolder(field, r.folder().get())) {
                out.add(new PlannedClient(c.name(), c.key(), Optional.empty()));
                taken.add(c.name());
            }
        }
        Answers.numberOfNewClients(field, r.newClients());
        int n = 0;
        for (int k = 0; k < r.newClients(); k++) {
            String name;
            do {
                name = NEW_CLIENT_PREFIX + ++n;
            } while (taken.contains(name));
            taken.add(name);
            out.add(PlannedClient.made(name, X25519PrivateKey.generate(rng)));
        }
        return out;
    }

    /** The wizard names the client keys it makes client1, client2, ... */
    public static final String NEW_CLIENT_PREFIX = "client";

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
        if (services.stream().anyMatch(s -> !s.clients().isEmpty())) {
            names.add(ClientAuthorizations.DEFAULT_FOLDER_PARENT);
        }
        if (services.stream().anyMatch(s -> s.clients().stream().anyMatch(c -> c.privateKey().isPresent()))) {
            names.add(ClientAuthorizations.DEFAULT_PRIVATE_PARENT);
        }
        names.add(README_FILE);
        names.add(CONFIG_FILE);
        return names;
    }

    public List<InstanceBundle> bundles() {
        return services.stream().flatMap(s -> s.instances().stream()).toList();
    }
}
