package net.onionbalance.wizard;

import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.ClientAuthFiles.AuthorizedClient;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorized clients of a deployment's services (restricted discovery, rend-spec-v3
 * §2.5.1.2): list, add (a new key pair: the public {@code <name>.auth} for the service's
 * {@code authorized-clients} folder, the private {@code <master>.auth_private} for the client's
 * tor), remove (deletes the {@code .auth} file). Files are written 0600, atomically, never over
 * an existing one. A running balancer applies the change at its next reload (SIGHUP, {@code
 * systemctl reload onionbalance}), and republishes at once when a service's clients changed, so
 * a removed client can no longer open the descriptor it fetches next.
 */
public final class ClientAuthorizations {
    /** Where {@code add} puts a service's folder when config.yaml names none yet (relative to config.yaml). */
    public static final String DEFAULT_FOLDER_PARENT = "authorized_clients";
    /** Where {@code add} puts the client's private files by default (relative to config.yaml): {@code client-keys/<name>/}. */
    public static final String DEFAULT_PRIVATE_PARENT = "client-keys";

    private final ConfigLoader loader;
    private final SecureRandom rng;

    public ClientAuthorizations(ConfigLoader loader, SecureRandom rng) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    /** One service and its clients. */
    public record ServiceClients(OnionAddress master, Path key, AuthorizedClients source, List<AuthorizedClient> clients) {
        public boolean restricted() {
            return !(source instanceof AuthorizedClients.None);
        }
    }

    /** Why {@link #add} or {@link #remove} refuses a service, as the operator fixes it. */
    public record Refusal(String problem, String fix) {
        /** One sentence pair for a status line or a box. */
        public String text() {
            return problem + " Fix: " + fix;
        }
    }

    /** Why {@link #add} would refuse any new client of this service; empty when it can add one. */
    public static Optional<Refusal> additionRefusal(ServiceClients s) {
        if (s.source() instanceof AuthorizedClients.Listed) {
            return Optional.of(new Refusal("The service " + s.master().withOnionSuffix()
                    + " lists its clients as lines in config.yaml, which onionbalance does not edit.",
                    "switch it to a folder ('authorized-clients: <folder>' holding one <name>.auth file per client), "
                            + "or add the client's 'descriptor:x25519:...' line by hand."));
        }
        return Optional.empty();
    }

    /**
     * Why {@link #remove} would refuse to remove any client of this service; empty when it can
     * remove one. The last client is never removed this way: the service would turn public (the
     * balancer refuses an empty folder); removing {@code authorized-clients:} from config.yaml makes
     * it public on purpose.
     */
    public static Optional<Refusal> removalRefusal(ServiceClients s) {
        if (!(s.source() instanceof AuthorizedClients.Folder)) {
            return Optional.of(new Refusal("The service " + s.master().withOnionSuffix()
                    + (s.restricted() ? " lists its clients as lines in config.yaml." : " has no authorized clients."),
                    s.restricted() ? "delete the client's line by hand." : "nothing to remove."));
        }
        if (s.clients().size() <= 1) {
            return Optional.of(new Refusal("The only client of " + s.master().withOnionSuffix()
                    + " cannot be removed: it is the service's last client, and without it the service would be public.",
                    "add another client first, or remove 'authorized-clients:' from config.yaml to make it public on purpose."));
        }
        return Optional.empty();
    }

    /** What {@link #add} wrote. */
    public record Added(OnionAddress master, String name, Path authFile, Path privateFile, boolean configEdited) {}

    /** Every service of the config with its clients (a folder is read as it is now). */
    public List<ServiceClients> list(Path config) throws ConfigException, IOException {
        BalancerConfig cfg = loader.load(config).config();
        List<ServiceClients> out = new ArrayList<>();
        for (ServiceConfig s : cfg.services()) {
            OnionAddress master = ServiceKeys.load(s.key()).onionAddress();
            AuthorizedClients a = s.extensions().authorizedClients();
            List<AuthorizedClient> clients = a instanceof AuthorizedClients.Listed l ? l.clients()
                    : a instanceof AuthorizedClients.Folder f && Files.isDirectory(f.folder()) ? ClientAuthFiles.readFolder(f.folder())
                    : List.of();
            out.add(new ServiceClients(master, s.key(), a, clients));
        }
        return out;
    }

    /** The service with this master address; an error listing the ones there are. */
    public ServiceClients service(Path config, OnionAddress master) throws ConfigException, IOException {
        List<ServiceClients> all = list(config);
        return all.stream().filter(s -> s.master().equals(master)).findFirst().orElseThrow(() -> new ConfigException(config, 0,
                "No service in this file has the master address " + master.withOnionSuffix() + ".",
                "use one of: " + String.join(", ", all.stream().map(s -> s.master().withOnionSuffix()).toList()) + "."));
    }

