package net.onionbalance.e2e;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TorProcess;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.Signal;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sixty backends behind one master on the private network, 12 HSDirs: the master descriptors on
 * the HSDirs clients fetch from, fetched one by one by name and decrypted as a client would,
 * together carry every backend, none more than 20 intro points; fresh clients reach backends of
 * every group. Backends run 8 to a tor (several HiddenServiceDir blocks, each with its own
 * ob_config), so that the network fits a 2-core machine. The biggest network of the test run; the
 * console at 80x24 is checked on it too ({@link SixtyBackendsConsole}).
 */
class SixtyBackendsEndToEndTest {
    private static final int BACKENDS = 60;

    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(BACKENDS, 9, 8);

    @TempDir
    Path tmp;

    private static TorController controller(int port) throws Exception {
        return TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(NET.host(), port)));
    }

    private static List<TimePeriod> periods() {
        TimePeriod now = currentPeriod();
        return List.of(now.previous(), now, now.next());
    }

    private static TimePeriod currentPeriod() {
        return TimePeriod.containingOnTestNetwork(Instant.now(), NET.votingInterval());
    }

    /**
     * Each backend's intro points, from its descriptors as a client gets them (HSFETCH through the
     * network's client tor, decrypted and verified) and as its own tor holds them (GETINFO
     * hs/service/desc/id): auth key → backend name.
     */
    private static Map<String, Set<String>> backendIntroPoints() throws Exception {
        Map<String, Set<String>> byKey = new ConcurrentHashMap<>();
        Map<String, String> nameOf = new HashMap<>();
        NET.backends().forEach(b -> nameOf.put(b.address(), b.name()));
        java.util.function.BiConsumer<String, String> add = (address, desc) -> {
            try {
                VerifiedDescriptor d = DescriptorVerifier.verify(desc, OnionAddress.parse(address), periods(), Instant.now());
                for (IntroPoint ip : d.introPoints()) {
                    byKey.computeIfAbsent(ip.authKey().base64(), k -> ConcurrentHashMap.newKeySet()).add(nameOf.get(address));
                }
            } catch (Exception e) {
                System.out.println("FIGURE could not read a descriptor of " + address + ": " + e.getMessage());
            }
        };
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (TorController client = controller(NET.clientControlPort())) {
            client.addListener(e -> {
                if (e instanceof TorEvent.HsDescContentEvent c && nameOf.containsKey(c.address()) && !c.descriptor().isBlank()) {
                    add.accept(c.address(), c.descriptor());
                    answered.add(c.address());
                }
            });
            client.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT));
            for (TestNetwork.Backend b : NET.backends()) {
                client.hsFetch(OnionAddress.parse(b.address()), List.of());
            }
            Instant until = Instant.now().plusSeconds(60);
            while (answered.size() < nameOf.size() && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
        }
        Map<Integer, TorController> tors = new HashMap<>();
        try {
            for (TestNetwork.Backend b : NET.backends()) {
                TorController c = tors.get(b.controlPort());
                if (c == null) {
                    c = controller(b.controlPort());
                    tors.put(b.controlPort(), c);
                }
                add.accept(b.address(), c.getInfo("hs/service/desc/id/" + b.address()));
            }
        } finally {
            for (TorController c : tors.values()) {
                c.close();
            }
        }
        return byKey;
    }

    /** The console at 80x24 on this network (a second 60-backend network would cost another 1.6 GB and minutes of CPU). */
    @Test
    void consoleAt80x24KeepsSixtyBackendsReadable() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(net.onionbalance.testsupport.TmuxSession.find().isPresent(),
                "SKIPPED: tmux not installed (apt-get install tmux)");
        SixtyBackendsConsole.run(NET, tmp);
    }

    @Test
    void everyBackendReachesClientsThroughSixDistinctDescriptors() throws Exception {
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, Files.readString(NET.configYaml()));
        List<String> args = List.of("--is-testnet", "-c", config.toString(), "-i", NET.host(),
                "-p", Integer.toString(NET.controlPort()), "-s", tmp.resolve("no-system-tor").toString(), "-v", "info");
        try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), args)) {
            ob.awaitLogLine(l -> l.contains("Published the first descriptor") && l.contains("distinct descriptor"),
                    Duration.ofSeconds(120));
            Duration published = Duration.between(ob.started(), Instant.now());
            // Let the uploads land, then read what the HSDirs hold.
            ob.awaitNthLogLine(l -> l.contains("Published the") && l.contains("distinct descriptor"), 6,
                    Duration.ofSeconds(60));
            Thread.sleep(5_000);

            Map<String, Set<String>> ipOwner = backendIntroPoints();
            Map<RelayFingerprint, String> held = new TreeMap<>();
            try (TorController client = controller(NET.clientControlPort())) {
                List<RelayFingerprint> hsDirs = TestNetwork.hsDirsIn(client);
                Map<RelayFingerprint, String> got = new ConcurrentHashMap<>();
                List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
                client.addListener(e -> {
                    if (e instanceof TorEvent.HsDescContentEvent c) {
                        seen.add(c.address() + " " + c.hsDir() + " " + c.descriptor().length());
                        if (c.address().equalsIgnoreCase(NET.masterAddress()) && c.hsDir().isPresent()) {
                            got.put(c.hsDir().get(), c.descriptor());
                        }
                    }
                });
                client.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT));
                for (RelayFingerprint fp : hsDirs) {
                    client.hsFetch(OnionAddress.parse(NET.masterAddress()), List.of(fp));
                }
                Instant until = Instant.now().plusSeconds(60);
                while (got.size() < hsDirs.size() && Instant.now().isBefore(until)) {
                    Thread.sleep(200);
                }
                held.putAll(got);
                System.out.println("FIGURE asked " + hsDirs.size() + " HSDirs, " + seen.size() + " answers: " + seen);
            }

            // Per HSDir holding a descriptor: the backends whose intro points it carries.
            Map<Long, Map<RelayFingerprint, VerifiedDescriptor>> byPeriod = new TreeMap<>();
            for (var e : held.entrySet()) {
                if (e.getValue().isBlank()) {
                    continue;
                }
                VerifiedDescriptor d = DescriptorVerifier.verify(e.getValue(), OnionAddress.parse(NET.masterAddress()),
                        periods(), Instant.now());
                byPeriod.computeIfAbsent(d.timePeriod().number(), k -> new TreeMap<>()).put(e.getKey(), d);
            }
            // A client fetches for the time period its consensus says; near a rollover that may be either.
            Map<RelayFingerprint, VerifiedDescriptor> clientPeriod = byPeriod.values().stream()
                    .max(java.util.Comparator.comparingInt(Map::size)).orElse(Map.of());
            Map<RelayFingerprint, Set<String>> groups = new TreeMap<>();
            Set<String> union = new HashSet<>();
            int largest = 0;
            for (var e : clientPeriod.entrySet()) {
                VerifiedDescriptor d = e.getValue();
                largest = Math.max(largest, d.introPoints().size());
                Set<String> names = new HashSet<>();
                for (IntroPoint ip : d.introPoints()) {
                    names.addAll(ipOwner.getOrDefault(ip.authKey().base64(), Set.of("?")));
                }
                groups.put(e.getKey(), names);
                union.addAll(names);
            }
            Set<Set<String>> distinct = new HashSet<>(groups.values());
            System.out.printf("FIGURE %d backends: first distinct descriptor published %.1f s after the balancer started; "
                            + "%d HSDirs hold a descriptor, %d distinct, largest %d intro points; union covers %d backends%n",
                    BACKENDS, published.toMillis() / 1000.0, groups.size(), distinct.size(), largest, union.size());
            groups.forEach((fp, names) -> System.out.println("FIGURE   HSDir " + fp.hex().substring(0, 8) + ": "
                    + names.size() + " backends " + new java.util.TreeSet<>(names)));
            assertTrue(largest <= 20, "no descriptor has more than 20 intro points");
            assertTrue(distinct.size() >= 6, "6 distinct descriptors, one per fetch HSDir: " + distinct.size());
            Set<String> all = new HashSet<>();
            NET.backends().forEach(b -> all.add(b.name()));
            assertEquals(all, union, "the HSDirs' descriptors together carry every backend; balancer log:\n" + tail(ob.log()));

            clientsReachEveryGroup(distinct, all);
        }
    }

    /**
     * Fresh clients: the network's client and three more tors, each NEWNYM (a new descriptor fetch
     * from a random fetch HSDir) every 11 s and a few requests on fresh circuits in between.
     */
    private void clientsReachEveryGroup(Set<Set<String>> groups, Set<String> all) throws Exception {
        List<TorProcess> extra = new ArrayList<>();
        List<int[]> clients = new ArrayList<>(); // {socks, control}
        clients.add(new int[] {NET.socksPort(), NET.clientControlPort()});
        try {
            for (int i = 0; i < 3; i++) {
                int socks = freePort();
                TorProcess t = TorProcess.builder().networkEnabled().torrc("%include " + NET.env("COMMON_TORRC"),
                        "SocksPort 127.0.0.1:" + socks + " IsolateSOCKSAuth ExtendedErrors", "ClientUseIPv6 0").start();
                extra.add(t);
                clients.add(new int[] {socks, t.controlPort()});
            }
            Map<String, Integer> hits = new ConcurrentHashMap<>();
            Instant until = Instant.now().plusSeconds(150);
            ExecutorService pool = Executors.newFixedThreadPool(clients.size());
            List<Future<?>> runs = new ArrayList<>();
            for (int[] c : clients) {
                runs.add(pool.submit(() -> {
                    while (Instant.now().isBefore(until)) {
                        Instant round = Instant.now();
                        try (TorController ctl = controller(c[1])) {
                            ctl.signal(Signal.NEWNYM);
                        } catch (Exception e) {
                            // The next round tries again.
                        }
                        for (int k = 0; k < 3; k++) {
                            try {
                                var r = TestNetwork.fetchVia(c[0], NET.masterAddress(), "/", TestNetwork.freshIsolationUser(),
                                        Duration.ofSeconds(20));
                                if (r.status() == 200) {
                                    hits.merge(r.body().trim(), 1, Integer::sum);
                                }
                            } catch (IOException e) {
                                // A dead end of the network's young circuits; counted as no answer.
                            }
                        }
                        long wait = 11_000 - Duration.between(round, Instant.now()).toMillis();
                        if (wait > 0) {
                            Thread.sleep(wait);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            int total = hits.values().stream().mapToInt(i -> i).sum();
            int groupsReached = 0;
            for (Set<String> g : groups) {
                if (g.stream().anyMatch(hits::containsKey)) {
                    groupsReached++;
                }
            }
            System.out.printf("FIGURE %d requests through the master from 4 client tors: %d of %d backends answered, "
                    + "backends of %d of %d groups; per backend: %s%n", total, hits.size(), all.size(), groupsReached,
                    groups.size(), new TreeMap<>(hits));
            assertTrue(total >= 20, "enough answers to judge: " + total);
            assertTrue(groupsReached >= Math.min(groups.size(), 4), "requests reach backends of (nearly) every group: "
                    + groupsReached + " of " + groups.size());
        } finally {
            for (TorProcess t : extra) {
                t.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(String log) {
        return log.length() > 20_000 ? log.substring(log.length() - 20_000) : log;
    }
}
