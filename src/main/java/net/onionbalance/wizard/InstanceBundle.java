package net.onionbalance.wizard;

import java.util.Optional;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything one backend's tor needs to serve as an onionbalance instance, in one folder:
 * <pre>
 * srvN/instance_torrc                        HiddenServiceDir, HiddenServicePort(s), HiddenServiceOnionbalanceInstance 1
 * srvN/&lt;HiddenServiceDir name&gt;/hs_ed25519_secret_key   tor's own key file formats (rend-spec-v3 Appendix F)
 *                          hs_ed25519_public_key
 *                          hostname          "&lt;address&gt;.onion\n", as tor writes it
 *                          ob_config         "MasterOnionAddress &lt;master&gt;.onion" (tor &ge; 0.4.4, hs_ob.c)
 * </pre>
 * Without ob_config and HiddenServiceOnionbalanceInstance the backend cannot decrypt INTRODUCE2
 * cells sent for the master ("Could not get valid INTRO2 keys", onionbalance troubleshooting).
 *
 * @param bundleName       the folder name in the deployment (srv1, srv1.v2, ...)
 * @param instanceName     the name in config.yaml (node1, node1-v2, ...)
 * @param instanceKey      the backend's own identity key (fresh)
 * @param master           the frontend this backend serves
 * @param hiddenServiceDir the HiddenServiceDir on the backend host; its last element names the key folder
 * @param portLines        complete {@code HiddenServicePort ...} lines
 * @param balancerClientKey when the backend's descriptor is restricted to the balancer: the balancer's client
 *                         key; the bundle then carries {@code authorized_clients/balancer.auth} (its public half)
 */
public record InstanceBundle(String bundleName, String instanceName, IdentityKey instanceKey, OnionAddress master,
                             Path hiddenServiceDir, List<String> portLines,
                             Optional<X25519PrivateKey> balancerClientKey) {
    /** tor's folder of authorized clients inside a HiddenServiceDir, and the balancer's file in it. */
    public static final String AUTHORIZED_CLIENTS = "authorized_clients";
    public static final String BALANCER_AUTH_NAME = "balancer";
    public static final String BALANCER_AUTH = BALANCER_AUTH_NAME + ClientAuthFiles.AUTH_SUFFIX;

    public InstanceBundle(String bundleName, String instanceName, IdentityKey instanceKey, OnionAddress master,
                          Path hiddenServiceDir, List<String> portLines) {
        this(bundleName, instanceName, instanceKey, master, hiddenServiceDir, portLines, Optional.empty());
    }

    public static final String TORRC = "instance_torrc";
    public static final String OB_CONFIG = "ob_config";
    public static final String HOSTNAME = "hostname";
    public static final String SECRET_KEY = "hs_ed25519_secret_key";
    public static final String PUBLIC_KEY = "hs_ed25519_public_key";

    public InstanceBundle {
        Objects.requireNonNull(bundleName, "bundleName");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(instanceKey, "instanceKey");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(hiddenServiceDir, "hiddenServiceDir");
        Objects.requireNonNull(balancerClientKey, "balancerClientKey");
        portLines = List.copyOf(portLines);
        if (portLines.isEmpty()) {
            throw new IllegalArgumentException("a backend needs at least one HiddenServicePort line");
        }
        for (String l : portLines) {
            if (!l.startsWith("HiddenServicePort ") || l.contains("\n") || l.contains("\r")) {
                throw new IllegalArgumentException("not a single HiddenServicePort line");
            }
        }
        if (!hiddenServiceDir.isAbsolute() || hiddenServiceDir.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("HiddenServiceDir must be an absolute path without spaces");
        }
    }

    public static String portLine(int virtualPort, ServiceTarget target) {
        return "HiddenServicePort " + virtualPort + " " + target;
    }

    public OnionAddress address() {
        return instanceKey.onionAddress();
    }

    /** The folder inside the bundle that becomes the HiddenServiceDir. */
    public String keyFolderName() {
        return hiddenServiceDir.getFileName().toString();
    }

    public String torrcText() {
        StringBuilder b = new StringBuilder();
        b.append("# onionbalance backend '").append(instanceName).append("' (bundle ").append(bundleName).append(")\n");
        b.append("# serving ").append(master.withOnionSuffix()).append(" as ").append(address().withOnionSuffix()).append('\n');
        b.append("# Add these lines to the backend's torrc, or %include this file from it; see README.txt.\n");
        b.append("HiddenServiceDir ").append(hiddenServiceDir).append('\n');
        for (String l : portLines) {
            b.append(l).append('\n');
        }
        b.append("HiddenServiceOnionbalanceInstance 1\n");
        return b.toString();
    }

    public String obConfigText() {
        return "MasterOnionAddress " + master.withOnionSuffix() + "\n";
    }

    /** Writes the bundle into {@code dir}, which must not exist yet. */
    void writeTo(Path dir, WriteObserver observer) throws IOException {
        PrivateFiles.createDirectory(dir);
        observer.created(dir);
        Path torrc = dir.resolve(TORRC);
        PrivateFiles.writeNew(torrc, torrcText().getBytes(StandardCharsets.UTF_8));
        observer.created(torrc);
        Path keys = dir.resolve(keyFolderName());
        PrivateFiles.createDirectory(keys);
        observer.created(keys);
        KeyFiles.writeTorSecretKey(keys.resolve(SECRET_KEY), instanceKey.secretKey(), false);
        observer.created(keys.resolve(SECRET_KEY));
        KeyFiles.writeTorPublicKey(keys.resolve(PUBLIC_KEY), instanceKey.publicKey(), false);
        observer.created(keys.resolve(PUBLIC_KEY));
        PrivateFiles.writeNew(keys.resolve(HOSTNAME), (address().withOnionSuffix() + "\n").getBytes(StandardCharsets.US_ASCII));
        observer.created(keys.resolve(HOSTNAME));
        PrivateFiles.writeNew(keys.resolve(OB_CONFIG), obConfigText().getBytes(StandardCharsets.US_ASCII));
        observer.created(keys.resolve(OB_CONFIG));
        if (balancerClientKey.isPresent()) {
            // rend-spec-v3 §2.5.1.2: tor encrypts its descriptor for the clients listed here; only the balancer.
            Path clients = keys.resolve(AUTHORIZED_CLIENTS);
            PrivateFiles.createDirectory(clients);
            observer.created(clients);
            ClientAuthFiles.writeAuthFile(clients.resolve(BALANCER_AUTH),
                    balancerClientKey.get().publicKey());
            observer.created(clients.resolve(BALANCER_AUTH));
        }
    }

    /**
     * Adds more clients to the {@code authorized_clients/} of a bundle written by {@link #writeTo}
     * into {@code dir} (a rotation carries the old bundle's clients over); none: nothing is written.
     */
    void writeAuthorizedClients(Path dir, List<ClientAuthFiles.AuthorizedClient> clients, WriteObserver observer) throws IOException {
        if (clients.isEmpty()) {
            return;
        }
        Path folder = dir.resolve(keyFolderName()).resolve(AUTHORIZED_CLIENTS);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            PrivateFiles.createDirectory(folder);
            observer.created(folder);
        }
        for (ClientAuthFiles.AuthorizedClient c : clients) {
            Path f = folder.resolve(c.name() + ClientAuthFiles.AUTH_SUFFIX);
            ClientAuthFiles.writeAuthFile(f, c.key());
            observer.created(f);
        }
    }

    @Override
    public String toString() {
        return "InstanceBundle[" + bundleName + ", " + instanceName + ", " + address().withOnionSuffix() + "]";
    }
}
