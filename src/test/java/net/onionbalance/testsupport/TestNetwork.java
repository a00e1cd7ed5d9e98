package net.onionbalance.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A private Tor network on 127.0.0.1, started by {@code scripts/testnet} for integration tests: 3
 * directory authorities, 5 relays (8 HSDirs), N onionbalance backend services (each a tor with
 * {@code HiddenServiceOnionbalanceInstance 1} in front of a tiny HTTP server that answers with the
 * backend's name), one client tor with a SocksPort and one tor with a ControlPort (cookie
 * authentication) for the balancer, plus a master key and a ready-made balancer {@code config.yaml}.
 *
 * <p>One network per test class, as a JUnit 5 extension:
 * <pre>{@code
 * @RegisterExtension
 * static final TestNetwork NET = TestNetwork.perClass(2);
 * }</pre>
 * or one network shared by every class that asks for the same number of backends, stopped when the
 * test run ends (for tests that do not stop backends): {@code TestNetwork.shared(2)}. Outside JUnit
 * extensions: {@link #start(int)} and {@link #stop()}.
 *
 * <p>When tor, tor-gencert or python3 is missing, the tests are skipped and say so loudly on stderr;
 * when they are present, a network that does not come up fails the test with the script's output.
 */
public final class TestNetwork implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** Where the script's own {@code start} budget ends; generous because other builds share the cores. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(60);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestNetwork.class);
    private static final AtomicLong ISOLATION_COUNTER = new AtomicLong();

    private final int backendCount;
    private final int relays;
    private final int servicesPerTor;
    private final boolean shared;
    private volatile Running running;

    private TestNetwork(int backendCount, boolean shared) {
        this(backendCount, 5, 1, shared);
    }

    private TestNetwork(int backendCount, int relays, int servicesPerTor, boolean shared) {
        if (backendCount < 1) {
            throw new IllegalArgumentException("a test network needs at least 1 backend, not " + backendCount);
        }
        this.backendCount = backendCount;
        this.relays = relays;
        this.servicesPerTor = servicesPerTor;
        this.shared = shared;
    }

    /**
     * A bigger network for one class: {@code relays} relays besides the 3 authorities (each an
     * HSDir), and {@code servicesPerTor} backend onion services per backend tor (so that many
     * backends fit this machine; stopping backend I stops the tor of its whole group).
     */
    public static TestNetwork perClass(int backends, int relays, int servicesPerTor) {
        return new TestNetwork(backends, relays, servicesPerTor, false);
    }

    /** A network started before the first test of the class and stopped after its last. */
    public static TestNetwork perClass(int backends) {
        return new TestNetwork(backends, false);
    }

    /**
     * A network shared by every test class that asks for {@code shared(backends)} with the same count,
     * stopped at the end of the test run. Only for tests that leave it as they found it.
     */
    public static TestNetwork shared(int backends) {
        return new TestNetwork(backends, true);
    }

    /** Starts a network now (outside the extension mechanism); stop it with {@link #stop()}. */
    public static TestNetwork start(int backends) {
        TestNetwork net = new TestNetwork(backends, false);
        net.running = Running.start(backends);
        return net;
    }

    // ------------------------------------------------------------------------------------------ JUnit

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            Running r = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent("network-" + backendCount, k -> Running.start(backendCount), Running.class);
            running = r;
        } else {
            running = Running.start(backendCount, relays, servicesPerTor);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!shared) {
            stop();
        }
    }

    /** Ends every process the network's start began; safe to call twice. */
    public void stop() {
        Running r = running;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Running net() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the test network is not started (register it with @RegisterExtension "
                    + "on a static field, or call TestNetwork.start)");
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------ what it offers

    /** The network's folder: data dirs, logs, env, config.yaml. */
    public Path dir() {
        return net().dir;
    }

    /** Every KEY=value of the env file the script wrote (see scripts/testnet). */
    public Map<String, String> env() {
        return Map.copyOf(net().env);
    }

    /** One value of the env file; fails the test naming the key when it is absent. */
    public String env(String key) {
        String v = net().env.get(key);
        if (v == null) {
            throw new AssertionError("the test network's env file has no " + key + " (" + net().dir.resolve("env") + ")");
        }
        return v;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The balancer tor's ControlPort on 127.0.0.1 (cookie authentication). */
    public int controlPort() {
        return Integer.parseInt(env("TOR_CONTROL_PORT"));
    }

    /** The balancer tor's control_auth_cookie. */
    public Path cookiePath() {
        return Path.of(env("TOR_COOKIE_PATH"));
    }

    /** The balancer tor's DataDirectory. */
    public Path balancerDataDir() {
        return Path.of(env("TOR_DATA_DIR"));
    }

    /** The client tor's SocksPort on 127.0.0.1 (IsolateSOCKSAuth, ExtendedErrors). */
    public int socksPort() {
        return Integer.parseInt(env("CLIENT_SOCKS_PORT"));
    }

    /** The client tor's ControlPort (e.g. for SIGNAL NEWNYM, which also clears its onion caches). */
    public int clientControlPort() {
        return Integer.parseInt(env("CLIENT_CONTROL_PORT"));
    }

    public Path clientCookiePath() {
        return Path.of(env("CLIENT_COOKIE_PATH"));
    }

    /** The master onion address: 56 characters, no ".onion". */
    public String masterAddress() {
        return env("MASTER_ADDRESS");
    }

    /** The master key as tor writes it (hs_ed25519_secret_key, "== ed25519v1-secret: type0 =="). */
    public Path masterKeyPath() {
        return Path.of(env("MASTER_KEY"));
    }

    /** A balancer config in onionbalance 0.2.x format: the master key and every backend as node1..nodeN. */
    public Path configYaml() {
        return Path.of(env("CONFIG_YAML"));
    }

    /** The authorities' voting interval: what the balancer's test-network time maths must use. */
    public Duration votingInterval() {
        return Duration.ofSeconds(Long.parseLong(env("VOTING_INTERVAL")));
    }

    /**
     * Waits until the current time period began at least 30 s ago and has {@code ahead} left. At a period
     * change every backend turns to its descriptor for the new period, which has other intro points
     * (rend-spec-v3 §2.2.1 builds one per period), so a measurement that follows a backend by its intro
     * points must not straddle one. The 30 s are for the new consensus to arrive and the balancer to fetch.
     */
    public void awaitWithinOneTimePeriod(Duration ahead) throws InterruptedException {
        while (true) {
            Instant now = Instant.now();
            net.onionbalance.crypto.TimePeriod p = net.onionbalance.crypto.TimePeriod.containingOnTestNetwork(now, votingInterval());
            Instant from = p.start().plusSeconds(30);
            if (now.isBefore(from)) {
                Thread.sleep(Duration.between(now, from).toMillis() + 100);
            } else if (now.plus(ahead).isAfter(p.end())) {
                Thread.sleep(Duration.between(now, p.end().plusSeconds(30)).toMillis() + 100);
            } else {
                return;
            }
        }
    }

    /** How many relays carry the HSDir flag (authorities included). */
    public int hsDirCount() {
        return Integer.parseInt(env("HSDIRS"));
    }

    /** How long {@code scripts/testnet start} took until the network was ready. */
    public Duration startTime() {
        return Duration.ofMillis(Long.parseLong(env("READY_MS")));
    }

    public List<Backend> backends() {
        List<Backend> out = new ArrayList<>();
        for (int i = 1; i <= backendCount; i++) {
            out.add(backend(i));
        }
        return List.copyOf(out);
    }

    /** Backend {@code index}, counted from 1 as in config.yaml's node1..nodeN. */
    public Backend backend(int index) {
        if (index < 1 || index > backendCount) {
            throw new IllegalArgumentException("backend " + index + " does not exist; this network has backends 1.."
                    + backendCount);
        }
        String p = "BACKEND" + index + "_";
        return new Backend(index, env(p + "NAME"), env(p + "ADDRESS"), Path.of(env(p + "DIR")),
                Path.of(env(p + "HS_DIR")), Path.of(env(p + "DATA_DIR")), Integer.parseInt(env(p + "HTTP_PORT")),
                Integer.parseInt(env(p + "CONTROL_PORT")), Path.of(env(p + "COOKIE_PATH")));
    }

    /** Stops backend {@code index}'s tor (its web server keeps running). */
    public void stopBackend(int index) {
        backend(index);
        net().script("stop-backend", String.valueOf(index));
    }

    /** Starts backend {@code index}'s tor again and waits until an HSDir accepted its descriptor. */
    public void startBackend(int index) {
        backend(index);
        net().script("start-backend", String.valueOf(index));
    }

    /** Stops backend {@code index}'s web server; its tor keeps running (streams to it are then refused by that tor). */
    public void stopHttp(int index) {
        backend(index);
        net().script("stop-http", String.valueOf(index));
    }

    /** Starts backend {@code index}'s web server again on its port and waits until it accepts connections. */
    public void startHttp(int index) {
        backend(index);
        net().script("start-http", String.valueOf(index));
    }

    /**
     * Stops and starts backend {@code index}'s tor; it comes back with new introduction points.
     * {@code fresh} also drops its cached state (consensus, guards), keeping only its keys.
     */
    public void restartBackend(int index, boolean fresh) {
        backend(index);
        if (fresh) {
            net().script("restart-backend", String.valueOf(index), "--fresh");
        } else {
            net().script("restart-backend", String.valueOf(index));
        }
    }

    /**
     * Stops and starts one of the network's other tors ({@code balancer}, {@code client} or
     * {@code relayN}) with its state kept, and waits until it bootstrapped again. The balancer's tor
     * writes a new control cookie when it starts.
     */
    public void restartTor(String name) {
        net().script("restart-tor", name);
    }

    /**
     * Whether a process runs: it exists and is not a zombie (an ended process its parent, here often a
     * lazy init, has not reaped yet).
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": the state letter follows the last ')' (comm may contain spaces and parens).
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The PIDs of every process the network runs now (from its PID files). */
    public Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(net().dir.resolve("pids"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                String text = Files.readString(f).trim();
                if (text.matches("\\d+") && isRunning(Long.parseLong(text))) {
                    out.put(name, Long.parseLong(text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the test network's PID files", e);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ client fetches

    /**
     * {@code curl --socks5-hostname}: GET http://{onion}/ through the client tor, on a circuit of its own
     * (a fresh SOCKS username per request: the SocksPort isolates by SOCKS credentials).
     *
     * @param onion an onion address with or without ".onion"
     * @throws SocksException when tor refuses the stream; its message names tor's reason (e.g. descriptor
     *                        not found, introduction failed)
     */
    public HttpResponse fetch(String onion) throws IOException {
        return fetch(onion, "/", freshIsolationUser(), DEFAULT_FETCH_TIMEOUT);
    }

    /** As {@link #fetch(String)} with a path, a SOCKS username of the caller's choice and a timeout. */
    public HttpResponse fetch(String onion, String path, String isolationUser, Duration timeout) throws IOException {
        return SocksHttp.get(host(), socksPort(), withOnion(onion), path, isolationUser, timeout);
    }

    /** As {@link #fetch(String, String, String, Duration)} through another tor's SocksPort (e.g. a client with keys of its own). */
    public static HttpResponse fetchVia(String socksHost, int socksPort, String onion, String path, String isolationUser,
                                        Duration timeout) throws IOException {
        return SocksHttp.get(socksHost, socksPort, withOnion(onion), path, isolationUser, timeout);
    }

    /**
     * Fetches until a 200 answer arrives, each try on a fresh circuit, for at most {@code within}.
     * For a service whose descriptor may still be propagating. Fails with the last error.
     */
    public HttpResponse fetchUntilOk(String onion, Duration within) {
        Instant deadline = Instant.now().plus(within);
        Exception last = null;
        int tries = 0;
        while (true) {
            tries++;
            Duration left = Duration.between(Instant.now(), deadline);
            try {
                HttpResponse r = fetch(onion, "/", freshIsolationUser(),
                        left.compareTo(DEFAULT_FETCH_TIMEOUT) < 0 ? max(left, Duration.ofSeconds(5)) : DEFAULT_FETCH_TIMEOUT);
                if (r.status() == 200) {
                    return r;
                }
                last = new IOException("HTTP " + r.status() + " from " + onion);
            } catch (IOException e) {
                last = e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("could not fetch http://" + withOnion(onion) + "/ through the client tor in "
                        + within.toSeconds() + " s (" + tries + " tries); last error: " + last, last);
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    /**
     * A backend's intro-point auth keys (base64): of the descriptor a client fetches now (HSFETCH
     * through the network's client tor) and of the one its own tor holds as current (GETINFO
     * hs/service/desc/id). Each time period's descriptor has its own intro points, and near a
     * rollover the two differ; a balancer may use either.
     */
    public java.util.Set<String> introPointAuthKeys(Backend b) throws Exception {
        java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        net.onionbalance.crypto.OnionAddress address = net.onionbalance.crypto.OnionAddress.parse(b.address());
        net.onionbalance.crypto.TimePeriod now = net.onionbalance.crypto.TimePeriod.containingOnTestNetwork(Instant.now(), votingInterval());
        List<net.onionbalance.crypto.TimePeriod> periods = List.of(now.previous(), now, now.next());
        java.util.function.Consumer<String> add = text -> {
            try {
                net.onionbalance.doc.hsdesc.DescriptorVerifier.verify(text, address, periods, Instant.now()).introPoints()
                        .forEach(ip -> keys.add(ip.authKey().base64()));
            } catch (Exception e) {
                System.err.println("[testnet] could not read a descriptor of " + b.name() + ": " + e.getMessage());
            }
        };
        try (net.onionbalance.tor.TorController own = net.onionbalance.tor.TorController.open(net.onionbalance.tor.ControlSettings.of(
                new net.onionbalance.tor.ControlEndpoint.Tcp(host(), b.controlPort())))) {
            add.accept(own.getInfo("hs/service/desc/id/" + b.address()));
        }
        java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
        try (net.onionbalance.tor.TorController client = net.onionbalance.tor.TorController.open(net.onionbalance.tor.ControlSettings.of(
                new net.onionbalance.tor.ControlEndpoint.Tcp(host(), clientControlPort())))) {
            client.addListener(e -> {
                if (e instanceof net.onionbalance.tor.TorEvent.HsDescContentEvent c && c.address().equalsIgnoreCase(b.address())
                        && !c.descriptor().isBlank()) {
                    add.accept(c.descriptor());
                    got.countDown();
                }
            });
            client.setEvents(java.util.EnumSet.of(net.onionbalance.tor.EventType.HS_DESC, net.onionbalance.tor.EventType.HS_DESC_CONTENT));
            client.hsFetch(address, List.of());
            got.await(20, TimeUnit.SECONDS);
        }
        return keys;
    }

    /** The relays with the HSDir flag in {@code tor}'s current microdesc consensus. */
    public static List<net.onionbalance.doc.consensus.RelayFingerprint> hsDirsIn(net.onionbalance.tor.TorController tor)
            throws Exception {
        String consensus = tor.getInfo("dir/status-vote/current/consensus-microdesc");
        List<net.onionbalance.doc.consensus.RelayFingerprint> out = new ArrayList<>();
        String identity = null;
        for (String line : consensus.split("\n")) {
            if (line.startsWith("r ")) {
                identity = line.split(" ")[2];
            } else if (line.startsWith("s ") && line.contains(" HSDir") && identity != null) {
                out.add(net.onionbalance.doc.consensus.RelayFingerprint.fromBase64Identity(identity));
            }
        }
        return out;
    }

    /** GET http://{onion}{path} through another tor's SocksPort on 127.0.0.1 (e.g. an extra client tor). */
    public static HttpResponse fetchVia(int socksPort, String onion, String path, String isolationUser, Duration timeout)
            throws IOException {
        return SocksHttp.get("127.0.0.1", socksPort, withOnion(onion), path, isolationUser, timeout);
    }

    /** A SOCKS username never used before in this JVM: a circuit of its own. */
    public static String freshIsolationUser() {
        return "obtest-" + ProcessHandle.current().pid() + "-" + ISOLATION_COUNTER.incrementAndGet();
    }

    private static String withOnion(String onion) {
        String s = onion.trim().toLowerCase(Locale.ROOT);
        return s.endsWith(".onion") ? s : s + ".onion";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------------------------------ value types

    /** One backend onion service of the network; {@code address} is 56 characters without ".onion". */
    public record Backend(int index, String name, String address, Path dir, Path hsDir, Path dataDir, int httpPort,
                          int controlPort, Path cookiePath) {
        public String onion() {
            return address + ".onion";
        }
    }

    /** An HTTP answer: status code, header fields (names lower-cased) and body. */
    public record HttpResponse(int status, Map<String, String> headers, String body) {
    }

    /** Tor refused a SOCKS request; {@link #reply()} is the SOCKS5 reply code (tor's extended codes included). */
    public static final class SocksException extends IOException {
        private final int reply;

        SocksException(int reply, String target) {
            super("tor's SocksPort refused " + target + ": reply 0x" + Integer.toHexString(reply) + " ("
                    + meaning(reply) + ")");
            this.reply = reply;
        }

        public int reply() {
            return reply;
        }

        /** RFC 1928 §6 codes, and the onion-service codes tor adds with ExtendedErrors (tor's man page). */
        static String meaning(int reply) {
            return switch (reply) {
                case 0x01 -> "general failure";
                case 0x02 -> "connection not allowed by ruleset";
                case 0x03 -> "network unreachable";
                case 0x04 -> "host unreachable";
                case 0x05 -> "connection refused";
                case 0x06 -> "TTL expired";
                case 0x07 -> "command not supported";
                case 0x08 -> "address type not supported";
                case 0xF0 -> "onion service descriptor can not be found";
                case 0xF1 -> "onion service descriptor is invalid";
                case 0xF2 -> "onion service introduction failed";
                case 0xF3 -> "onion service rendezvous failed";
                case 0xF4 -> "onion service missing client authorization";
                case 0xF5 -> "onion service wrong client authorization";
                case 0xF6 -> "onion service invalid address";
                case 0xF7 -> "onion service introduction timed out";
                default -> "unknown reply";
            };
        }
    }

    // ------------------------------------------------------------------------------------------ the running network

    /** One started network: its folder, its env, and the way to end it (also at JVM exit). */
    private static final class Running implements AutoCloseable {
        private final Path script;
        private final Path dir;
        private final Map<String, String> env;
        private final Thread shutdownHook;
        private boolean closed;

        private Running(Path script, Path dir, Map<String, String> env) {
            this.script = script;
            this.dir = dir;
            this.env = env;
            this.shutdownHook = new Thread(() -> runScript(script, dir, Duration.ofSeconds(30), "stop"),
                    "testnet-stop-" + dir.getFileName());
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        static Running start(int backends) {
            return start(backends, 5, 1);
        }

        static Running start(int backends, int relays, int servicesPerTor) {
            Path script = findScript();
            skipUnlessInstalled();
            Path dir;
            try {
                dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "onionbalance-testnet-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the test network", e);
            }
            System.err.println("[testnet] starting a private Tor network with " + backends + " backends in " + dir);
            Result r = runScript(script, dir, START_TIMEOUT.plusSeconds(backends > 10 ? 180 : 0), "start",
                    "--backends", String.valueOf(backends), "--relays", String.valueOf(relays),
                    "--services-per-tor", String.valueOf(servicesPerTor));
            if (r.exitCode() != 0) {
                throw new AssertionError("scripts/testnet start failed (exit " + r.exitCode() + "); logs kept in " + dir
                        + ":\n" + r.output());
            }
            Map<String, String> env = readEnv(dir.resolve("env"));
            Running running = new Running(script, dir, env);
            System.err.println("[testnet] ready in " + env.get("READY_MS") + " ms");
            return running;
        }

        void script(String... args) {
            String[] full = new String[args.length + 1];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = dir.toString();
            Result r = runScript(script, dir, Duration.ofSeconds(150), full);
            if (r.exitCode() != 0) {
                throw new AssertionError("scripts/testnet " + String.join(" ", args) + " failed (exit " + r.exitCode()
                        + "):\n" + r.output());
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            Result r = runScript(script, dir, Duration.ofSeconds(60), "stop");
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or will run; stopping twice is harmless.
            }
            if (r.exitCode() != 0) {
                throw new AssertionError("scripts/testnet stop failed (exit " + r.exitCode() + "):\n" + r.output());
            }
            if (!Boolean.getBoolean("testnet.keep")) {
                deleteTree(dir);
            } else {
                System.err.println("[testnet] kept " + dir + " (-Dtestnet.keep=true)");
            }
        }

        private static void skipUnlessInstalled() {
            List<String> missing = new ArrayList<>();
            for (String tool : List.of("tor", "tor-gencert", "python3", "ss")) {
                if (onPath(tool).isEmpty()) {
                    missing.add(tool);
                }
            }
            if (!missing.isEmpty()) {
                String msg = "SKIPPED: the private Tor network needs " + String.join(", ", missing)
                        + " (apt-get install tor python3 iproute2, or run scripts/test as root); "
                        + "every test that needs a real tor network is skipped";
                System.err.println("*".repeat(100));
                System.err.println("*** " + msg);
                System.err.println("*".repeat(100));
                Assumptions.abort(msg);
            }
        }

        private static Optional<Path> onPath(String tool) {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d, tool);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }

        private static Path findScript() {
            Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            for (; d != null; d = d.getParent()) {
                Path s = d.resolve("scripts").resolve("testnet");
                if (Files.isExecutable(s)) {
                    return s;
                }
            }
            throw new AssertionError("cannot find scripts/testnet above " + System.getProperty("user.dir"));
        }

        private record Result(int exitCode, String output) {
        }

        /** Runs the script, copying its output to stderr (the test's report) and keeping it for messages. */
        private static Result runScript(Path script, Path dir, Duration timeout, String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(script.toString());
            cmd.addAll(List.of(args));
            if (args.length > 0 && (args[0].equals("start") || args[0].equals("stop"))) {
                cmd.add(dir.toString());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // Big networks (many backends) on a busy 2-core machine take longer than the default 150 s.
            pb.environment().putIfAbsent("TESTNET_READY_TIMEOUT", "330");
            try {
                Process p = pb.start();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Thread pump = new Thread(() -> {
                    try (InputStream in = p.getInputStream()) {
                        byte[] buf = new byte[4096];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            synchronized (out) {
                                out.write(buf, 0, n);
                            }
                            System.err.write(buf, 0, n);
                            System.err.flush();
                        }
                    } catch (IOException ignored) {
                        // The script ended or was killed; what it wrote so far is kept.
                    }
                }, "testnet-output");
                pump.setDaemon(true);
                pump.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    // SIGTERM: the script's own trap then stops what it began.
                    p.destroy();
                    p.waitFor(20, TimeUnit.SECONDS);
                    pump.join(1000);
                    synchronized (out) {
                        return new Result(124, out.toString(StandardCharsets.UTF_8) + "\n(timed out after "
                                + timeout.toSeconds() + " s)");
                    }
                }
                pump.join(5000);
                synchronized (out) {
                    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + script, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running " + script, e);
            }
        }

        private static Map<String, String> readEnv(Path envFile) {
            Map<String, String> env = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(envFile)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        throw new AssertionError("bad line in " + envFile + ": " + line);
                    }
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + envFile, e);
            }
            return env;
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("[testnet] could not delete " + dir + ": " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ SOCKS5 + HTTP

    /** A minimal SOCKS5 client (RFC 1928, username/password RFC 1929) and HTTP/1.0 GET. */
    private static final class SocksHttp {
        private SocksHttp() {
        }

        static HttpResponse get(String socksHost, int socksPort, String onion, String path, String user,
                                Duration timeout) throws IOException {
            byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
            byte[] hostBytes = onion.getBytes(StandardCharsets.US_ASCII);
            if (userBytes.length == 0 || userBytes.length > 255 || hostBytes.length > 255) {
                throw new IllegalArgumentException("SOCKS username and host must be 1..255 bytes");
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(socksHost, socksPort), 5000);
                s.setSoTimeout(remainingMillis(deadline, onion));
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());

                out.write(new byte[] {5, 1, 2}); // version 5, one method: username/password
                out.flush();
                expect(in, 5, "SOCKS version");
                int method = in.readUnsignedByte();
                if (method != 2) {
                    throw new IOException("tor's SocksPort chose SOCKS method " + method + ", not username/password");
                }
                ByteArrayOutputStream auth = new ByteArrayOutputStream();
                auth.write(1);
                auth.write(userBytes.length);
                auth.write(userBytes);
                auth.write(1);
                auth.write('x');
                out.write(auth.toByteArray());
                out.flush();
                in.readUnsignedByte();
                if (in.readUnsignedByte() != 0) {
                    throw new IOException("tor's SocksPort refused the SOCKS username");
                }

                ByteArrayOutputStream req = new ByteArrayOutputStream();
                req.write(new byte[] {5, 1, 0, 3}); // CONNECT, domain name
                req.write(hostBytes.length);
                req.write(hostBytes);
                req.write(0);
                req.write(80);
                out.write(req.toByteArray());
                out.flush();
                s.setSoTimeout(remainingMillis(deadline, onion));
                expect(in, 5, "SOCKS version");
                int reply = in.readUnsignedByte();
                in.readUnsignedByte();
                int atyp = in.readUnsignedByte();
                int addrLen = switch (atyp) {
                    case 1 -> 4;
                    case 4 -> 16;
                    case 3 -> in.readUnsignedByte();
                    default -> throw new IOException("SOCKS reply with unknown address type " + atyp);
                };
                in.readFully(new byte[addrLen + 2]);
                if (reply != 0) {
                    throw new SocksException(reply, onion);
                }

                out.write(("GET " + path + " HTTP/1.0\r\nHost: " + onion + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                int n;
                while (true) {
                    s.setSoTimeout(remainingMillis(deadline, onion));
                    n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    body.write(buf, 0, n);
                }
                return parse(body.toString(StandardCharsets.UTF_8), onion);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no answer from http://" + onion + path + " through the client tor within "
                        + timeout.toSeconds() + " s");
            }
        }

        private static int remainingMillis(long deadline, String onion) throws SocketTimeoutException {
            long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (ms <= 0) {
                throw new SocketTimeoutException("time is up for " + onion);
            }
            return (int) Math.min(ms, Integer.MAX_VALUE);
        }

        private static void expect(DataInputStream in, int value, String what) throws IOException {
            int got = in.readUnsignedByte();
            if (got != value) {
                throw new IOException("unexpected " + what + " " + got + " from tor's SocksPort");
            }
        }

        private static HttpResponse parse(String raw, String onion) throws IOException {
            int end = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/") || end < 0) {
                throw new EOFException("no HTTP answer from " + onion + ": "
                        + raw.substring(0, Math.min(raw.length(), 200)));
            }
            String[] lines = raw.substring(0, end).split("\r\n");
            String[] status = lines[0].split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new HttpResponse(Integer.parseInt(status[1]), Map.copyOf(headers), raw.substring(end + 4));
        }
    }
}
