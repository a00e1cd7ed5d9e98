package net.onionbalance.e2e;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.BundleTor;
import net.onionbalance.testsupport.PeerProcessHttpServer;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.Signal;
import net.onionbalance.tor.TorController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's promise, end to end on the private Tor network: what {@code onionbalance config} writes
 * is the whole deployment. Each srvN/ bundle is installed as README.txt says and served by a real
 * tor whose torrc only includes the bundle's instance_torrc; the balancer runs on the wizard's
 * config.yaml and master key, unchanged; a client reaches both backends through the master. Then
 * {@code onionbalance bundle rotate} gives node1 a new key without downtime and the balancer retires
 * the old address by itself once the new one is live.
 *
 * <p>Every bundle forwards to the same target (the wizard writes one HiddenServicePort for all), so
 * one HTTP server answers them all, with the name of the backend whose tor process opened the
 * connection: the page names the backend that served it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WizardBundlesEndToEndTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(1);

    /** Kept when a test fails: the balancer's and every tor's logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static PeerProcessHttpServer http;
    private static final Map<String, BundleTor> tors = new LinkedHashMap<>();
    private static BalancerProcess balancer;
    private static Path deploy;
    /** tor's MAX_SIGNAL_NEWNYM_INTERVAL (10 s), plus a margin. */
    private static final long NEWNYM_INTERVAL_MS = 10_500;
    private static Instant lastNewnym;
    private static String master;

    @AfterAll
    static void stopEverythingWeStarted() {
        if (balancer != null) {
            balancer.close();
        }
        tors.values().forEach(BundleTor::close);
        if (http != null) {
            http.close();
        }
    }

    @Test
    @Order(1)
    void wizardBundlesServedByRealTorsAreFetchedVerifiedAndBalanced() throws Exception {
        http = PeerProcessHttpServer.start();
        deploy = tmp.resolve("deploy");
        Path torhost = tmp.resolve("torhost"); // stands for /var/lib/tor on the backend hosts
        String out = run("config", "--no-interactive", "-n", "2", "--output", deploy.toString(),
                "--service-virtual-port", "80", "--service-target", http.target(), "--hs-dir-root", torhost.toString());
        String configYaml = Files.readString(deploy.resolve("config.yaml"));

        Map<String, String> address = new LinkedHashMap<>();
        for (String b : List.of("srv1", "srv2")) {
            Path keys = deploy.resolve(b).resolve("onionbalance-" + b);
            address.put(b, onion(Files.readString(keys.resolve("hostname"))));
            assertTrue(configYaml.contains(address.get(b)), "config.yaml lists " + b + "'s address:\n" + configYaml);
            String obConfig = Files.readString(keys.resolve("ob_config")).trim();
            assertTrue(obConfig.matches("MasterOnionAddress [a-z2-7]{56}\\.onion"), obConfig);
            String m = onion(obConfig.substring("MasterOnionAddress ".length()));
            assertTrue(master == null || master.equals(m), "both bundles serve one master");
            master = m;
        }
        assertTrue(Files.exists(deploy.resolve(master + ".key")), "the master key is " + master + ".key:\n" + out);

        Map<String, byte[]> secretKeys = new LinkedHashMap<>();
        for (String b : List.of("srv1", "srv2")) {
            Path hsDir = BundleTor.install(deploy.resolve(b));
            assertEquals(torhost.resolve("onionbalance-" + b), hsDir, "instance_torrc's HiddenServiceDir follows --hs-dir-root");
            secretKeys.put(b, Files.readAllBytes(hsDir.resolve("hs_ed25519_secret_key")));
            tors.put(b, BundleTor.start(NET, b, deploy.resolve(b), tmp.resolve("tor-" + b)));
            http.name(tors.get(b).pid(), b);
        }
        for (String b : List.of("srv1", "srv2")) {
            BundleTor tor = tors.get(b);
            Duration upload = tor.awaitDescriptorUploaded(Duration.ofSeconds(90));
            System.out.printf("FIGURE %s: tor with the wizard's bundle uploaded its descriptor %.1f s after start%n",
                    b, upload.toMillis() / 1000.0);
            // tor took the bundle's key as is: it did not write a key or hostname of its own.
            Path hsDir = tmp.resolve("torhost").resolve("onionbalance-" + b);
            assertEquals(address.get(b), onion(Files.readString(hsDir.resolve("hostname"))), b + ": tor's hostname");
            assertArrayEquals(secretKeys.get(b), Files.readAllBytes(hsDir.resolve("hs_ed25519_secret_key")), b + ": tor's key");
            assertTrue(tor.log().contains("MasterOnionAddress " + master + ".onion registered"),
                    b + ": tor read ob_config's master address:\n" + tor.log());
        }

        System.out.println("logs in " + tmp + " (kept if a test fails)");
        balancer = BalancerProcess.start(tmp.resolve("ob.log"), balancerArgs());
        for (String b : List.of("srv1", "srv2")) {
            balancer.awaitLogLine(l -> l.contains("Instance " + address.get(b) + ": new intro point set"), Duration.ofSeconds(90));
        }
        Duration verified = Duration.between(balancer.started(), Instant.now());
        String first = balancer.awaitLogLine(l -> l.contains("Published the first descriptor of " + master), Duration.ofSeconds(30));
        assertTrue(first.contains("to " + NET.hsDirCount() + " HSDirs"), first);
        // Both time-period slots, since a client may use either.
        for (String slot : List.of("first", "second")) {
            String both = balancer.awaitLogLine(l -> l.contains("Published the " + slot + " descriptor")
                    && l.contains("node1×") && l.contains("node2×"), Duration.ofSeconds(60));
            assertTrue(both.contains("to " + NET.hsDirCount() + " HSDirs"), both);
        }
        Instant t0 = Instant.now();
        Set<String> seen = pagesThroughMaster(Set.of("srv1", "srv2"), Duration.ofSeconds(100));
        System.out.printf("FIGURE both bundles' descriptors verified %.1f s after the balancer started; pages from %s "
                + "through the master in %.1f s more (HTTP hits %s)%n", verified.toMillis() / 1000.0, seen,
                Duration.between(t0, Instant.now()).toMillis() / 1000.0, http.hits());
        assertEquals(Set.of("srv1", "srv2"), seen, "the master answers from both bundle backends, and only from them; "
                + "logs in " + tmp + "; the balancer said:\n" + publishLines());
    }

    @Test
    @Order(2)
    void aRotatedBundleReplacesTheOldBackendWhichIsRetiredOnceTheNewOneIsLive() throws Exception {
        Assumptions.assumeTrue(balancer != null && balancer.isAlive() && tors.size() == 2,
                "skipped: needs the deployment the previous test brought up");
        Path config = deploy.resolve("config.yaml");
        String oldAddress = onion(Files.readString(deploy.resolve("srv1/onionbalance-srv1/hostname")));
        String node2 = onion(Files.readString(deploy.resolve("srv2/onionbalance-srv2/hostname")));

        run("bundle", "rotate", "--instance", "node1", "-c", config.toString());
        Path bundle = deploy.resolve("srv1.v2");
        String newAddress = onion(Files.readString(bundle.resolve("onionbalance-srv1.v2/hostname")));
        String during = Files.readString(config);
        assertTrue(during.contains(oldAddress) && during.contains(newAddress) && during.contains(node2),
                "old and new side by side:\n" + during);

        BundleTor.install(bundle);
        tors.put("srv1.v2", BundleTor.start(NET, "srv1.v2", bundle, tmp.resolve("tor-srv1.v2")));
        http.name(tors.get("srv1.v2").pid(), "srv1.v2");
        tors.get("srv1.v2").awaitDescriptorUploaded(Duration.ofSeconds(90));

        Instant hup = Instant.now();
        long publishedBefore = balancer.countLogLines(l -> l.contains("Published the"));
        balancer.hangup();
        balancer.awaitLogLine(l -> l.contains("Instance " + newAddress + ": new intro point set"), Duration.ofSeconds(60));
        String rotation = balancer.awaitLogLine(l -> l.contains("Rotation: "), Duration.ofSeconds(10));
        assertTrue(rotation.contains(newAddress) && rotation.contains("retiring") && rotation.contains(oldAddress), rotation);
        Duration retired = Duration.between(hup, Instant.now());

        String after = awaitFile(config, t -> !t.contains(oldAddress), Duration.ofSeconds(10));
        assertTrue(after.contains(newAddress) && after.contains(node2), "the new and the untouched backend stay:\n" + after);

        // The next descriptors (both time-period slots) hold the new backend's intro points, not the old one's.
        String republished = balancer.awaitNthLogLine(l -> l.contains("Published the"), publishedBefore + 1, Duration.ofSeconds(30));
        for (String slot : List.of("first", "second")) {
            String withNew = balancer.awaitLogLine(l -> l.contains("Published the " + slot + " descriptor")
                    && l.contains("node1-v2×") && !l.contains("node1×"), Duration.ofSeconds(30));
            assertTrue(withNew.contains("node2×") && withNew.contains("to " + NET.hsDirCount() + " HSDirs"), withNew);
        }
        awaitUploadsSinceRotation(Duration.ofSeconds(20));

        // The old backend's tor still runs, but a client no longer reaches it through the master.
        Instant t0 = Instant.now();
        Set<String> seen = pagesThroughMaster(Set.of("srv1.v2", "srv2"), Duration.ofSeconds(90));
        Duration allSeen = Duration.between(t0, Instant.now());
        assertEquals(Set.of("srv1.v2", "srv2"), seen, "the master answers from the rotated and the untouched backend only "
                + "(HTTP hits " + http.hits() + "); logs in " + tmp + "; the balancer said:\n" + publishLines());

        // README.txt: once the old address is retired, the operator removes the old backend.
        tors.get("srv1").close();
        freshClient();
        String body = NET.fetchUntilOk(master, Duration.ofSeconds(60)).body().trim();
        assertTrue(Set.of("srv1.v2", "srv2").contains(body), body);
        System.out.printf("FIGURE rotation: old backend retired %.1f s after SIGHUP (first republish: %s); pages from %s "
                + "through the master within %.1f s; HTTP hits %s%n", retired.toMillis() / 1000.0,
                republished.substring(republished.indexOf("Published")), seen, allSeen.toMillis() / 1000.0, http.hits());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static List<String> balancerArgs() {
        return List.of("--is-testnet", "-c", deploy.resolve("config.yaml").toString(), "-i", NET.host(),
                "-p", Integer.toString(NET.controlPort()), "-s", tmp.resolve("no-system-tor").toString(), "-v", "debug");
    }

    /** Runs an onionbalance command in this JVM; fails with its output unless it exits 0. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int rc = cl.execute(args);
        assertEquals(0, rc, "onionbalance " + String.join(" ", args) + ":\n" + out);
        return out.toString();
    }

    private static TorController clientController() throws Exception {
        return TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(NET.host(), NET.clientControlPort())));
    }

    /**
     * SIGNAL NEWNYM on the client tor, which also forgets its onion-service descriptors and intro
     * points: a client that has never seen the master. tor delays a NEWNYM that comes within 10 s of
     * the previous one (and the cached descriptor stays in use meanwhile), so this waits out that
     * limit first.
     */
    private static void freshClient() throws Exception {
        if (lastNewnym != null) {
            long wait = Duration.between(Instant.now(), lastNewnym.plusMillis(NEWNYM_INTERVAL_MS)).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        try (TorController client = clientController()) {
            client.signal(Signal.NEWNYM);
        }
        lastNewnym = Instant.now();
    }

    /**
     * Fetches the master on fresh circuits, as a {@link #freshClient()} before each round of three,
     * until every expected backend answered or time is up; returns every name that answered.
     */
    private static Set<String> pagesThroughMaster(Set<String> expected, Duration within) throws Exception {
        Set<String> seen = new TreeSet<>();
        Instant deadline = Instant.now().plus(within);
        while (!seen.containsAll(expected) && Instant.now().isBefore(deadline)) {
            freshClient();
            for (int i = 0; i < 3; i++) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative()) {
                    break;
                }
                String name = NET.fetchUntilOk(master, left.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : left)
                        .body().trim();
                System.out.println("fetched the master: a page from " + name);
                seen.add(name);
            }
        }
        return seen;
    }

    /**
     * Paces the test: waits (at most {@code within}) until the balancer's tor saw every HSDir accept
     * both descriptors published without the retired backend, so a client cannot find an older one.
     */
    private static void awaitUploadsSinceRotation(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        String got = "";
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = balancer.log().lines().toList();
            int from = lines.size();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("Published the") && lines.get(i).contains("node1-v2×")) {
                    from = i;
                    break;
                }
            }
            List<String> after = lines.subList(from, lines.size());
            long first = after.stream().filter(l -> l.contains("Uploaded the first descriptor")).count();
            long second = after.stream().filter(l -> l.contains("Uploaded the second descriptor")).count();
            if (first >= NET.hsDirCount() && second >= NET.hsDirCount()) {
                return;
            }
            got = first + " first and " + second + " second";
            Thread.sleep(250);
        }
        System.out.println("note: only " + got + " descriptor uploads of " + NET.hsDirCount() + " each confirmed since the rotation");
    }

    private static String awaitFile(Path file, Predicate<String> ok, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        while (!ok.test(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(file + " did not change as expected within " + within.toSeconds() + " s:\n" + text
                        + "\nbalancer log:\n" + balancer.log());
            }
            Thread.sleep(200);
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The balancer's log lines about instances, publishing and rotation (not its debug chatter). */
    private static String publishLines() {
        return balancer.log().lines().filter(l -> l.contains("Published the") || l.contains("Instance ") || l.contains("Rotation")
                || l.contains("Rejected") || l.contains("WARN")).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** "abc...xyz.onion\n" to "abc...xyz". */
    private static String onion(String s) {
        String t = s.trim();
        return t.endsWith(".onion") ? t.substring(0, t.length() - ".onion".length()) : t;
    }
}
