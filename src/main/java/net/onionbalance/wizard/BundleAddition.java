package net.onionbalance.wizard;

import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One more backend for a service that is already deployed: a fresh instance key in a new bundle
 * folder {@code srvN/} beside config.yaml, with the service's master address in {@code ob_config}
 * and the same HiddenServicePort lines as the service's other bundles. config.yaml is NOT edited
 * here: the running balancer lists the new address itself (the console's AddInstance), so that
 * the engine, which owns config.yaml while it runs, is the only writer. Never overwrites: the
 * bundle is written in a temporary folder and renamed to a name no entry has.
 */
public final class BundleAddition {
    /** A service whose other bundles are not beside config.yaml gets onionbalance-config's default port line. */
    static final String DEFAULT_PORT_LINE = "HiddenServicePort 80 127.0.0.1:80";
    private static final Pattern TAGGED = Pattern.compile("(.*\\D)(\\d+)");

    /**
     * What was written.
     *
     * @param bundleDir       the new bundle folder, to copy to the backend host
     * @param bundle          its contents (address, name, torrc lines)
     * @param portLinesCopied false when no bundle of the service was found to copy the HiddenServicePort lines
     *                        from, and {@link #DEFAULT_PORT_LINE} was used: the operator must check instance_torrc
     * @param clientKey       when the service's backends are restricted to the balancer: the balancer's new key
     *                        file for this one (its public half is the bundle's authorized_clients/balancer.auth),
     *                        for config.yaml's {@code client-key}
     */
    public record Added(Path bundleDir, InstanceBundle bundle, boolean portLinesCopied, Optional<Path> clientKey) {
        public OnionAddress address() {
            return bundle.address();
        }

        public String instanceName() {
            return bundle.instanceName();
        }
    }

    private final ConfigLoader loader;
    private final SecureRandom rng;

    public BundleAddition(ConfigLoader loader, SecureRandom rng) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    /**
     * Writes a new bundle for {@code master}'s service in config.yaml's folder.
     *
     * @param name the instance's name for config.yaml; empty: the next in the service's own
     *             series (node3 after node1 and node2)
     */
    public Added add(Path configFile, OnionAddress master, Optional<String> name) throws BundleAdditionException {
        Path config = configFile.toAbsolutePath().normalize();
        LoadedConfig loaded;
        try {
            loaded = loader.load(config);
        } catch (ConfigException e) {
            throw new BundleAdditionException(e.getMessage(), e);
        }
        ServiceConfig service = null;
        for (ServiceConfig s : loaded.config().services()) {
            if (masterAddress(s).equals(master)) {
                service = s;
                break;
            }
        }
        if (service == null) {
            throw new BundleAdditionException("No service " + master.withOnionSuffix() + " in " + config + ".");
        }
        Path deployment = config.getParent();
        List<DeployedBundle> bundles;
        Set<String> taken;
        try {
            bundles = DeployedBundle.scan(deployment);
            taken = new HashSet<>(DeployedBundle.takenNames(deployment));
        } catch (IOException e) {
            throw new BundleAdditionException("Cannot read the deployment folder " + deployment + ": " + e.getMessage(), e);
        }
        Set<OnionAddress> ofService = new HashSet<>();
        List<String> namesInService = new ArrayList<>();
        for (InstanceConfig i : service.instances()) {
            ofService.add(i.address());
            i.name().ifPresent(namesInService::add);
        }
        String instanceName = name.isPresent() ? name.get() : nextName(namesInService, service.instances().size());
        if (taken(namesInService, instanceName)) {
            throw new BundleAdditionException("The service already has an instance named " + instanceName
                    + " (or a rotated version of it); choose another name.");
        }
        try {
            InstanceConfig.of(master, instanceName); // the same name checks as config.yaml's
        } catch (IllegalArgumentException e) {
            throw new BundleAdditionException("Instance name refused: " + e.getMessage(), e);
        }
        // The template: the newest bundle of this service (a rotated one carries the current port lines).
        Optional<DeployedBundle> template = bundles.stream().filter(b -> ofService.contains(b.address()))
                .reduce((a, b) -> b.version() >= a.version() ? b : a);
        int listed = loaded.config().services().stream().mapToInt(x -> x.instances().size()).sum();
        String bundleName = nextBundleName(taken, listed);
        Path hsDirRoot = template.map(DeployedBundle::hiddenServiceDir).map(Path::getParent)
                .orElse(DeploymentRequest.DEFAULT_HS_DIR_ROOT);
        List<String> ports = template.map(DeployedBundle::portLines).orElse(List.of(DEFAULT_PORT_LINE));
        // The service's backends are restricted to the balancer (config.yaml names its key for one of them): so is
        // this one, with its own key beside theirs; the template's other authorized clients come along, as in a rotation.
        Optional<Path> restrictedKey = service.instances().stream().flatMap(i -> i.clientKey().stream()).findFirst();
        List<ClientAuthFiles.AuthorizedClient> others = List.of();
        if (template.isPresent()) {
            try {
                others = template.get().authorizedClients().stream()
                        .filter(c -> !(restrictedKey.isPresent() && c.name().equals(InstanceBundle.BALANCER_AUTH_NAME))).toList();
            } catch (KeyFileException e) {
                throw new BundleAdditionException("Cannot read the authorized clients of the bundle " + template.get().dir() + ": "
                        + e.getMessage() + "; fix or remove the file, then try again.", e);
            }
        }
        Optional<Path> clientKey = restrictedKey.map(k -> k.resolveSibling(bundleName + ClientAuthFiles.AUTH_PRIVATE_SUFFIX));
        if (clientKey.isPresent() && Files.exists(clientKey.get(), LinkOption.NOFOLLOW_LINKS)) {
            throw new BundleAdditionException("The balancer's key file for the new bundle, " + clientKey.get()
                    + ", already exists (from an earlier bundle?); move it away, then try again.");
        }
        InstanceBundle bundle = new InstanceBundle(bundleName, instanceName, IdentityKey.generate(rng, KeyFormat.TOR_SECRET),
                master, hsDirRoot.resolve(DeploymentPlan.hsDirName(bundleName)), ports,
                clientKey.isPresent() ? Optional.of(X25519PrivateKey.generate(rng)) : Optional.empty());
        Path dir = deployment.resolve(bundleName);
        Path staging = null;
        boolean moved = false;
        try {
            staging = PrivateFiles.createTempDirectory(deployment, "." + bundleName + ".add-");
            PrivateFiles.deleteTree(staging); // writeTo creates the folder itself
            bundle.writeTo(staging, WriteObserver.NONE);
            bundle.writeAuthorizedClients(staging, others, WriteObserver.NONE);
            Files.move(staging, dir); // refuses an existing name: never overwrites
            staging = null;
            moved = true;
            if (clientKey.isPresent()) {
                ClientAuthFiles.writeAuthPrivateFile(clientKey.get(), bundle.address(), bundle.balancerClientKey().orElseThrow());
            }
            AtomicFiles.syncFolder(deployment);
        } catch (IOException e) {
            PrivateFiles.deleteTree(staging);
            if (moved) {
                PrivateFiles.deleteTree(dir);
            }
            throw new BundleAdditionException("Could not write the new bundle " + dir + ": " + e.getMessage() + ". Nothing was written.", e);
        }
        return new Added(dir, bundle, template.isPresent(), clientKey);
    }

    /**
     * srvN with N above every srvN (and srvN.vK) in the folder and above the number of instances
     * config.yaml lists: the wizard numbers bundles srv1..srvN across services, and a bundle
     * already copied away (no longer in the folder) must not lend its name, and so its
     * HiddenServiceDir, to a new key that may land on the same backend host.
     */
    static String nextBundleName(Set<String> taken, int instancesListed) {
        int max = instancesListed;
        for (String t : taken) {
            Matcher m = DeployedBundle.NAME.matcher(t);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1).substring(3)));
            }
        }
        int n = max + 1;
        while (taken.contains("srv" + n)) {
            n++;
        }
        return "srv" + n;
    }

    /**
     * node3 after node1, node2 (and node1-v2), following the series of the first name in config
     * order; onionbalance-config's "node" series when no name has a number.
     */
    static String nextName(List<String> namesInService, int instances) {
        String tag = null;
        int max = 0;
        for (String n : namesInService) {
            Matcher m = TAGGED.matcher(PendingRotation.baseName(n));
            if (m.matches() && (tag == null || tag.equals(m.group(1)))) {
                tag = m.group(1);
                max = Math.max(max, parse(m.group(2)));
            }
        }
        if (tag == null) {
            tag = WizardDefaults.ONIONBALANCE_CONFIG.tag();
            max = instances;
        }
        int k = max + 1;
        while (taken(namesInService, tag + k)) {
            k++;
        }
        return tag + k;
    }

    /** node3 is taken when node3 or node3-vK is listed: a rotation would pair them. */
    private static boolean taken(List<String> names, String candidate) {
        return names.stream().anyMatch(n -> n.equals(candidate) || PendingRotation.baseName(n).equals(candidate));
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static OnionAddress masterAddress(ServiceConfig s) throws BundleAdditionException {
        try {
            return ServiceKeys.load(s.key()).onionAddress();
        } catch (KeyFileException e) {
            throw new BundleAdditionException("Cannot read the master key " + s.key() + ": " + e.getMessage(), e);
        }
    }
}
