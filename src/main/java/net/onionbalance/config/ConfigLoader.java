package net.onionbalance.config;

import java.nio.ByteBuffer;
import java.util.Locale;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.X25519PublicKey;
import net.onionbalance.doc.hsdesc.InnerLayer;
import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.crypto.InvalidOnionAddressException;
import net.onionbalance.crypto.OnionAddress;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an onionbalance 0.2.x config.yaml (plus our documented extensions) into a
 * {@link BalancerConfig}.
 *
 * <p>Compatible with onionbalance 0.2.x: {@code services[].key} relative to the config file's
 * folder, {@code services[].instances[].address} with or without ".onion", {@code name},
 * {@code status-socket-location} (overridden by {@code ONIONBALANCE_STATUS_SOCKET_LOCATION}).
 * Where onionbalance silently ignores something (v2-era upper-case keys, unknown keys), we accept
 * it too but return a {@link ConfigWarning}. Where it crashes or misbehaves, we stop with a
 * {@link ConfigException} naming the file, the line and a fix.
 *
 * <p><b>The master-as-instance check</b> needs the master's address, which comes from its key
 * file. The loader takes a {@code masterAddressOf} resolver (key path &rarr; the master's
 * {@link OnionAddress}, or {@code null} when the key cannot be read yet — then that check is
 * skipped for that service and the key loader reports the key problem). The engine passes its key
 * loader; with the resolver, the loader also refuses two services with the same master.
 */
public final class ConfigLoader {
    static final Set<String> TOP_KEYS =
            Set.of("services", "status-socket-location", "tor-control", "intro-points-per-instance", "timings", "metrics");
    static final Set<String> SERVICE_KEYS =
            Set.of("key", "instances", "intro-points-per-instance", "distinct-descriptors", "authorized-clients", "health-check");
    static final Set<String> HEALTH_CHECK_KEYS = Set.of("port", "path", "expect-status", "interval", "timeout",
            "failures-before-down", "successes-before-up");
    static final Set<String> INSTANCE_KEYS = Set.of("address", "name", "client-key");
    static final Set<String> TOR_CONTROL_KEYS = Set.of("host", "port", "socket", "password-file", "cookie-file");
    static final Set<String> TIMING_KEYS = Set.of("fetch-interval", "publish-check-interval", "republish-age",
            "instance-too-old", "upload-retry-min", "upload-retry-max");

    /** onionbalance v2 settings (hs_v2/config.py) that v3 reads no more; EOTK still writes them. */
    static final Map<String, String> V2_KEYS = Map.ofEntries(
            Map.entry("REFRESH_INTERVAL", "use 'timings: fetch-interval:' instead"),
            Map.entry("PUBLISH_CHECK_INTERVAL", "use 'timings: publish-check-interval:' instead"),
            Map.entry("INITIAL_DELAY", "there is no start-up delay any more"),
            Map.entry("DISTINCT_DESCRIPTORS", "use 'distinct-descriptors: auto' or 'off' under a service instead"),
            Map.entry("LOG_LOCATION", "logs go to stderr (redirect them, or use the journal)"),
            Map.entry("LOG_LEVEL", "use -v or ONIONBALANCE_LOG_LEVEL instead"),
            Map.entry("STATUS_SOCKET_LOCATION", "use 'status-socket-location:' instead"),
            Map.entry("TOR_ADDRESS", "use -i or 'tor-control: host:' instead"),
            Map.entry("TOR_PORT", "use -p or 'tor-control: port:' instead"),
            Map.entry("TOR_CONTROL_PASSWORD", "use 'tor-control: password-file:' instead"));

    private final OnionbalanceEnvironment environment;
    private final Function<Path, OnionAddress> masterAddressOf;
    private final boolean testNetwork;

