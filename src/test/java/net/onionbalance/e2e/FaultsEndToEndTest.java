package net.onionbalance.e2e;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TmuxSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the private network (issue 16), each judged by what the operator sees: the log, {@code
 * onionbalance status}, the metrics page and the console. One network and one long-running balancer
 * for the class; the forged-descriptor and clock runs use balancers of their own. The last test
 * scans everything the balancers wrote or showed for the master key and the control cookies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsEndToEndTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(2);

    @TempDir
    static Path tmp;

    /** The balancer of tests 1, 2, 5 and 6. */
    private static BalancerProcess ob;
    private static Path obConfig;
    private static int obMetrics;
    /** Every control cookie the balancer's tor wrote (it writes a new one at each start). */
    private static final List<byte[]> COOKIES = new CopyOnWriteArrayList<>();
    /** Everything the balancers showed besides their logs: status tables, JSON, metrics pages, screens. */
    private static final List<String> SHOWN = new CopyOnWriteArrayList<>();
    private static final List<Path> LOGS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stopTheBalancer() {
        if (ob != null) {
            ob.close();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The network's config.yaml with a status socket and a metrics listener. */
    private static Path config(String name, int metricsPort) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Path p = dir.resolve("config.yaml");
        Files.writeString(p, Files.readString(NET.configYaml()) + "status-socket-location: " + dir.resolve("control") + "\n"
                + "metrics:\n  listen: 127.0.0.1:" + metricsPort + "\n");
        return p;
    }

    private static List<String> args(Path config, int controlPort) {
        return List.of("--is-testnet", "-c", config.toString(), "-i", NET.host(), "-p", Integer.toString(controlPort),
                "-s", tmp.resolve("no-system-tor").toString(), "-v", "debug");
    }

    private static BalancerProcess start(String name, Path config, int controlPort, Map<String, String> env) throws IOException {
        Path log = tmp.resolve(name).resolve("ob.log");
        LOGS.add(log);
        return BalancerProcess.start(log, args(config, controlPort), env);
    }

    /** {@code onionbalance status} (and {@code --json}) as the operator runs it; both kept for the secrets scan. */
    private static String status(Path config) {
        Path socket = config.resolveSibling("control");
        StringBuilder both = new StringBuilder();
        for (List<String> a : List.of(List.of("status", "--socket", socket.toString()),
                List.of("status", "--json", "--socket", socket.toString()))) {
            StringWriter out = new StringWriter();
            var cl = CommandTree.newCommandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(out));
            int rc = cl.execute(a.toArray(String[]::new));
            assertEquals(0, rc, "onionbalance " + String.join(" ", a) + ":\n" + out);
            both.append(out).append('\n');
        }
        SHOWN.add(both.toString());
        return both.toString();
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        SHOWN.add(r.body());
        return r.body();
    }

    /** The value of the first metrics sample named {@code name} whose labels include every given pair. */
    private static Optional<Double> metric(String text, String name, String... labels) {
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Optional.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return Optional.empty();
    }

    /** Instance {@code name}'s state as the metrics page says (ok, missing, stale, invalid). */
    private static String instanceState(String metrics, String name) {
        for (String st : List.of("ok", "missing", "stale", "invalid")) {
            if (metric(metrics, "onionbalance_instance_state", "instance", name, "state", st).orElse(0.0) == 1.0) {
                return st;
            }
        }
        return "(not on the metrics page)";
    }

    private static double secondsSince(Instant t) {
        return Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }

    private static long count(BalancerProcess p, String text) {
        return p.countLogLines(l -> l.contains(text));
    }

    /** Status table rows of both backends carry intro points and a received time. */
    private static void assertInstancesValidInStatus(String status) {
        for (TestNetwork.Backend b : NET.backends()) {
            // The 80-column row: address without .onion, intro points, then how long ago received and modified.
            Matcher m = Pattern.compile("(?m)^\\s+" + b.address() + "\\s+(\\S+)\\s+(\\S+ ago|-|ahead)\\s+(\\S+ ago|-|ahead)\\s*$")
                    .matcher(status);
            assertTrue(m.find(), b.name() + "'s row in onionbalance status:\n" + status);
            assertFalse(m.group(2).equals("-"), b.name() + " has a received descriptor:\n" + status);
            assertTrue(Integer.parseInt(m.group(1)) >= 1, b.name() + " has intro points:\n" + status);
        }
    }

    private static String relayFingerprint(String relay) throws IOException {
        return Files.readString(NET.dir().resolve(relay).resolve("data").resolve("fingerprint")).trim().split("\\s+")[1];
    }

    // ------------------------------------------------------------------------------------------ 1. tor restarted

    @Test
    @Order(1)
    void torRestartedUnderTheBalancerReconnectsKeepsItsStateAndRepublishes() throws Exception {
        obMetrics = freePort();
        obConfig = config("main", obMetrics);
        COOKIES.add(Files.readAllBytes(NET.cookiePath()));
        ob = start("main", obConfig, NET.controlPort(), Map.of());
        ob.awaitNthLogLine(l -> l.contains("Published the") && l.contains("node1×") && l.contains("node2×"), 2, Duration.ofSeconds(90));
        ob.awaitLogLine(l -> l.contains("Uploaded the second descriptor"), Duration.ofSeconds(60));
        assertInstancesValidInStatus(status(obConfig));
        long uploadsBefore = count(ob, "Uploaded the ");
        long publishedBefore = count(ob, "Published the ");

        Instant stopped = Instant.now();
        NET.restartTor("balancer");
        Instant back = Instant.now();
        COOKIES.add(Files.readAllBytes(NET.cookiePath()));
        String lost = ob.awaitLogLine(l -> l.contains("Lost the control connection to tor"), Duration.ofSeconds(10));
        ob.awaitLogLine(l -> l.contains("Control connection to tor re-established"), Duration.ofSeconds(60));
        double reconnect = secondsSince(back);
        ob.awaitNthLogLine(l -> l.contains("Uploaded the "), uploadsBefore + 1, Duration.ofSeconds(90));
        double republished = secondsSince(back);
        System.out.printf("FIGURE tor restarted under the balancer (down and bootstrapped again in %.1f s): control connection "
                + "re-established %.1f s after tor was back, an HSDir accepted a descriptor %.1f s after tor was back%n",
                Duration.between(stopped, back).toMillis() / 1000.0, reconnect, republished);
        System.out.println("FIGURE published after the restart: " + (count(ob, "Published the ") - publishedBefore)
                + " descriptors; " + lost.substring(lost.indexOf("Lost")));

        String status = status(obConfig);
        assertInstancesValidInStatus(status);
        String m = scrape(obMetrics);
        assertEquals(Optional.of(1.0), metric(m, "onionbalance_tor_control_connected"), m);
        assertTrue(metric(m, "onionbalance_tor_control_reconnects_total").orElse(0.0) >= 1.0, m);
        for (TestNetwork.Backend b : NET.backends()) {
            assertEquals("ok", instanceState(m, b.name()), m);
        }
        assertTrue(ob.isAlive());
    }

    // ------------------------------------------------------------------------------------------ 2. HSDir killed

    @Test
    @Order(2)
    void anHsDirKilledDuringUploadsShowsAsFailedWhileTheOthersAccept() throws Exception {
        Assumptions.assumeTrue(ob != null && ob.isAlive(), "the balancer of test 1 runs");
        String relay = "relay0";
        String fp = relayFingerprint(relay);
        long pid = NET.pids().get(relay);
        long failedBefore = ob.countLogLines(l -> l.contains("Descriptor upload failed") && l.contains(fp));
        long uploadsBefore = count(ob, "Uploaded the ");
        // SIGKILL: the relay vanishes without a word, still listed in the consensus for a while.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Instant killed = Instant.now();
        // New intro points for node2: both descriptors are uploaded again, to every responsible HSDir.
        NET.restartBackend(2, false);
        // The dead HSDir's own failure (tor's FAILED event, or no answer within the answer timeout),
        // not any retry: other HSDirs may fail for a moment too while the backend restarts.
        String failed = ob.awaitNthLogLine(l -> l.contains("Descriptor upload failed") && l.contains(fp),
                failedBefore + 1, Duration.ofSeconds(120));
        double failedAfter = secondsSince(killed);
        ob.awaitNthLogLine(l -> l.contains("Uploaded the "), uploadsBefore + 1, Duration.ofSeconds(60));
        // Give the other HSDirs' answers a moment, then read the state.
        Thread.sleep(5_000);
        String m = scrape(obMetrics);
        double responsible = metric(m, "onionbalance_descriptor_hsdirs", "slot", "first").orElse(-1.0);
        double accepted = metric(m, "onionbalance_descriptor_hsdirs_accepted", "slot", "first").orElse(-1.0);
        double failedUploads = m.lines().filter(l -> l.startsWith("onionbalance_descriptor_uploads_total{")
                        && l.contains("result=\"failed\"") && l.toUpperCase(Locale.ROOT).contains(fp.toUpperCase(Locale.ROOT)))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        System.out.printf("FIGURE HSDir %s killed: its upload failed %.1f s after the kill (backend restart included); "
                + "first descriptor accepted by %.0f of %.0f HSDirs, %.0f failed upload attempts at the dead one; log: %s%n",
                relay, failedAfter, accepted, responsible, failedUploads, failed.substring(Math.max(0, failed.indexOf("Descriptor"))));
        assertTrue(ob.isAlive(), "no crash:\n" + ob.log());
        assertTrue(responsible >= 2 && accepted >= 1 && accepted < responsible,
                "the others accepted, the dead one did not: " + accepted + " of " + responsible + "\n" + m);
        assertTrue(failedUploads >= 1, "the metrics count the dead HSDir's failed upload:\n" + m);
        assertInstancesValidInStatus(status(obConfig));
    }

    // ------------------------------------------------------------------------------------------ 3. garbage config

    @Test
    @Order(3)
    void aGarbageConfigOnSighupIsRefusedAndTheOldOneKeepsPublishing() throws Exception {
        Assumptions.assumeTrue(ob != null && ob.isAlive(), "the balancer of test 1 runs");
        String good = Files.readString(obConfig);
        byte[] garbage = new byte[4096];
        new java.util.Random(16).nextBytes(garbage);
        Files.write(obConfig, garbage);
        long publishedBefore = count(ob, "Published the ");
        long uploadsBefore = count(ob, "Uploaded the ");
        Instant hup = Instant.now();
        ob.hangup();
        String refused = ob.awaitLogLine(l -> l.contains("Config reload refused"), Duration.ofSeconds(20));
        double refusedAfter = secondsSince(hup);
        assertTrue(ob.isAlive(), "a garbage config does not stop the balancer:\n" + ob.log());
        assertInstancesValidInStatus(status(obConfig));
        // Publishing goes on with the old config: node1 comes back with new intro points and is published.
        Instant restarted = Instant.now();
        NET.restartBackend(1, false);
        ob.awaitNthLogLine(l -> l.contains("Published the") && l.contains("node1×") && l.contains("node2×"), publishedBefore + 1,
                Duration.ofSeconds(90));
        ob.awaitNthLogLine(l -> l.contains("Uploaded the "), uploadsBefore + 1, Duration.ofSeconds(60));
        System.out.printf("FIGURE garbage config.yaml + SIGHUP: refused %.1f s after the signal (\"%s\"); with the old config a "
                + "restarted backend was published and accepted %.1f s after its restart began%n", refusedAfter,
                refused.substring(refused.indexOf("Config reload refused")).replaceAll("\\s+", " ").substring(0,
                        Math.min(160, refused.length() - refused.indexOf("Config reload refused"))), secondsSince(restarted));
        String m = scrape(obMetrics);
        for (TestNetwork.Backend b : NET.backends()) {
            assertEquals("ok", instanceState(m, b.name()), m);
        }
        Files.writeString(obConfig, good);
        // The forged-descriptor test judges what the HSDirs serve: one balancer publishing the master at a time.
        ob.close();
        assertFalse(ob.isAlive());
    }

    // ------------------------------------------------------------------------------------------ 4. forged descriptor

    /**
     * A control-port proxy in front of the balancer's real tor that answers the balancer's fetches of
     * {@code victim} with the last descriptor tor delivered for {@code donor}: a genuine descriptor of
     * another onion service (signed by another blinded key) under the victim's address, as a malicious
     * HSDir would serve it if tor did not check it first. Everything else passes unchanged.
     */
    static final class ForgingControlProxy implements AutoCloseable {
        private final ServerSocket server;
        private final String victim;
        private final String donor;
        private volatile List<byte[]> donorBody;
        final java.util.concurrent.atomic.AtomicInteger forged = new java.util.concurrent.atomic.AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        ForgingControlProxy(int torPort, String victim, String donor) throws IOException {
            this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            this.victim = victim;
            this.donor = donor;
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket tor = new Socket(InetAddress.getLoopbackAddress(), torPort);
                        sockets.add(client);
                        sockets.add(tor);
                        daemon(() -> copy(client, tor), "proxy-up");
                        daemon(() -> rewrite(tor, client), "proxy-down");
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }

        private static void closeBoth(Socket a, Socket b) {
            try {
                a.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                b.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        private static void copy(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth(from, to);
            }
        }

        private static byte[] readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                line.write(c);
                if (c == '\n') {
                    break;
                }
            }
            return line.size() == 0 ? null : line.toByteArray();
        }

        private void rewrite(Socket tor, Socket client) {
            try (InputStream in = new java.io.BufferedInputStream(tor.getInputStream());
                 OutputStream out = new java.io.BufferedOutputStream(client.getOutputStream())) {
                String block = null;
                boolean replacing = false;
                List<byte[]> body = new ArrayList<>();
                byte[] line;
                while ((line = readLine(in)) != null) {
                    String text = new String(line, StandardCharsets.ISO_8859_1).stripTrailing();
                    if (block == null && text.startsWith("650+HS_DESC_CONTENT ")) {
                        block = text.split(" ")[1];
                        body = new ArrayList<>();
                        replacing = block.equalsIgnoreCase(victim) && donorBody != null;
                        out.write(line);
                    } else if (block != null && text.equals(".")) {
                        if (block.equalsIgnoreCase(donor) && !body.isEmpty()) {
                            donorBody = List.copyOf(body);
                        }
                        if (replacing) {
                            for (byte[] l : donorBody) {
                                out.write(l);
                            }
                            forged.incrementAndGet();
                        }
                        out.write(line);
                        block = null;
                    } else if (block != null) {
                        body.add(line);
                        if (!replacing) {
                            out.write(line);
                        }
                    } else {
                        out.write(line);
                    }
                    if (block == null && in.available() == 0) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth(tor, client);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** A backend's intro-point auth keys, from its own tor. */
    private static List<String> introKeysOf(TestNetwork.Backend b) throws Exception {
        return new ArrayList<>(NET.introPointAuthKeys(b));
    }

    private static net.onionbalance.tor.TorController controller(int port) throws Exception {
        return net.onionbalance.tor.TorController.open(net.onionbalance.tor.ControlSettings.of(
                new net.onionbalance.tor.ControlEndpoint.Tcp(NET.host(), port)));
    }

    private static List<net.onionbalance.crypto.TimePeriod> periods() {
        var now = net.onionbalance.crypto.TimePeriod.containingOnTestNetwork(Instant.now(), NET.votingInterval());
        return List.of(now.previous(), now, now.next());
    }

    /** The intro-point auth keys (in order, duplicates kept) of each master descriptor the HSDirs serve now. */
    private static List<List<String>> masterDescriptorsOnHsDirs() throws Exception {
        List<List<String>> out = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (var client = controller(NET.clientControlPort())) {
            client.addListener(e -> {
                if (e instanceof net.onionbalance.tor.TorEvent.HsDescContentEvent c && c.address().equalsIgnoreCase(NET.masterAddress())) {
                    answered.add(c.hsDir().map(Object::toString).orElse("?"));
                    if (!c.descriptor().isBlank()) {
                        try {
                            var d = net.onionbalance.doc.hsdesc.DescriptorVerifier.verify(c.descriptor(),
                                    net.onionbalance.crypto.OnionAddress.parse(NET.masterAddress()), periods(), Instant.now());
                            List<String> keys = new ArrayList<>();
                            d.introPoints().forEach(ip -> keys.add(ip.authKey().base64()));
                            out.add(keys);
                        } catch (Exception ex) {
                            out.add(List.of("UNVERIFIABLE: " + ex.getMessage()));
                        }
                    }
                }
            });
            client.setEvents(java.util.EnumSet.of(net.onionbalance.tor.EventType.HS_DESC, net.onionbalance.tor.EventType.HS_DESC_CONTENT));
            String consensus = client.getInfo("dir/status-vote/current/consensus-microdesc");
            List<net.onionbalance.doc.consensus.RelayFingerprint> dirs = new ArrayList<>();
            String identity = null;
            for (String line : consensus.split("\n")) {
                if (line.startsWith("r ")) {
                    identity = line.split(" ")[2];
                } else if (line.startsWith("s ") && line.contains(" HSDir") && identity != null) {
                    dirs.add(net.onionbalance.doc.consensus.RelayFingerprint.fromBase64Identity(identity));
                }
            }
            for (var fp : dirs) {
                client.hsFetch(net.onionbalance.crypto.OnionAddress.parse(NET.masterAddress()), List.of(fp));
            }
            Instant until = Instant.now().plusSeconds(20);
            while (answered.size() < dirs.size() && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    @Test
    @Order(4)
    void aForgedBackendDescriptorMarksTheInstanceInvalidWithItsReasonAndIsNeverPublished() throws Exception {
        TestNetwork.Backend node1 = NET.backend(1);
        TestNetwork.Backend node2 = NET.backend(2);
        int metricsPort = freePort();
        Path config = config("forged", metricsPort);
        try (ForgingControlProxy proxy = new ForgingControlProxy(NET.controlPort(), node1.address(), node2.address());
             BalancerProcess forgedRun = start("forged", config, proxy.port(), Map.of())) {
            Instant t0 = Instant.now();
            String rejected = forgedRun.awaitLogLine(l -> l.contains("Rejected the descriptor of instance " + node1.address()),
                    Duration.ofSeconds(90));
            double rejectedAfter = secondsSince(t0);
            assertTrue(rejected.contains("belongs to another onion service or is forged"), rejected);
            long uploads = count(forgedRun, "Uploaded the ");
            forgedRun.awaitNthLogLine(l -> l.contains("Published the") && l.contains("node2×"), 1, Duration.ofSeconds(60));
            forgedRun.awaitNthLogLine(l -> l.contains("Uploaded the "), Math.max(1, uploads + 1), Duration.ofSeconds(60));
            String m = scrape(metricsPort);
            assertEquals("invalid", instanceState(m, node1.name()), m);
            assertEquals("ok", instanceState(m, node2.name()), m);
            String status = status(config);
            assertTrue(status.contains(node2.address() + ".onion"), status);
            Thread.sleep(3_000);
            List<String> node2Keys = introKeysOf(node2);
            List<String> node1Keys = introKeysOf(node1);
            List<List<String>> served = masterDescriptorsOnHsDirs();
            System.out.printf("FIGURE forged descriptor (node2's genuine descriptor answered for node1 by a control-port proxy, "
                    + "%d times): rejected %.1f s after the balancer started; \"%s\"; node1 %s, node2 %s on the metrics page; "
                    + "%d HSDirs serve the master, intro points per descriptor %s%n", proxy.forged.get(), rejectedAfter,
                    rejected.substring(rejected.indexOf("Rejected")), instanceState(m, node1.name()), instanceState(m, node2.name()),
                    served.size(), served.stream().map(List::size).toList());
            assertTrue(proxy.forged.get() >= 1, "the proxy forged at least one answer");
            assertFalse(served.isEmpty(), "HSDirs serve the master descriptor");
            for (List<String> d : served) {
                // The master takes up to 2 intro points per backend here (4 of 20 for 2 backends), not all 3.
                assertTrue(d.stream().anyMatch(node2Keys::contains), "the valid backend stays in the master: " + d + " vs node2 " + node2Keys);
                assertEquals(d.size(), new java.util.HashSet<>(d).size(),
                        "node2's intro points are not also published as node1's (the forgery is unused): " + d);
                List<String> others = new ArrayList<>(d);
                others.removeAll(node2Keys);
                assertTrue(node1Keys.containsAll(others), "only node1's own genuine intro points besides node2's: " + d);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ 5. clock off

    @Test
    @Order(5)
    void aClockHoursAheadIsWarnedAboutAndNothingIsMispublishedSilently() throws Exception {
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
        if (!Files.exists(lib)) {
            System.err.println("SKIPPED (loudly): " + lib + " is missing (apt-get install faketime); the clock test did not run");
            Assumptions.abort("libfaketime is not installed (apt-get install faketime)");
        }
        int metricsPort = freePort();
        Path config = config("clock", metricsPort);
        Map<String, String> env = Map.of("LD_PRELOAD", lib.toString(), "FAKETIME", "+3h", "DONT_FAKE_MONOTONIC", "1");
        try (BalancerProcess skewed = start("clock", config, NET.controlPort(), env)) {
            String warned = skewed.awaitLogLine(l -> (l.contains("[WARNING]") || l.contains("[ERROR]"))
                    && l.replace(tmp.toString(), "").toLowerCase(Locale.ROOT).contains("clock"), Duration.ofSeconds(60));
            Thread.sleep(20_000);
            List<String> warnings = skewed.log().lines().filter(l -> l.contains("WARN") || l.contains("SEVERE")).toList();
            long accepted = count(skewed, "Uploaded the ");
            System.out.println("FIGURE clock 3 h ahead: first clock line: " + warned + "; warnings: " + warnings.size()
                    + "; uploads accepted: " + accepted);
            warnings.stream().limit(8).forEach(w -> System.out.println("FIGURE   " + w));
            assertTrue(skewed.isAlive(), skewed.log());
            assertTrue(warned.contains("WARN") || warned.contains("SEVERE"), "the clock line is a warning: " + warned);
        }
    }

    // ------------------------------------------------------------------------------------------ 7. SIGHUP under nohup

    @Test
    @Order(7)
    void aBalancerStartedWithSighupIgnoredSaysSoAndThroughTheLauncherReloadsAnyway() throws Exception {
        Path config = config("nohup", freePort());
        Path plainLog = tmp.resolve("nohup").resolve("ignored.log");
        try (BalancerProcess ignored = BalancerProcess.startWithSighupIgnored(plainLog, args(config, NET.controlPort()))) {
            String warned = ignored.awaitLogLine(l -> l.contains("SIGHUP is ignored in this process"), Duration.ofSeconds(60));
            ignored.awaitLogLine(l -> l.contains("Published the"), Duration.ofSeconds(60));
            ignored.hangup();
            Thread.sleep(3_000);
            assertTrue(ignored.isAlive(), "an ignored SIGHUP leaves it running");
            assertEquals(0, count(ignored, "SIGHUP: reloading"), "nothing reloads, and the warning said so at start");
            System.out.println("FIGURE started with SIGHUP ignored: " + warned.substring(warned.indexOf("SIGHUP")));
        }
        // The launcher, started the same way, resets SIGHUP before java: a hangup reloads.
        Path resetLog = tmp.resolve("nohup").resolve("launcher.log");
        try (BalancerProcess reset = BalancerProcess.startThroughLauncherWithSighupIgnored(tmp.resolve("nohup").resolve("checkout"),
                resetLog, args(config, NET.controlPort()))) {
            reset.awaitLogLine(l -> l.contains("Published the"), Duration.ofSeconds(60));
            reset.hangup();
            reset.awaitLogLine(l -> l.contains("SIGHUP: reloading"), Duration.ofSeconds(20));
            assertEquals(0, count(reset, "SIGHUP is ignored"), reset.log());
            assertTrue(reset.isAlive(), "a SIGHUP reloads, it does not stop the balancer");
        }
    }

    // ------------------------------------------------------------------------------------------ 6. secrets

    /** Every way a secret might be written: hex (both cases), base64 (padded or not, also URL-safe), base32. */
    private static Map<String, String> encodings(String what, byte[] secret) {
        Map<String, String> out = new LinkedHashMap<>();
        String hex = HexFormat.of().formatHex(secret);
        out.put(what + " hex", hex);
        out.put(what + " HEX", hex.toUpperCase(Locale.ROOT));
        String b64 = Base64.getEncoder().encodeToString(secret);
        out.put(what + " base64", b64);
        out.put(what + " base64 unpadded", b64.replace("=", ""));
        out.put(what + " base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        String b32 = net.onionbalance.crypto.Base32.encode(secret);
        out.put(what + " base32", b32);
        out.put(what + " BASE32", b32.toUpperCase(Locale.ROOT));
        return out;
    }

    @Test
    @Order(6)
    void noSecretIsInAnyLogStatusMetricsOrScreen() throws Exception {
        List<String> texts = new ArrayList<>(SHOWN);
        // A console run in tmux, as an operator watches it: its screens join the scan.
        if (TmuxSession.find().isPresent()) {
            Path config = config("console", freePort());
            Path log = tmp.resolve("console").resolve("onionbalance.log");
            LOGS.add(log);
            StringBuilder sh = new StringBuilder("unset ONIONBALANCE_CONFIG ONIONBALANCE_STATUS_SOCKET_LOCATION "
                    + "ONIONBALANCE_TOR_CONTROL_SOCKET ONIONBALANCE_LOG_LOCATION; TERM=xterm-256color; export TERM;");
            for (String w : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "net.onionbalance.cli.Main", "--is-testnet", "-c", config.toString(),
                    "-i", NET.host(), "-p", Integer.toString(NET.controlPort()), "-s", tmp.resolve("no-system-tor").toString(),
                    "-v", "debug", "--log-file", log.toString())) {
                sh.append(' ').append(TmuxSession.shellQuote(w));
            }
            sh.append("; sleep 600");
            try (TmuxSession tmux = TmuxSession.start("faults-" + ProcessHandle.current().pid(), 160, 50, sh.toString())) {
                String main = tmux.awaitScreen("the main page with the master address", s -> s.contains(NET.masterAddress()),
                        Duration.ofSeconds(60), () -> "");
                texts.add(main);
                tmux.sendKeys("Enter");
                texts.add(tmux.awaitScreen("the service page", s -> s.contains("onionbalance > service"), Duration.ofSeconds(20), () -> ""));
                tmux.sendKeys("Escape");
                tmux.sendKeys("q");
                tmux.awaitScreen("the quit confirmation", s -> s.contains("Quit onionbalance?"), Duration.ofSeconds(20), () -> "");
                tmux.sendKeys("y");
                Thread.sleep(2_000);
                texts.add(tmux.capture());
            }
        } else {
            System.err.println("SKIPPED (loudly): tmux is missing; no console screen in the secrets scan");
        }
        for (Path log : LOGS) {
            if (Files.exists(log)) {
                texts.add(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        IdentityKey master = KeyFiles.load(NET.masterKeyPath());
        byte[] expanded = master.secretKey().expandedBytes();
        Map<String, String> needles = new LinkedHashMap<>(encodings("master key (64-byte expanded)", expanded));
        needles.putAll(encodings("master key scalar half", java.util.Arrays.copyOfRange(expanded, 0, 32)));
        needles.putAll(encodings("master key prefix half", java.util.Arrays.copyOfRange(expanded, 32, 64)));
        master.seed().ifPresent(seed -> needles.putAll(encodings("master key seed", seed)));
        COOKIES.add(Files.readAllBytes(NET.cookiePath()));
        for (int i = 0; i < COOKIES.size(); i++) {
            needles.putAll(encodings("control cookie #" + (i + 1), COOKIES.get(i)));
        }
        long lines = texts.stream().mapToLong(t -> t.lines().count()).sum();
        long chars = texts.stream().mapToLong(String::length).sum();
        List<String> hits = new ArrayList<>();
        for (String t : texts) {
            for (var n : needles.entrySet()) {
                if (t.contains(n.getValue())) {
                    hits.add(n.getKey());
                }
            }
        }
        System.out.printf("FIGURE secrets scan: %d texts (%d balancer logs, status/metrics/screens), %d lines, %d chars, "
                + "%d needles (%d secrets in hex/HEX/base64/unpadded/base64url/base32/BASE32), hits: %s%n", texts.size(), LOGS.size(),
                lines, chars, needles.size(), needles.size() / 7, hits);
        assertTrue(lines > 500, "the scan saw real output: " + lines + " lines");
        assertTrue(hits.isEmpty(), "secrets found: " + hits);
    }
}