    /**
     * Makes a key pair for client {@code name} of {@code master}.
     *
     * @param privateDir where to write {@code <master>.auth_private}; empty: {@code client-keys/<name>/} beside config.yaml
     */
    public Added add(Path config, OnionAddress master, String name, Optional<Path> privateDir) throws ConfigException, IOException {
        ClientAuthFiles.checkName(name);
        ServiceClients s = service(config, master);
        Optional<Refusal> refused = additionRefusal(s);
        if (refused.isPresent()) {
            throw new ConfigException(config, 0, refused.get().problem(), refused.get().fix());
        }
        Path folder;
        boolean editConfig = false;
        Path configDir = config.toAbsolutePath().getParent();
        if (s.source() instanceof AuthorizedClients.Folder f) {
            folder = f.folder();
        } else {
            folder = defaultFolder(configDir, master);
            editConfig = true;
        }
        if (s.clients().stream().anyMatch(c -> c.name().equals(name))) {
            throw new KeyFileException(folder.resolve(name + ClientAuthFiles.AUTH_SUFFIX), "client '" + name
                    + "' already exists for " + master.withOnionSuffix() + "; remove it first or choose another name");
        }
        Path authFile = folder.resolve(name + ClientAuthFiles.AUTH_SUFFIX);
        Path privateFile = privateDir.map(d -> d.resolve(master + ClientAuthFiles.AUTH_PRIVATE_SUFFIX))
                .orElse(defaultPrivateFile(configDir, name, master));
        for (Path p : List.of(authFile, privateFile)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new KeyFileException(p, "already exists; refusing to overwrite it");
            }
        }
        writePair(authFile, privateFile, master, X25519PrivateKey.generate(rng));
        if (editConfig) {
            new ConfigWriter(loader).apply(config, List.of(new ConfigEdit.SetAuthorizedClientsFolder(s.key(),
                    configDir.relativize(folder).toString())));
        }
        return new Added(master, name, authFile, privateFile, editConfig);
    }

    /**
     * Deletes client {@code name}'s {@code .auth} file. The last client is not removed: the service
     * would turn public (the balancer refuses an empty folder); remove {@code authorized-clients:}
     * from config.yaml to make it public on purpose.
     *
     * @return the file deleted
     */
    public Path remove(Path config, OnionAddress master, String name) throws ConfigException, IOException {
        ServiceClients s = service(config, master);
        if (s.source() instanceof AuthorizedClients.Folder f && s.clients().stream().noneMatch(c -> c.name().equals(name))) {
            throw new KeyFileException(f.folder().resolve(name + ClientAuthFiles.AUTH_SUFFIX), "no such client of "
                    + master.withOnionSuffix() + "; clients: " + String.join(", ", s.clients().stream().map(AuthorizedClient::name).toList()));
        }
        Optional<Refusal> refused = removalRefusal(s);
        if (refused.isPresent()) {
            throw new ConfigException(config, 0, refused.get().problem(), refused.get().fix());
        }
        Path authFile = ((AuthorizedClients.Folder) s.source()).folder().resolve(name + ClientAuthFiles.AUTH_SUFFIX);
        Files.delete(authFile);
        AtomicFiles.syncFolder(authFile.getParent());
        return authFile;
    }

    /** The folder of a service's {@code .auth} files that {@link #add} creates beside config.yaml: {@code authorized_clients/<master>/}. */
    public static Path defaultFolder(Path configDir, OnionAddress master) {
        return configDir.resolve(DEFAULT_FOLDER_PARENT).resolve(master.toString());
    }

    /** The client's private file that {@link #add} writes beside config.yaml: {@code client-keys/<name>/<master>.auth_private}. */
    public static Path defaultPrivateFile(Path configDir, String name, OnionAddress master) {
        return configDir.resolve(DEFAULT_PRIVATE_PARENT).resolve(name).resolve(master + ClientAuthFiles.AUTH_PRIVATE_SUFFIX);
    }

    /**
     * Writes one client's pair (the wizard's too): the client's {@code .auth_private}, then the
     * service's {@code .auth}; both 0600, atomically, never over an existing file; missing folders
     * are created 0700.
     */
    static void writePair(Path authFile, Path privateFile, OnionAddress master, X25519PrivateKey key) throws IOException {
        ensurePrivateFolder(authFile.toAbsolutePath().getParent());
        ensurePrivateFolder(privateFile.toAbsolutePath().getParent());
        ClientAuthFiles.writeAuthPrivateFile(privateFile, master, key);
        ClientAuthFiles.writeAuthFile(authFile, key.publicKey());
    }

    static void ensurePrivateFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            ensurePrivateFolder(parent);
        }
        PrivateFiles.createDirectory(dir);
    }
}