    /**
     * @param masterAddressOf the master's onion address for a key file (see the class comment);
     *                        {@code key -> null} skips the master checks
     * @param testNetwork     {@code --is-testnet}: timings start from {@link Timings#TEST_NETWORK}
     */
    public ConfigLoader(OnionbalanceEnvironment environment, Function<Path, OnionAddress> masterAddressOf, boolean testNetwork) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.masterAddressOf = Objects.requireNonNull(masterAddressOf, "masterAddressOf");
        this.testNetwork = testNetwork;
    }

    /** For the public network. */
    public ConfigLoader(Map<String, String> environment, Function<Path, OnionAddress> masterAddressOf) {
        this(new OnionbalanceEnvironment(environment), masterAddressOf, false);
    }

    public boolean testNetwork() {
        return testNetwork;
    }

    public OnionbalanceEnvironment environment() {
        return environment;
    }

    /** Loads the file onionbalance would: {@code $ONIONBALANCE_CONFIG}, else ./config.yaml. */
    public LoadedConfig loadDefault() throws ConfigException {
        return load(environment.configPath());
    }

    public LoadedConfig load(Path file) throws ConfigException {
        return parse(file, read(file));
    }

    /** Parses {@code text} as if read from {@code file} (the key paths resolve against its folder). */
    public LoadedConfig parse(Path file, String text) throws ConfigException {
        return new Reading(file).read(text);
    }

    static String read(Path file) throws ConfigException {
        try {
            byte[] bytes = BoundedFiles.read(file, FileKind.CONFIG_FILE);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (BoundedFileException e) {
            String fix = switch (e.reason()) {
                case MISSING -> "pass the right file with -c, set ONIONBALANCE_CONFIG, or create one with onionbalance-config.";
                case PERMISSION_DENIED -> "check that this user may read it.";
                default -> "check that -c points at config.yaml.";
            };
            throw new ConfigException(file, 0, e.reason() == BoundedFileException.Reason.MISSING
                    ? "Config file not found." : "Cannot read the config: " + e.getMessage() + ".", fix, e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, "The file is not UTF-8 text.", "save it as UTF-8.", e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "Cannot read the config file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ").", "check the path and that this user may read it.", e);
        }
    }

    /** One pass over one file; collects warnings. */
    private final class Reading {
        private final Path file;
        private final Path folder;
        private final List<ConfigWarning> warnings = new ArrayList<>();

        Reading(Path file) {
            this.file = file;
            Path parent = file.toAbsolutePath().getParent();
            this.folder = parent != null ? parent : file.toAbsolutePath();
        }

        LoadedConfig read(String text) throws ConfigException {
            Node root = YamlTree.compose(file, text);
            if (root == null || YamlTree.isNull(root)) {
                throw error(0, "Config file is empty.", "start from config-samples/one-service.yaml or run onionbalance-config.");
            }
            if (!(root instanceof MappingNode top)) {
                throw error(root, "Config file is bad: expected 'services:' and other settings at the top, found "
                        + YamlTree.describe(root) + ".", "start from config-samples/one-service.yaml.");
            }
            Map<String, NodeTuple> keys = keys(top, TOP_KEYS, "at the top level");
            NodeTuple servicesEntry = require(top, keys, "services", "at the top level",
                    "Config file is bad. 'services' is missing. Did you make it with onionbalance-config?",
                    "add a 'services:' list with one '- key: <master key file>' entry per master onion.");
            List<ServiceConfig> services = services(servicesEntry);

            Optional<Path> statusSocket = environment.statusSocketLocation();
            if (statusSocket.isEmpty() && keys.containsKey("status-socket-location")) {
                statusSocket = YamlTree.optionalText(file, keys.get("status-socket-location"), "a socket path such as /var/run/onionbalance/control")
                        .map(Path::of);
            }
            BalancerExtensions extensions = extensions(keys);
            Timings timings = effectiveTimings(keys.get("timings"), extensions.timings());
            BalancerConfig config = new BalancerConfig(file, services, statusSocket, extensions, timings);
            checkMasters(servicesEntry, config);
            return new LoadedConfig(config, warnings);
        }

        private List<ServiceConfig> services(NodeTuple entry) throws ConfigException {
            Node value = entry.getValueNode();
            if (!(value instanceof SequenceNode list)) {
                throw error(value, "'services' must be a list, found " + YamlTree.describe(value) + ".",
                        "write each master as a list item: 'services:' then '- key: master.key' and its 'instances:'.");
            }
            if (list.getValue().isEmpty()) {
                throw error(entry.getKeyNode(), "'services' is empty: there is nothing to balance.",
                        "add one '- key: <master key file>' entry with its 'instances:'.");
            }
            List<ServiceConfig> services = new ArrayList<>();
            Map<Path, Integer> keyLines = new HashMap<>();
            for (Node item : list.getValue()) {
                ServiceConfig s = service(item);
                Integer earlier = keyLines.putIfAbsent(s.key(), YamlTree.line(item));
                if (earlier != null) {
                    throw error(item, "This service uses the same key file as the service on line " + earlier + " (" + s.key()
                            + "): one master onion listed twice.", "merge the two entries' instances into one service.");
                }
                services.add(s);
            }
            return services;
        }

        private ServiceConfig service(Node item) throws ConfigException {
            if (!(item instanceof MappingNode m)) {
                throw error(item, "Each service must be a mapping with 'key:' and 'instances:', found " + YamlTree.describe(item) + ".",
                        "write '- key: master.key' and under it 'instances:'.");
            }
            Map<String, NodeTuple> keys = keys(m, SERVICE_KEYS, "in this service");
            NodeTuple keyEntry = require(m, keys, "key", "in this service", "'key' is missing from this service.",
                    "add 'key: <file>' with the master's private key (onionbalance-config writes <address>.key).");
            String keyText = YamlTree.optionalText(file, keyEntry, "the path of the master's private key").orElseThrow(() -> error(keyEntry.getKeyNode(),
                    "Key field is not set.", "write the path of the master's private key after 'key:'."));
            Path key = folder.resolve(keyText).normalize();

            NodeTuple instancesEntry = require(m, keys, "instances", "in this service", "'instances' is missing from this service.",
                    "add 'instances:' with one '- address: <backend onion address>' per backend.");
            Node value = instancesEntry.getValueNode();
            if (YamlTree.isNull(value) || (value instanceof SequenceNode s && s.getValue().isEmpty())) {
                throw error(instancesEntry.getKeyNode(), "No backend instances are set. Onionbalance needs at least 1.",
                        "add '- address: <backend onion address>' under 'instances:' (the address is in the backend's hostname file).");
            }
            if (!(value instanceof SequenceNode list)) {
                throw error(value, "'instances' must be a list, found " + YamlTree.describe(value) + ".",
                        "write each backend as a list item: '- address: <backend onion address>'.");
            }
            List<InstanceConfig> instances = new ArrayList<>();
            Map<OnionAddress, Integer> addressLines = new HashMap<>();
            Map<String, Integer> nameLines = new HashMap<>();
            for (Node i : list.getValue()) {
                InstanceConfig instance = instance(i);
                Integer earlier = addressLines.putIfAbsent(instance.address(), YamlTree.line(i));
                if (earlier != null) {
                    warn(i, "This backend is already listed on line " + earlier + " of this service; the repeat is ignored.");
                    continue;
                }
                if (instance.name().isPresent()) {
                    Integer sameName = nameLines.putIfAbsent(instance.name().get(), YamlTree.line(i));
                    if (sameName != null) {
                        warn(i, "The name '" + instance.name().get() + "' is also used on line " + sameName
                                + "; names are only labels, but the console will show both alike.");
                    }
                }
                instances.add(instance);
            }
            OptionalInt ips = keys.containsKey("intro-points-per-instance")
                    ? OptionalInt.of(introPoints(keys.get("intro-points-per-instance"))) : OptionalInt.empty();
            DistinctDescriptors distinct = keys.containsKey("distinct-descriptors")
                    ? distinctDescriptors(keys.get("distinct-descriptors")) : DistinctDescriptors.AUTO;
            AuthorizedClients clients = keys.containsKey("authorized-clients")
                    ? authorizedClients(keys.get("authorized-clients")) : AuthorizedClients.NONE;
            Optional<HealthCheckSettings> health = keys.containsKey("health-check")
                    ? healthCheck(keys.get("health-check")) : Optional.of(HealthCheckSettings.liveness(testNetwork));
            return new ServiceConfig(key, instances, new ServiceExtensions(ips, distinct, clients, health));
        }

        /**
         * A service's {@code health-check:}: {@code off} (or an empty value, as before checks ran by
         * default) for none, or the settings, where 'port' is required (the balancer cannot know the
         * backends' HiddenServicePort).
         */
        private Optional<HealthCheckSettings> healthCheck(NodeTuple entry) throws ConfigException {
            if (entry.getValueNode() instanceof ScalarNode off && !YamlTree.isNull(off)) {
                if (!Set.of("off", "false", "no").contains(off.getValue().toLowerCase(Locale.ROOT))) {
                    throw error(off, "'health-check' must be 'off' or hold the check's settings, found " + YamlTree.describe(off) + ".",
                            "write 'health-check: off', or 'health-check:' and under it, indented, e.g. 'port: 80'.");
                }
                return Optional.empty();
            }
            MappingNode m = YamlTree.mapping(file, entry, "the health-check settings", "write 'health-check:' and under it, indented, e.g. 'port: 80'.");
            if (m == null) {
                return Optional.empty();
            }
            Map<String, NodeTuple> keys = keys(m, HEALTH_CHECK_KEYS, "under 'health-check'");
            NodeTuple portEntry = require(m, keys, "port", "under 'health-check'", "'port' is missing from 'health-check'.",
                    "add 'port: <the backends' virtual port>', the first number of their HiddenServicePort line (80 for a web site).");
            int port = YamlTree.integer(file, portEntry, "a port number such as 80");
            if (port < 1 || port > 65535) {
                throw error(portEntry.getValueNode(), "'port' must be 1..65535, found " + port + ".",
                        "use the first number of the backends' HiddenServicePort line.");
            }
            HealthCheckSettings d = HealthCheckSettings.defaults(port, testNetwork);
            Optional<String> path = keys.containsKey("path") ? YamlTree.optionalText(file, keys.get("path"), "a path such as /health") : Optional.empty();
            if (path.isPresent()) {
                try {
                    HealthCheckSettings.checkPath(path.get());
                } catch (IllegalArgumentException e) {
                    throw error(keys.get("path").getValueNode(), "Bad health-check path: " + e.getMessage() + ".",
                            "write the path as in a URL, e.g. /health (percent-encode spaces).");
                }
            }
            HttpStatusRange expect = d.expectStatus();
            if (keys.containsKey("expect-status")) {
                NodeTuple t = keys.get("expect-status");
                if (path.isEmpty()) {
                    throw error(t.getKeyNode(), "'expect-status' needs a 'path': without one the check only opens a connection.",
                            "add 'path: /' (or the page to ask for), or remove 'expect-status'.");
                }
                try {
                    expect = HttpStatusRange.parse(YamlTree.optionalText(file, t, "a status such as 200 or 200-399").orElse(""));
                } catch (IllegalArgumentException e) {
                    throw error(t.getValueNode(), "Bad 'expect-status': " + e.getMessage() + ".", "write e.g. 200 or 200-399.");
                }
            }
            int failures = keys.containsKey("failures-before-down") ? count(keys.get("failures-before-down")) : d.failuresBeforeDown();
            int successes = keys.containsKey("successes-before-up") ? count(keys.get("successes-before-up")) : d.successesBeforeUp();
            Duration interval = duration(keys, "interval").orElse(d.interval());
            Duration timeout = duration(keys, "timeout").orElse(d.timeout());
            try {
                return Optional.of(new HealthCheckSettings(port, path, expect, interval, timeout, failures, successes));
            } catch (IllegalArgumentException e) {
                String network = testNetwork ? "the --is-testnet" : "the public-network";
                throw error(entry.getKeyNode(), "These health-check settings do not fit together (with " + network
                        + " defaults for the rest): " + e.getMessage() + ".", "make 'timeout' at most 'interval'.");
            }
        }

        private int count(NodeTuple entry) throws ConfigException {
            int n = YamlTree.integer(file, entry, "a number from 1 to " + HealthCheckSettings.MAX_CONSECUTIVE);
            if (n < 1 || n > HealthCheckSettings.MAX_CONSECUTIVE) {
                String key = ((ScalarNode) entry.getKeyNode()).getValue();
                throw error(entry.getValueNode(), "'" + key + "' must be 1.." + HealthCheckSettings.MAX_CONSECUTIVE + ", found " + n + ".",
                        "use the default (3 failures, 2 successes) unless checks flap.");
            }
            return n;
        }

        /** A folder of tor's .auth files, or a list of their lines (rend-spec-v3 §2.5.1.2). */
        private AuthorizedClients authorizedClients(NodeTuple entry) throws ConfigException {
            Node v = entry.getValueNode();
            if (YamlTree.isNull(v)) {
                return AuthorizedClients.NONE;
            }
            if (v instanceof ScalarNode) {
                return YamlTree.optionalText(file, entry, "a folder of .auth files").<AuthorizedClients>map(
                        t -> new AuthorizedClients.Folder(folder.resolve(t).normalize())).orElse(AuthorizedClients.NONE);
            }
            if (!(v instanceof SequenceNode list)) {
                throw error(v, "'authorized-clients' must be a folder of .auth files or a list of 'descriptor:x25519:...' lines, found "
                        + YamlTree.describe(v) + ".", "write 'authorized-clients: clients/' or a list of '- descriptor:x25519:<key>'.");
            }
            List<ClientAuthFiles.AuthorizedClient> clients = new ArrayList<>();
            Map<X25519PublicKey, Integer> seen = new HashMap<>();
            for (Node item : list.getValue()) {
                if (!(item instanceof ScalarNode s) || s.getValue().isBlank()) {
                    throw error(item, "Each authorized client must be one 'descriptor:x25519:<base32 public key>' line, found "
                            + YamlTree.describe(item) + ".", "copy the line from the client's .auth file.");
                }
                X25519PublicKey k;
                try {
                    k = ClientAuthFiles.parseAuthLine(s.getValue());
                } catch (IllegalArgumentException e) {
                    throw error(item, "Bad authorized client: " + e.getMessage() + ".",
                            "copy the line from the client's .auth file (onionbalance client-auth add writes one).");
                }
                Integer earlier = seen.putIfAbsent(k, YamlTree.line(item));
                if (earlier != null) {
                    warn(item, "This client key is already listed on line " + earlier + "; the repeat is ignored.");
                    continue;
                }
                clients.add(new ClientAuthFiles.AuthorizedClient("client" + (clients.size() + 1), k));
            }
            return clients.isEmpty() ? AuthorizedClients.NONE : new AuthorizedClients.Listed(clients);
        }

        private InstanceConfig instance(Node item) throws ConfigException {
            if (!(item instanceof MappingNode m)) {
                throw error(item, "Each instance must be a mapping with 'address:', found " + YamlTree.describe(item) + ".",
                        "write '- address: <backend onion address>' (and optionally 'name: node1' under it).");
            }
            Map<String, NodeTuple> keys = keys(m, INSTANCE_KEYS, "in this instance");
            NodeTuple addressEntry = require(m, keys, "address", "in this instance", "'address' missing from instance.",
                    "add 'address: <backend onion address>' (it is in the backend's hostname file).");
            String text = YamlTree.optionalText(file, addressEntry, "the backend's onion address").orElseThrow(() -> error(addressEntry.getKeyNode(),
                    "Address field is not set.", "write the backend's onion address after 'address:' (from its hostname file)."));
            OnionAddress address;
            try {
                address = OnionAddress.parse(text);
            } catch (InvalidOnionAddressException e) {
                throw notAnOnionAddress(addressEntry.getValueNode(), text, e);
            }
            Optional<String> name = Optional.empty();
            if (keys.containsKey("name")) {
                name = YamlTree.optionalText(file, keys.get("name"), "a label such as node1");
                if (name.isPresent()) {
                    try {
                        InstanceConfig.checkName(name.get());
                    } catch (IllegalArgumentException e) {
                        throw error(keys.get("name").getValueNode(), "Bad instance name: " + e.getMessage() + ".",
                                "use a short one-line label such as node1.");
                    }
                }
            }
            Optional<Path> clientKey = keys.containsKey("client-key")
                    ? YamlTree.optionalText(file, keys.get("client-key"), "the balancer's .auth_private file for this backend")
                            .map(t -> folder.resolve(t).normalize())
                    : Optional.empty();
            return new InstanceConfig(address, name, clientKey);
        }

        private ConfigException notAnOnionAddress(Node node, String text, InvalidOnionAddressException e) {
            String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
            String fix = "copy the backend's address from its HiddenServiceDir/hostname file ('.onion' optional).";
            if (text.strip().startsWith("<")) {
                return error(node, "'" + shown + "' is not an onion address: it is still the placeholder that onionbalance-config writes.",
                        "replace it with the backend's address (56 characters from its HiddenServiceDir/hostname, '.onion' optional).");
            }
            String s = text.strip().toLowerCase(Locale.ROOT).replaceFirst("\\.onion$", "");
            if (s.length() == 16) {
                return error(node, "'" + shown + "' is not an onion address: it is a v2 address (16 characters); "
                        + "v2 onion services no longer work, a v3 address has 56.", "give the backend a v3 onion service and use its address.");
            }
            return error(node, "'" + shown + "' is not an onion address: " + e.getMessage() + ". (onionbalance: Cannot load instance with address.)", fix);
        }

        private BalancerExtensions extensions(Map<String, NodeTuple> keys) throws ConfigException {
            TorControlSettings control = keys.containsKey("tor-control") ? torControl(keys.get("tor-control")) : TorControlSettings.NONE;
            int ips = keys.containsKey("intro-points-per-instance")
                    ? introPoints(keys.get("intro-points-per-instance")) : BalancerExtensions.DEFAULT_INTRO_POINTS_PER_INSTANCE;
            TimingOverrides timings = keys.containsKey("timings") ? timingOverrides(keys.get("timings")) : TimingOverrides.NONE;
            Optional<MetricsSettings> metrics = keys.containsKey("metrics") ? metrics(keys.get("metrics")) : Optional.empty();
            return new BalancerExtensions(control, ips, timings, metrics);
        }

        /** 'metrics: listen: ADDRESS:PORT'; an empty 'metrics:' leaves them off. */
        private Optional<MetricsSettings> metrics(NodeTuple entry) throws ConfigException {
            MappingNode m = YamlTree.mapping(file, entry, "'listen: ADDRESS:PORT'", "write 'metrics:' and under it, indented, 'listen: 127.0.0.1:9090'.");
            if (m == null) {
                return Optional.empty();
            }
            Map<String, NodeTuple> keys = keys(m, Set.of("listen"), "under 'metrics'");
            NodeTuple listen = require(m, keys, "listen", "under 'metrics'", "'metrics' needs 'listen:', the address and port to serve /metrics on.",
                    "write 'listen: 127.0.0.1:9090' under 'metrics:'.");
            String text = YamlTree.optionalText(file, listen, "ADDRESS:PORT").orElseThrow(() -> error(listen.getKeyNode(), "'listen' has no value.",
                    "write 'listen: 127.0.0.1:9090' (a port alone also binds 127.0.0.1)."));
            MetricsSettings settings;
            try {
                settings = MetricsSettings.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(listen.getValueNode(), "'listen' under 'metrics': " + e.getMessage() + ".",
                        "write 127.0.0.1:9090, [::1]:9090, or a port alone (127.0.0.1 is then used).");
            }
            if (!settings.loopback()) {
                warn(listen.getValueNode(), "metrics listen on " + settings.listen() + ", reachable from other machines: "
                        + "the figures name every backend; restrict access with a firewall or use 127.0.0.1.");
            }
            return Optional.of(settings);
        }

        private TorControlSettings torControl(NodeTuple entry) throws ConfigException {
            MappingNode m = YamlTree.mapping(file, entry, "host, port, socket or password-file",
                    "write 'tor-control:' and under it, indented, e.g. 'port: 9051' or 'socket: /run/tor/control'.");
            if (m == null) {
                return TorControlSettings.NONE;
            }
            Map<String, NodeTuple> keys = keys(m, TOR_CONTROL_KEYS, "under 'tor-control'");
            Optional<String> host = keys.containsKey("host") ? YamlTree.optionalText(file, keys.get("host"), "a host such as 127.0.0.1") : Optional.empty();
            OptionalInt port = OptionalInt.empty();
            if (keys.containsKey("port")) {
                NodeTuple p = keys.get("port");
                int n = YamlTree.integer(file, p, "a port number such as 9051");
                if (n < 1 || n > 65535) {
                    throw error(p.getValueNode(), "'port' must be 1..65535, found " + n + ".", "use tor's ControlPort number, usually 9051.");
                }
                port = OptionalInt.of(n);
            }
            Optional<Path> socket = keys.containsKey("socket")
                    ? YamlTree.optionalText(file, keys.get("socket"), "a path such as /run/tor/control").map(Path::of) : Optional.empty();
            Optional<Path> passwordFile = keys.containsKey("password-file")
                    ? YamlTree.optionalText(file, keys.get("password-file"), "a file holding the control password").map(s -> folder.resolve(s).normalize())
                    : Optional.empty();
            Optional<Path> cookieFile = keys.containsKey("cookie-file")
                    ? YamlTree.optionalText(file, keys.get("cookie-file"), "tor's CookieAuthFile").map(s -> folder.resolve(s).normalize())
                    : Optional.empty();
            return new TorControlSettings(host, port, socket, passwordFile, cookieFile);
        }

        private DistinctDescriptors distinctDescriptors(NodeTuple entry) throws ConfigException {
            String word = YamlTree.optionalText(file, entry, "auto or off").orElse("");
            return DistinctDescriptors.parse(word).orElseThrow(() -> error(entry.getValueNode(),
                    "'distinct-descriptors' must be auto or off, found '" + word + "'.",
                    "auto (the default) gives each HSDir clients fetch from its own descriptor when the backends need more "
                            + "than " + InnerLayer.MAX_INTRO_POINTS + " intro points; off publishes one descriptor everywhere, as onionbalance 0.2.x."));
        }

        private int introPoints(NodeTuple entry) throws ConfigException {
            int n = YamlTree.integer(file, entry, "a number from 1 to " + InnerLayer.MAX_INTRO_POINTS);
            if (n < 1 || n > InnerLayer.MAX_INTRO_POINTS) {
                throw error(entry.getValueNode(), "'intro-points-per-instance' must be 1.." + InnerLayer.MAX_INTRO_POINTS
                        + ", found " + n + ".", "use 2 (onionbalance's value) unless you know why; a backend publishes at most " + InnerLayer.MAX_INTRO_POINTS + ".");
            }
            return n;
        }

        /** The values written under 'timings:', each one absent unless written. */
        private TimingOverrides timingOverrides(NodeTuple entry) throws ConfigException {
            MappingNode m = YamlTree.mapping(file, entry, "interval settings", "write 'timings:' and under it, indented, e.g. 'fetch-interval: 5m'.");
            if (m == null) {
                return TimingOverrides.NONE;
            }
            Map<String, NodeTuple> keys = keys(m, TIMING_KEYS, "under 'timings'");
            return new TimingOverrides(duration(keys, "fetch-interval"), duration(keys, "publish-check-interval"),
                    duration(keys, "republish-age"), duration(keys, "instance-too-old"),
                    duration(keys, "upload-retry-min"), duration(keys, "upload-retry-max"));
        }

        /** The network's defaults with the overrides; a combination that cannot work is an error at 'timings:'. */
        private Timings effectiveTimings(NodeTuple entry, TimingOverrides overrides) throws ConfigException {
            Timings defaults = Timings.defaults(testNetwork);
            try {
                return defaults.with(overrides);
            } catch (IllegalArgumentException e) {
                String network = testNetwork ? "the --is-testnet" : "the public-network";
                throw new ConfigException(file, entry == null ? 0 : YamlTree.line(entry.getKeyNode()),
                        "These timings do not fit together (with " + network + " defaults for the rest): " + e.getMessage() + ".",
                        "adjust the values under 'timings:' (both sets of defaults are in config-samples/README.md).");
            }
        }

        private Optional<Duration> duration(Map<String, NodeTuple> keys, String key) throws ConfigException {
            NodeTuple t = keys.get(key);
            if (t == null) {
                return Optional.empty();
            }
            String text = YamlTree.optionalText(file, t, "a duration such as 600, 20s, 10m or 1h").orElse("");
            Optional<Duration> d = DurationValue.parse(text);
            if (d.isEmpty() || d.get().isZero()) {
                throw error(t.getValueNode(), "'" + key + "' must be a positive duration, found '" + text + "'.",
                        "write whole seconds (600) or a number with a unit: 250ms, 20s, 10m, 1h.");
            }
            return d;
        }

        /** The master checks (see the class comment). */
        private void checkMasters(NodeTuple servicesEntry, BalancerConfig config) throws ConfigException {
            List<Node> items = ((SequenceNode) servicesEntry.getValueNode()).getValue();
            Map<OnionAddress, Integer> masterLines = new HashMap<>();
            for (int s = 0; s < config.services().size(); s++) {
                ServiceConfig service = config.services().get(s);
                OnionAddress master = masterAddressOf.apply(service.key());
                if (master == null) {
                    continue;
                }
                MappingNode serviceNode = (MappingNode) items.get(s);
                Integer earlier = masterLines.putIfAbsent(master, YamlTree.line(serviceNode));
                if (earlier != null) {
                    throw error(serviceNode, "This service's key is the same master (" + master.withOnionSuffix() + ") as the service on line "
                            + earlier + ".", "merge the two entries' instances into one service.");
                }
                SequenceNode instances = (SequenceNode) YamlTree.entry(serviceNode, "instances").orElseThrow().getValueNode();
                for (Node i : instances.getValue()) {
                    NodeTuple a = YamlTree.entry((MappingNode) i, "address").orElseThrow();
                    OnionAddress address = OnionAddress.parse(((ScalarNode) a.getValueNode()).getValue());
                    if (address.equals(master)) {
                        throw error(a.getValueNode(), "Config file error. Did you configure your frontend (" + master.withOnionSuffix()
                                + ") as an instance?", "list the backends' own addresses here; the master's address comes from 'key:'.");
                    }
                }
            }
        }

        // --- shared helpers -------------------------------------------------------------------

        /** The mapping's entries by key; reports duplicates (error), v2 keys and unknown keys (warnings). */
        private Map<String, NodeTuple> keys(MappingNode m, Set<String> known, String where) throws ConfigException {
            Map<String, NodeTuple> keys = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (YamlTree.isMergeKey(t.getKeyNode())) {
                    continue; // '<<: *anchor': its entries are added below, as YAML loaders do
                }
                if (!(t.getKeyNode() instanceof ScalarNode k) || YamlTree.isNull(t.getKeyNode())) {
                    throw error(t.getKeyNode(), "Expected a plain key " + where + ", found " + YamlTree.describe(t.getKeyNode()) + ".",
                            "write 'name: value' pairs; keys are words such as " + String.join(", ", known.stream().sorted().toList()) + ".");
                }
                String key = k.getValue();
                NodeTuple earlier = keys.putIfAbsent(key, t);
                if (earlier != null) {
                    throw error(k, "'" + key + "' appears twice " + where + " (lines " + YamlTree.line(earlier.getKeyNode()) + " and "
                            + YamlTree.line(k) + "); YAML would silently keep only the last.", "merge them into one '" + key + ":'.");
                }
                if (known.contains(key)) {
                    continue;
                }
                String v2Hint = V2_KEYS.get(key);
                if (v2Hint != null) {
                    warn(k, "Ignored: '" + key + "' is an onionbalance v2 setting that v3 no longer reads; " + v2Hint + ".");
                } else if (key.equals("auth") && known == INSTANCE_KEYS) {
                    warn(k, "Ignored: per-instance 'auth' was for v2 client authorization; for a v3 backend restricted to the balancer use "
                            + "'client-key: <file.auth_private>'.");
                } else {
                    Optional<String> close = KeySpelling.closest(key, known);
                    warn(k, "Unknown key '" + key + "' " + where + " is ignored"
                            + close.map(c -> "; did you mean '" + c + "'?").orElse("."));
                }
            }
            for (NodeTuple t : YamlTree.entries(m)) {
                if (t.getKeyNode() instanceof ScalarNode k && known.contains(k.getValue())) {
                    keys.putIfAbsent(k.getValue(), t);
                }
            }
            return keys;
        }

        private NodeTuple require(MappingNode m, Map<String, NodeTuple> keys, String key, String where, String problem, String fix)
                throws ConfigException {
            NodeTuple t = keys.get(key);
            if (t != null) {
                return t;
            }
            for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
                if (KeySpelling.closest(e.getKey(), Set.of(key)).isPresent()) {
                    throw error(e.getValue().getKeyNode(), problem + " Found '" + e.getKey() + "' " + where + ": did you mean '" + key + "'?",
                            "rename '" + e.getKey() + "' to '" + key + "'.");
                }
            }
            return throwMissing(m, problem, fix);
        }

        private NodeTuple throwMissing(MappingNode m, String problem, String fix) throws ConfigException {
            throw error(m, problem, fix);
        }

        private void warn(Node at, String message) {
            warnings.add(new ConfigWarning(file, YamlTree.line(at), message));
        }

        private ConfigException error(Node at, String problem, String fix) {
            return new ConfigException(file, YamlTree.line(at), problem, fix);
        }

        private ConfigException error(int line, String problem, String fix) {
            return new ConfigException(file, line, problem, fix);
        }
    }
}
