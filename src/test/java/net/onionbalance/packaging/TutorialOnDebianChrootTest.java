package net.onionbalance.packaging;

import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.testsupport.BundleTor;
import net.onionbalance.testsupport.DebianChroot;
import net.onionbalance.testsupport.DebianPackage;
import net.onionbalance.testsupport.MasterDescriptors;
import net.onionbalance.testsupport.PeerProcessHttpServer;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TorProcess;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.TorController;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 29: the OnionBalance tutorial (shared/reference/tutorial-steps.md), step by step, as a Debian
 * operator types it on obhost1, with scripts/package-deb's package installed in a fresh Debian 12
 * chroot (see {@link DebianChroot}), and its 12 torhosts' bundles served by real tors of the private
 * test network. A client then finds every backend through the master on the HSDirs, the log says
 * what the tutorial promises, and socat reads the status socket.
 *
 * <p>Where this differs from the tutorial's words, and why:
 * <ul>
 * <li>{@code sudo apt-get install onionbalance tor}: the package is installed from its file (it
 *     {@code Provides: onionbalance}); tor is in the chroot's base. There is no sudo in the chroot:
 *     every obhost command runs as root.
 * <li>{@code cp ~/onionbalance_master_conf/master/*.key}: v3's onionbalance-config (the Python
 *     tool's, and ours) writes the master key and config.yaml at the output folder's top, with no
 *     {@code master/} folder (onionbalance-0.2.md, layout); the test runs the v3 paths. Its
 *     config.yaml names the key relative to itself, so the copies in /etc/onionbalance work as is.
 * <li>{@code chown onionbalance:onionbalance} takes config.yaml as well as the keys: the wizard
 *     writes it 0600 (the balancer's user rewrites it from the console and at a key rotation), so
 *     root's copy is unreadable to that user ("cannot be read: permission denied"); the README.txt
 *     beside it says {@code install -m 0600 -o onionbalance config.yaml *.key /etc/onionbalance/}.
 * <li>Appended to /etc/onionbalance/config.yaml: {@code tor-control:} with the test network's
 *     balancer tor (its control port is picked at random; the tutorial's tor listens on the
 *     default 9051, which needs no line), and {@code status-socket-location:
 *     /var/run/onionbalance/control}: v3 onionbalance opens no status socket unless told where (v2
 *     had that default), and the tutorial's monitoring step reads it. The balancer tor runs on
 *     the host; its control cookie is shared into the chroot at the path tor names, readable by
 *     the group debian-tor, as Debian's tor keeps it.
 * <li>{@code service onionbalance restart}: no systemd in a chroot; the unit's ExecStart runs as
 *     systemd would ({@link DebianChroot#startService}), plus {@code --is-testnet} (the private
 *     network's 20 s voting interval makes its time periods short).
 * <li>The torhosts: v3 bundles are srvN/ with {@code instance_torrc} and the key folder
 *     (hs_ed25519_secret_key, not private_key); each is copied to a torhost folder on the host and
 *     its HiddenServiceDir line pointed there (the wizard's default is /var/lib/tor, the host's
 *     own tor's). Three bundles per tor, four tors, so that twelve backends fit a small machine.
 * </ul>
 */
class TutorialOnDebianChrootTest {
    /** onionbalance-config's -n: the number of torhosts. */
    private static final int TORHOSTS = 12;
    private static final int BUNDLES_PER_TOR = 3;
    private static final String SOCKET = "/var/run/onionbalance/control";

    /**
     * The run's shared network (HsDirOracleTest and HsdirsLiveCommandTest use it too): this test
     * adds its own master and tors and stops them, leaving the network as it found it.
     */
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.shared(2);

    /** Kept when the test fails: the torhosts' bundles and logs, the balancer's output. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    @Test
    void theTutorialsStepsGiveOneMasterReachingEveryBackend() throws Exception {
        Assumptions.assumeTrue(DebianChroot.onPath("dpkg-deb"), "SKIPPED: dpkg-deb not installed: no Debian package built");
        Optional<String> why = DebianChroot.whyNot();
        Assumptions.assumeTrue(why.isEmpty(), () -> "SKIPPED: the tutorial needs a Debian chroot: " + why.orElse(""));
        Path deb = DebianPackage.build(tmp);
        List<TorProcess> torhosts = new ArrayList<>();
        TestNetwork net = NET;
        try (PeerProcessHttpServer web = PeerProcessHttpServer.start();
             DebianChroot obhost = DebianChroot.fresh(DebianChroot.Suite.BOOKWORM)) {
            Instant t0 = Instant.now();
            // --- On obhost1.
            Files.copy(deb, obhost.path("/tmp").resolve(deb.getFileName()));
            ok(obhost.run("apt-get", "install", "-y", "--no-install-recommends", "/tmp/" + deb.getFileName()));
            ok(obhost.shell("mkdir -p /var/run/onionbalance"));
            ok(obhost.shell("chown onionbalance:onionbalance /var/run/onionbalance"));
            String wizard = ok(obhost.shell("/usr/sbin/onionbalance-config -n " + TORHOSTS + " --service-virtual-port 80"
                    + " --service-target " + web.target() + " --output ~/onionbalance_master_conf"));
            Path conf = obhost.path("/root/onionbalance_master_conf");
            assertTrue(!Files.exists(conf.resolve("master")), "v3 has no master/ folder (see the class comment)");
            ok(obhost.shell("cp ~/onionbalance_master_conf/*.key /etc/onionbalance/"));
            ok(obhost.shell("cp ~/onionbalance_master_conf/config.yaml /etc/onionbalance/"));
            ok(obhost.shell("chown onionbalance:onionbalance /etc/onionbalance/*.key /etc/onionbalance/config.yaml"));
            List<String> keys;
            try (var files = Files.list(obhost.path("/etc/onionbalance"))) {
                keys = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".key")).toList();
            }
            assertEquals(1, keys.size(), "one master key in /etc/onionbalance: " + keys);
            String master = keys.get(0).substring(0, keys.get(0).length() - ".key".length());
            assertEquals("onionbalance:onionbalance 600", ok(obhost.run("stat", "-c", "%U:%G %a", "/etc/onionbalance/" + keys.get(0))).strip());
            assertTrue(wizard.contains(master + ".onion"), "the wizard named the master whose key was copied:\n" + wizard);

            Files.writeString(obhost.path("/etc/onionbalance/config.yaml"), "status-socket-location: " + SOCKET + "\n"
                    + obhost.torControlOf(net), java.nio.file.StandardOpenOption.APPEND);
            Path output = tmp.resolve("balancer.out");
            Process balancer = obhost.startService("/lib/systemd/system/onionbalance.service", List.of("--is-testnet"), output);
            String log = "/var/log/onionbalance/log";
            obhost.awaitLine(log, l -> l.contains("Loaded onion " + master) && l.contains("with " + TORHOSTS + " instances"),
                    Duration.ofSeconds(60), balancer, output);
            obhost.awaitLine(log, l -> l.contains("Onionbalance initialized"), Duration.ofSeconds(60), balancer, output);

            // --- On each torhost: its bundle srvN/ (instance_torrc and the key folder) beside its tor.
            Map<String, String> backends = new LinkedHashMap<>(); // address -> srvN
            Map<String, Integer> torOf = new HashMap<>();          // address -> index into torhosts
            for (int first = 1; first <= TORHOSTS; first += BUNDLES_PER_TOR) {
                List<String> torrc = new ArrayList<>(List.of("%include " + net.env("COMMON_TORRC"),
                        "Nickname torhost" + first, "Log [rend]info file {dir}/rend.log"));
                for (int n = first; n < first + BUNDLES_PER_TOR && n <= TORHOSTS; n++) {
                    Path bundle = torhostCopy(conf.resolve("srv" + n), tmp.resolve("torhost" + first));
                    String address = onion(Files.readString(BundleTor.install(bundle).resolve("hostname")));
                    backends.put(address, "srv" + n);
                    torOf.put(address, torhosts.size());
                    torrc.add("%include " + bundle.resolve("instance_torrc"));
                }
                TorProcess tor = TorProcess.builder().networkEnabled().torrc(torrc.toArray(String[]::new)).start();
                torhosts.add(tor);
                web.name(tor.pid(), "torhost" + first);
            }
            assertEquals(TORHOSTS, backends.size());
            String configYaml = Files.readString(obhost.path("/etc/onionbalance/config.yaml"));
            backends.keySet().forEach(a -> assertTrue(configYaml.contains(a), "config.yaml lists " + a));

            for (String address : backends.keySet()) {
                obhost.awaitLine(log, l -> l.contains("Instance " + address + ": new intro point set"),
                        Duration.ofSeconds(240), balancer, output);
            }
            Duration allVerified = Duration.between(t0, Instant.now());
            obhost.awaitLine(log, l -> l.contains("Published the first descriptor of " + master), Duration.ofSeconds(60), balancer, output);

            // --- A client: the master's descriptors on every HSDir together carry every backend.
            Map<String, String> ownerOfKey = new HashMap<>();
            Set<String> reached = Set.of();
            Instant until = Instant.now().plusSeconds(180);
            String lastRound = "";
            while (Instant.now().isBefore(until)) {
                ownerOfKey.putAll(backendIntroPoints(net, torhosts, torOf, backends));
                Map<RelayFingerprint, VerifiedDescriptor> held = MasterDescriptors.fromEveryHsDir(net, master, Duration.ofSeconds(60));
                // A client fetches for the time period its consensus says; near a rollover that may be either.
                Map<Long, List<VerifiedDescriptor>> byPeriod = held.values().stream()
                        .collect(Collectors.groupingBy(d -> d.timePeriod().number()));
                List<VerifiedDescriptor> clients = byPeriod.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
                reached = MasterDescriptors.introPointKeys(clients).stream().map(ownerOfKey::get)
                        .filter(o -> o != null).collect(Collectors.toCollection(TreeSet::new));
                lastRound = held.size() + " HSDirs hold a descriptor (" + clients.size() + " for the client's time period), "
                        + "carrying " + reached.size() + " of " + TORHOSTS + " backends: " + reached;
                System.out.println("FIGURE " + lastRound);
                if (reached.size() == TORHOSTS) {
                    break;
                }
                Thread.sleep(15_000);
            }
            assertEquals(new TreeSet<>(backends.values()), reached, "every backend through the master: " + lastRound
                    + "\nbalancer log:\n" + Files.readString(obhost.path(log)));
            String page = net.fetchUntilOk(master, Duration.ofSeconds(120)).body().trim();
            assertTrue(page.startsWith("torhost"), "a page through the master from one of the torhosts' tors: " + page);
            System.out.printf("FIGURE tutorial: %d backends verified %.1f s after the package install began; all %d in the "
                    + "master's descriptors on the HSDirs %.1f s after it; a page from %s%n", TORHOSTS,
                    allVerified.toMillis() / 1000.0, TORHOSTS, Duration.between(t0, Instant.now()).toMillis() / 1000.0, page);

            // --- sudo tail -f /var/log/onionbalance/log: what the tutorial says to look for.
            String logText = Files.readString(obhost.path(log), StandardCharsets.UTF_8);
            assertTrue(logText.contains("Published the second descriptor of " + master), logText);
            assertEquals("onionbalance:adm", ok(obhost.run("stat", "-c", "%U:%G", log)).strip(), "the unit's user writes the log");

            // --- Monitoring: sudo watch 'socat - unix-connect:/var/run/onionbalance/control'
            String status = ok(obhost.shell("socat - unix-connect:" + SOCKET));
            assertTrue(status.contains(master), "the status names the master:\n" + status);
            for (String address : backends.keySet()) {
                assertTrue(status.contains(address), "the status names backend " + address + ":\n" + status);
            }
            System.out.println("FIGURE status socket: " + status.length() + " bytes, first line: " + status.lines().findFirst().orElse(""));
            DebianChroot.stop(balancer);
        } finally {
            torhosts.forEach(TorProcess::close);
        }
    }

    /**
     * A torhost's copy of bundle {@code srvN}: the folder as the wizard wrote it, with
     * instance_torrc's HiddenServiceDir moved from the wizard's /var/lib/tor to {@code torhost}/lib.
     */
    private static Path torhostCopy(Path bundle, Path torhost) throws Exception {
        Path copy = torhost.resolve(bundle.getFileName().toString());
        DebianChroot.Result cp = DebianChroot.host(List.of("mkdir", "-p", torhost.toString()));
        assertEquals(0, cp.rc(), cp.output());
        ok(DebianChroot.host(List.of("cp", "-a", bundle.toString(), copy.toString())));
        Path torrc = copy.resolve("instance_torrc");
        Path hsDir = BundleTor.hiddenServiceDir(torrc);
        assertTrue(hsDir.startsWith("/var/lib/tor"), "the wizard's default HiddenServiceDir: " + hsDir);
        Path moved = torhost.resolve("lib").resolve(hsDir.getFileName().toString());
        Files.writeString(torrc, Files.readString(torrc).replace("HiddenServiceDir " + hsDir, "HiddenServiceDir " + moved));
        return copy;
    }

    /**
     * Each backend's intro points, from its descriptor as a client fetches it (as the balancer's tor
     * does) and as its own tor holds it (GETINFO hs/service/desc/id, the current time period's):
     * auth key -> srvN.
     */
    private static Map<String, String> backendIntroPoints(TestNetwork net, List<TorProcess> torhosts, Map<String, Integer> torOf,
            Map<String, String> backends) throws Exception {
        Map<String, String> owner = new TreeMap<>();
        MasterDescriptors.asAClientFetches(net, backends.keySet(), Duration.ofSeconds(60)).forEach((address, d) ->
                MasterDescriptors.introPointKeys(List.of(d)).forEach(k -> owner.put(k, backends.get(address))));
        for (var b : backends.entrySet()) {
            TorProcess tor = torhosts.get(torOf.get(b.getKey()));
            try (TorController c = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", tor.controlPort())))) {
                String desc = c.getInfo("hs/service/desc/id/" + b.getKey());
                VerifiedDescriptor d = DescriptorVerifier.verify(desc, OnionAddress.parse(b.getKey()),
                        MasterDescriptors.periodsAroundNow(net), Instant.now());
                MasterDescriptors.introPointKeys(List.of(d)).forEach(k -> owner.put(k, b.getValue()));
            } catch (Exception e) {
                System.out.println("FIGURE no descriptor of " + b.getValue() + " from its tor yet: " + e.getMessage());
            }
        }
        return owner;
    }

    private static String ok(DebianChroot.Result r) {
        assertEquals(0, r.rc(), r.output());
        return r.output();
    }

    /** "abc...xyz.onion\n" to "abc...xyz". */
    private static String onion(String s) {
        String t = s.trim();
        return t.endsWith(".onion") ? t.substring(0, t.length() - ".onion".length()) : t;
    }
}
