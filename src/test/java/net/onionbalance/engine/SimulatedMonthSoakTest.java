package net.onionbalance.engine;

import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.DistinctDescriptors;
import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.config.Timings;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.SyntheticNetwork;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.RandomIntroPoints;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.logging.RecentLog;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.TorNetwork;
import net.onionbalance.testsupport.MicrodescAnswers;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.HsDescReason;
import net.onionbalance.tor.TorEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thirty-odd days of public-network life in a few minutes, on a simulated clock, with the engine as it
 * runs (its own thread, its own tick) and a simulated tor and network around it: 24-hour time periods
 * starting 12:00 UTC, a new shared random value at 00:00, a consensus every hour (it arrives a minute
 * past the hour) with HSDirs joining and leaving, backends that re-upload every 60-120 minutes and
 * rotate their intro points every 18-24 hours, backend restarts (down for minutes, back with new intro
 * points), balancer restarts (a new engine on the same key), 2% of HSDir uploads failing, and the
 * engine's own 54-hour descriptor-signing-key certificates.
 *
 * <p>Every descriptor the engine uploads is held to the HSDir rules as it is uploaded (rend-spec-v3
 * §2.2 and tor's hs_cache.c): the revision counter strictly above the last one that HSDir accepted for
 * that blinded key; the signing-key certificate valid at upload (and, as clients check it when they
 * fetch, for the descriptor's lifetime); at most 20 intro points and 50,000 bytes; the time period the
 * slot calls for at that consensus (shared/reference §1.5: 12:00-00:00 UTC first = previous period,
 * second = current; 00:00-12:00 first = current, second = next) and sent only to that slot's HSDirs.
 * Then, at the end, an implementation we did not write checks every one of them again: stem parses
 * and validates each descriptor, checks its signature against its certificate, decrypts both layers
 * with the master's address, and onionbalance 0.2.x's blinding (through /usr/bin/python3) says whether
 * the blinded key is the one of the expected time period; the revision rule is checked there too.
 *
 * <p>Heap (after a collection), live threads and the engine's state (every collection element
 * reachable from the balancer, {@link EngineFootprint}) are printed for each simulated day, and must
 * stay flat: the last week against the first.
 */
class SimulatedMonthSoakTest {
    /** 31 by default; -Donionbalance.simulatedDays=N for a shorter look (the flatness check needs 16). */
    private static final int DAYS = Integer.getInteger("onionbalance.simulatedDays", 31);
    private static final int BACKENDS = 8;
    private static final int INTRO_POINTS_PER_BACKEND = 3;
    private static final int RELAY_POOL = 80;
    /** Simulated 2025-03-01 00:00 UTC: the run starts just after an SRV, before a time period begins. */
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");

    /** The engine logs every publish at INFO: a month of it would be most of the run's work. */
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("net.onionbalance");

    @TempDir
    Path tmp;

    private final Random rnd = new Random(20250301L);
    private final SecureRandom crypto = new SecureRandom();
    private final BalancerLogicTest.TestClock clock = new BalancerLogicTest.TestClock(START);
    private final IdentityKey master = IdentityKey.generate(crypto, KeyFormat.PEM_PKCS8);
    private final List<Backend> backends = new ArrayList<>();
    private final SimTor tor = new SimTor();
    private Balancer balancer;

    /** The HSDirs in the consensus now (relay numbers of {@link SyntheticNetwork}). */
    private final TreeSet<Integer> hsDirs = new TreeSet<>();
    private Instant consensusValidAfter;
    private NetworkView view;
    private Instant previousValidAfter;
    private NetworkView previousView;
    /** What each HSDir holds: the last accepted revision counter per "period:blinded key (hex)". */
    private final Map<RelayFingerprint, Map<String, Long>> hsDirStore = new HashMap<>();
    /** A hash of the text each HSDir holds per "fingerprint|period:blinded key", for failure messages. */
    /** The descriptor text each HSDir holds, by "fingerprint|period:blinded key": what a check fetches back. */
    private final Map<String, String> heldText = new HashMap<>();

    // Figures
    private long posts;
    private long hsDirUploads;
    private long failedOnPurpose;
    /** Uploads of the very descriptor an HSDir already held (it refuses them). */
    private long resentHeld;
    /** HSDir checks (HSFETCH of the master by name) answered with the descriptor the HSDir holds. */
    private long masterChecksAnswered;
    private Duration minCertMargin = Duration.ofDays(999);
    private int maxIntroPoints;
    private int maxBytes;
    /** index.tsv for the stem check, written as uploads happen (held in memory it would grow the heap measured). */
    private java.io.BufferedWriter index;
    private Path descriptorDir;

    private static final class Backend {
        final IdentityKey key;
        long revision = 1;
        List<IntroPoint> intros;
        String descriptor;
        Instant nextUpload;
        Instant nextRotation;
        Instant downUntil = Instant.MIN;
        boolean down;

        Backend(IdentityKey key) {
            this.key = key;
        }
    }

    /** A tor that is the test's: serves the consensus of the moment, hands HSFETCH and HSPOST to the simulation. */
    private final class SimTor implements TorGateway {
        record Post(String descriptor, List<RelayFingerprint> servers) {}

        volatile String consensus;
        volatile String microdescs;
        private final List<OnionAddress> fetches = new ArrayList<>();
        /** HSFETCH of the master by name (the engine's HSDir checks): the HSDirs asked. */
        private final List<RelayFingerprint> masterChecks = new ArrayList<>();
        private final List<Post> postQueue = new ArrayList<>();
        private volatile Consumer<TorEvent> listener = e -> { };

        void emit(TorEvent e) {
            listener.accept(e);
        }

        synchronized List<OnionAddress> takeFetches() {
            List<OnionAddress> out = List.copyOf(fetches);
            fetches.clear();
            return out;
        }

        synchronized List<RelayFingerprint> takeMasterChecks() {
            List<RelayFingerprint> out = List.copyOf(masterChecks);
            masterChecks.clear();
            return out;
        }

        synchronized List<Post> takePosts() {
            List<Post> out = List.copyOf(postQueue);
            postQueue.clear();
            return out;
        }

        @Override
        public void setListener(Consumer<TorEvent> l) {
            listener = l;
        }

        @Override
        public void subscribe() {
        }

        @Override
        public String torVersion() {
            return "0.4.8.14 (simulated)";
        }

        @Override
        public String microdescConsensus() {
            return consensus;
        }

        @Override
        public String microdescriptors() {
            return microdescs;
        }

        @Override
        public Map<RelayFingerprint, String> microdescriptors(List<RelayFingerprint> relays) {
            try {
                return MicrodescAnswers.forRelays(MicrodescConsensus.parse(consensus), microdescs, relays);
            } catch (NetDocException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void newnym() {
        }

        @Override
        public synchronized void hsFetch(OnionAddress backend, List<RelayFingerprint> servers) {
            if (backend.equals(master.onionAddress())) {
                masterChecks.addAll(servers);
            } else {
                fetches.add(backend);
            }
        }

        @Override
        public synchronized void hsPost(String descriptor, List<RelayFingerprint> servers, OnionAddress m) {
            assertEquals(master.onionAddress(), m);
            postQueue.add(new Post(descriptor, List.copyOf(servers)));
        }

        @Override
        public String endpoint() {
            return "simulated";
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------------------------------ the network

    private static byte[] srvOfDay(long day) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("srv " + day).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The consensus of the hour that began at {@code validAfter}: some HSDirs left, some joined. */
    private void newConsensus(Instant validAfter, boolean churn) throws Exception {
        if (churn) {
            for (int n = 1; n <= RELAY_POOL; n++) {
                if (hsDirs.contains(n) ? rnd.nextDouble() < 0.03 : rnd.nextDouble() < 0.04) {
                    if (!hsDirs.remove(n)) {
                        hsDirs.add(n);
                    }
                }
            }
        }
        long day = Math.floorDiv(validAfter.getEpochSecond(), 86_400);
        SyntheticNetwork net = new SyntheticNetwork().validAfter(validAfter).srvs(srvOfDay(day), srvOfDay(day - 1));
        hsDirs.forEach(net::hsDir);
        tor.consensus = net.consensus();
        tor.microdescs = net.microdescs();
        previousValidAfter = consensusValidAfter;
        previousView = view;
        consensusValidAfter = validAfter;
        view = NetworkView.of(MicrodescConsensus.parse(tor.consensus), Microdescriptors.parse(tor.microdescs), TorNetwork.PUBLIC);
    }

    /** Why this upload is not the right one for its slot at this consensus, or null. */
    private static String slotProblem(VerifiedDescriptor d, List<RelayFingerprint> servers, NetworkView v, Instant validAfter) {
        for (DescriptorSlot s : DescriptorSlot.values()) {
            if (expectedPeriod(s, validAfter).equals(d.timePeriod())) {
                List<RelayFingerprint> targets = v.responsibleHsDirs(s, d.blindedKey()).uploadTargets();
                return targets.containsAll(servers) ? null
                        : "sent only to the " + s.label() + " slot's HSDirs " + targets + ", not to " + servers;
            }
        }
        return "period " + d.timePeriod().number() + " is neither slot's at a consensus of " + validAfter;
    }

    /** The time period a slot must use at a consensus of this valid-after (shared/reference §1.5). */
    static TimePeriod expectedPeriod(DescriptorSlot slot, Instant validAfter) {
        TimePeriod current = TimePeriod.containing(validAfter);
        boolean afterSrvBeforeNewPeriod = validAfter.atZone(ZoneOffset.UTC).getHour() < 12;
        if (slot == DescriptorSlot.FIRST) {
            return afterSrvBeforeNewPeriod ? current : current.previous();
        }
        return afterSrvBeforeNewPeriod ? current.next() : current;
    }

    // ------------------------------------------------------------------------------------------ backends

    private void rebuild(Backend b, Instant now) throws Exception {
        b.descriptor = MasterDescriptorBuilder.build(b.key, TimePeriod.containing(now), b.revision++, b.intros, now, crypto).text();
    }

    private void rotate(Backend b, Instant now) throws Exception {
        b.intros = RandomIntroPoints.generate(INTRO_POINTS_PER_BACKEND, crypto, now.plus(MasterDescriptorBuilder.CERT_LIFETIME));
        b.nextRotation = now.plus(Duration.ofMinutes(18 * 60 + rnd.nextInt(6 * 60 + 1)));
        rebuild(b, now);
    }

    private void backendsAct(Instant now) throws Exception {
        for (Backend b : backends) {
            if (b.down && now.isBefore(b.downUntil)) {
                continue;
            }
            if (b.down) {
                b.down = false;
                rotate(b, now); // back from a restart: new intro points
            } else if (!now.isBefore(b.nextRotation)) {
                rotate(b, now);
            } else if (!now.isBefore(b.nextUpload)) {
                rebuild(b, now);
            } else {
                continue;
            }
            b.nextUpload = now.plus(Duration.ofMinutes(60 + rnd.nextInt(61)));
        }
    }

    // ------------------------------------------------------------------------------------------ the balancer

    private void startBalancer() throws Exception {
        List<InstanceRef> instances = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            instances.add(new InstanceRef(Optional.of("node" + (i + 1)), backends.get(i).key.onionAddress()));
        }
        var store = new ServiceRegistry.ConfigStore() {
            @Override
            public List<ServiceRegistry.ServiceDefinition> load() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void addInstance(OnionAddress s, OnionAddress i, Optional<String> n) {
            }

            @Override
            public void removeInstance(OnionAddress s, OnionAddress i) {
            }

            @Override
            public List<ServiceRegistry.Retirement> pendingRetirements() {
                return List.of();
            }
        };
        var extensions = new ServiceExtensions(OptionalInt.empty(), DistinctDescriptors.AUTO, AuthorizedClients.NONE, Optional.empty());
        var registry = new ServiceRegistry(store, List.of(new ServiceRegistry.ServiceDefinition(master, instances, extensions)));
        balancer = new Balancer(clock, tor, new Balancer.Settings(Timings.PUBLIC_NETWORK, 2, false), registry, new RecentLog(100),
                socks -> { throw new java.io.IOException("no health checks in this test"); });
        balancer.start();
        balancer.awaitIdle();
    }

    /**
     * Answers what the engine asked of tor until it asks nothing more (the engine asks on its own thread,
     * during the tick or event the caller waited for); whether it asked anything.
     */
    private boolean serveEngine() throws Exception {
        for (int round = 0; round < 20; round++) {
            if (round > 0) {
                balancer.awaitIdle();
            }
            List<OnionAddress> fetches = tor.takeFetches();
            List<SimTor.Post> ps = tor.takePosts();
            List<RelayFingerprint> checks = tor.takeMasterChecks();
            if (fetches.isEmpty() && ps.isEmpty() && checks.isEmpty()) {
                return round > 0;
            }
            for (RelayFingerprint server : checks) {
                // tor fetches the master's descriptor of the current time period from that HSDir.
                String prefix = server.hex() + "|" + TimePeriod.containing(clock.instant()).number() + ":";
                Optional<String> held = heldText.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                        .map(Map.Entry::getValue).findFirst();
                String address = master.onionAddress().toString().replace(".onion", "");
                if (held.isPresent()) {
                    masterChecksAnswered++;
                    tor.emit(new TorEvent.HsDescContentEvent(address, "x", Optional.of(server), held.get()));
                } else {
                    tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, address, "NO_AUTH", Optional.of(server), Optional.empty(),
                            Optional.empty(), Optional.of(HsDescReason.NOT_FOUND), OptionalInt.empty(), Optional.empty()));
                }
            }
            for (OnionAddress a : fetches) {
                Backend b = backends.stream().filter(x -> x.key.onionAddress().equals(a)).findFirst().orElseThrow();
                if (b.down) {
                    tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, a.toString().replace(".onion", ""), "NO_AUTH",
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(HsDescReason.NOT_FOUND),
                            OptionalInt.empty(), Optional.empty()));
                } else {
                    tor.emit(new TorEvent.HsDescContentEvent(a.toString().replace(".onion", ""), "x", Optional.empty(), b.descriptor));
                }
            }
            for (SimTor.Post p : ps) {
                uploaded(p);
            }
        }
        throw new AssertionError("the engine kept asking tor for more after 20 rounds at " + clock.instant());
    }

    /** One HSPOST: held to the HSDir rules, written down for stem, answered as the HSDirs would. */
    private void uploaded(SimTor.Post p) throws Exception {
        Instant now = clock.instant();
        TimePeriod tp = TimePeriod.containing(now);
        VerifiedDescriptor d = DescriptorVerifier.verify(p.descriptor(), master.onionAddress(),
                List.of(tp.previous(), tp, tp.next()), now);
        String where = " (upload at " + now + ", consensus " + consensusValidAfter + ", period " + d.timePeriod().number() + ")";
        int bytes = p.descriptor().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 50_000, "at most 50,000 bytes: " + bytes + where);
        assertTrue(d.introPoints().size() <= 20, "at most 20 intro points: " + d.introPoints().size() + where);
        Duration margin = Duration.between(now, d.signingKeyExpiry());
        assertTrue(margin.compareTo(d.lifetime()) >= 0,
                "the signing-key certificate is valid at upload and through the descriptor's lifetime: expires " + d.signingKeyExpiry() + where);
        // The slot: the one whose time period this is at the engine's consensus; the servers: that slot's
        // HSDirs. (The engine's own one-second tick may have uploaded just before it read the consensus
        // that arrived: the one before counts too.)
        String wrong = slotProblem(d, p.servers(), view, consensusValidAfter);
        if (wrong != null && previousView != null && slotProblem(d, p.servers(), previousView, previousValidAfter) == null) {
            wrong = null;
        }
        assertTrue(wrong == null, wrong + where);
        String blinded = d.timePeriod().number() + ":" + java.util.HexFormat.of().formatHex(d.blindedKey().bytes());
        List<String> accepted = new ArrayList<>();
        for (RelayFingerprint server : p.servers()) {
            Map<String, Long> held = hsDirStore.computeIfAbsent(server, k -> new HashMap<>());
            Long before = held.get(blinded);
            boolean same = p.descriptor().equals(heldText.get(server.hex() + "|" + blinded));
            if (before != null && d.revisionCounter() <= before && same) {
                // The very descriptor this HSDir holds, sent again: it refuses it (tor's hs_cache.c keeps only a
                // higher counter), which does no harm. Tor's HS_DESC results name no blinded key, so when both
                // slots wait on one HSDir the engine cannot tell whose result came (UploadAccounting.onResult).
                resentHeld++;
                tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, master.onionAddress().toString().replace(".onion", ""),
                        "NO_AUTH", Optional.of(server), Optional.empty(), Optional.empty(), Optional.of(HsDescReason.UPLOAD_REJECTED),
                        OptionalInt.empty(), Optional.empty()));
                continue;
            }
            assertTrue(before == null || d.revisionCounter() > before, "revision counter " + d.revisionCounter()
                    + " above the " + before + " " + server + " holds for this blinded key (a different descriptor, in an upload to "
                    + p.servers().size() + " HSDirs)" + where);
            boolean fail = rnd.nextDouble() < 0.02;
            if (fail) {
                failedOnPurpose++;
            } else {
                held.put(blinded, d.revisionCounter());
                heldText.put(server.hex() + "|" + blinded, p.descriptor());
                accepted.add(server.hex());
            }
            tor.emit(new TorEvent.HsDescEvent(fail ? HsDescAction.FAILED : HsDescAction.UPLOADED,
                    master.onionAddress().toString().replace(".onion", ""), "NO_AUTH", Optional.of(server), Optional.empty(),
                    Optional.empty(), fail ? Optional.of(HsDescReason.UNEXPECTED) : Optional.empty(), OptionalInt.empty(), Optional.empty()));
        }
        posts++;
        hsDirUploads += p.servers().size();
        maxIntroPoints = Math.max(maxIntroPoints, d.introPoints().size());
        maxBytes = Math.max(maxBytes, bytes);
        if (margin.compareTo(minCertMargin) < 0) {
            minCertMargin = margin;
        }
        String name = String.format("%06d.desc", posts);
        Files.writeString(descriptorDir.resolve(name), p.descriptor());
        index.write(name + "\t" + now.getEpochSecond() + "\t" + d.timePeriod().number() + "\t" + String.join(",", accepted) + "\n");
        // What the HSDirs forget: descriptors of periods long gone (tor's cache keeps them hours, not days).
        hsDirStore.values().forEach(m -> m.keySet().removeIf(k -> Long.parseLong(k.substring(0, k.indexOf(':'))) < tp.number() - 3));
        heldText.keySet().removeIf(k -> Long.parseLong(k.substring(k.indexOf('|') + 1, k.indexOf(':'))) < tp.number() - 3);
    }

    // ------------------------------------------------------------------------------------------ the month

    @org.junit.jupiter.api.AfterEach
    void engineLogsAsBefore() {
        ENGINE_LOG.setLevel(null);
    }

    @Test
    void aMonthOfPublicNetworkLifeKeepsEveryUploadValidAndTheEngineFlat() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path checker = Path.of(getClass().getResource("stem_check_uploads.py").toURI());
        descriptorDir = Files.createDirectories(tmp.resolve("uploads"));
        ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
        index = Files.newBufferedWriter(descriptorDir.resolve("index.tsv"));
        for (int n = 1; n <= RELAY_POOL; n++) {
            if (rnd.nextDouble() < 0.55) {
                hsDirs.add(n);
            }
        }
        for (int i = 0; i < BACKENDS; i++) {
            Backend b = new Backend(IdentityKey.generate(crypto, KeyFormat.TOR_SECRET));
            rotate(b, START);
            b.nextRotation = START.plus(Duration.ofMinutes(rnd.nextInt(24 * 60)));
            b.nextUpload = START.plus(Duration.ofMinutes(rnd.nextInt(120)));
            backends.add(b);
        }
        newConsensus(START.minus(Duration.ofHours(1)), false);
        // Balancer restarts on days 6, 15 and 24 at a random minute; each backend restarts every 2-6 days.
        List<Instant> balancerRestarts = new ArrayList<>();
        for (int day : new int[] {6, 15, 24}) {
            balancerRestarts.add(START.plus(Duration.ofMinutes(day * 1440L + rnd.nextInt(1440))));
        }
        Map<Backend, Instant> backendRestartAt = new HashMap<>();
        backends.forEach(x -> backendRestartAt.put(x, START.plus(Duration.ofMinutes(2880 + rnd.nextInt(4 * 1440)))));
        startBalancer();
        serveEngine();

        Instant end = START.plus(Duration.ofDays(DAYS));
        Instant nextConsensus = START.plus(Duration.ofHours(1)).plusSeconds(60);
        Instant nextDay = START.plus(Duration.ofDays(1));
        Instant lastFailure = START.minus(Duration.ofDays(1));
        long failuresBefore = 0;
        List<long[]> daily = new ArrayList<>();
        long postsBefore = 0;
        long restarts = 0;
        long backendRestarts = 0;
        long steps = 0;
        long t0 = System.nanoTime();
        System.out.println("FIGURE simulated month: day, uploads (descriptors / HSDir uploads), heap after GC (MB), live threads, "
                + "engine state (collection elements / objects), HSDirs");
        while (clock.instant().isBefore(end)) {
            // Time moves in 5-minute steps (the engine's publish check), in 30 s steps while a failed
            // upload waits for its retry (30 s doubling to 15 min), never past anything due.
            Instant now0 = clock.instant();
            Instant next = now0.plus(Duration.between(lastFailure, now0).compareTo(Duration.ofMinutes(16)) < 0
                    ? Duration.ofSeconds(30) : Duration.ofMinutes(5));
            List<Instant> due = new ArrayList<>(List.of(next, nextConsensus, nextDay, end));
            balancerRestarts.stream().filter(now0::isBefore).forEach(due::add);
            for (Backend x : backends) {
                for (Instant t : List.of(x.nextUpload, x.nextRotation, x.downUntil, backendRestartAt.get(x))) {
                    if (t.isAfter(now0)) {
                        due.add(t);
                    }
                }
            }
            clock.advance(Duration.between(now0, java.util.Collections.min(due)));
            Instant now = clock.instant();
            steps++;
            if (!now.isBefore(nextConsensus)) {
                newConsensus(nextConsensus.minusSeconds(60), true);
                tor.emit(new TorEvent.StatusClientEvent("NOTICE", "CONSENSUS_ARRIVED", Map.of()));
                nextConsensus = nextConsensus.plus(Duration.ofHours(1));
            }
            for (Backend x : backends) {
                if (!x.down && !now.isBefore(backendRestartAt.get(x))) {
                    x.down = true;
                    x.downUntil = now.plus(Duration.ofMinutes(2 + rnd.nextInt(9)));
                    backendRestartAt.put(x, now.plus(Duration.ofMinutes(2880 + rnd.nextInt(4 * 1440))));
                    backendRestarts++;
                }
            }
            backendsAct(now);
            if (!balancerRestarts.isEmpty() && !now.isBefore(balancerRestarts.get(0))) {
                balancerRestarts.remove(0);
                balancer.close();
                restarts++;
                clock.advance(Duration.ofSeconds(20)); // a systemd restart's pause
                startBalancer();
            }
            balancer.tickAndWait();
            // What the engine asked of tor is answered; what it does with the answers (a publish after
            // its 2 s settle, say) comes at a tick a few seconds later.
            for (int i = 0; i < 5 && serveEngine(); i++) {
                clock.advance(Duration.ofSeconds(3));
                balancer.tickAndWait();
            }
            if (failedOnPurpose > failuresBefore) {
                lastFailure = clock.instant();
                failuresBefore = failedOnPurpose;
            }
            if (!clock.instant().isBefore(nextDay)) {
                long day = Duration.between(START, nextDay).toDays();
                daily.add(dayFigures(day, posts - postsBefore));
                postsBefore = posts;
                nextDay = nextDay.plus(Duration.ofDays(1));
            }
        }
        balancer.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("FIGURE simulated month: %d days in %.0f s (%d steps); %d descriptors uploaded (%d HSDir uploads, %d failed on purpose and "
                        + "retried; %d re-sent to an HSDir that held that very descriptor, which refused it), %d balancer restarts, %d backend restarts; at most %d intro points and %d bytes per descriptor; "
                        + "the least certificate lifetime left at an upload %d h %d min; %d HSDir checks answered with what the HSDir held%n",
                DAYS, seconds, steps, posts, hsDirUploads, failedOnPurpose, resentHeld, restarts, backendRestarts, maxIntroPoints, maxBytes,
                minCertMargin.toHours(), minCertMargin.toMinutesPart(), masterChecksAnswered);

        // Flat: the last week against the first (day 1 is the start-up, left out).
        if (DAYS >= 16) {
            assertFlat(daily);
        } else {
            System.out.println("FIGURE simulated month: only " + DAYS + " days: no flatness check (it compares the first and last weeks)");
        }
        assertTrue(posts >= DAYS * 40L, "the balancer kept publishing (at least 2 slots x 20 a day): " + posts);
        checkWithStem(python, checker);
    }

    private void assertFlat(List<long[]> daily) {
        double[] early = averages(daily.subList(1, 8));
        double[] late = averages(daily.subList(daily.size() - 7, daily.size()));
        System.out.printf("FIGURE simulated month: days 2-8 vs the last 7: heap %.1f -> %.1f MB, threads %.1f -> %.1f, "
                + "engine state %.0f -> %.0f elements, %.0f -> %.0f objects%n", early[0], late[0], early[1], late[1], early[2], late[2], early[3], late[3]);
        assertTrue(late[0] <= early[0] + 4.0, "heap stays flat: " + early[0] + " -> " + late[0] + " MB");
        assertTrue(late[1] <= early[1] + 1.0, "threads stay flat: " + early[1] + " -> " + late[1]);
        assertTrue(late[2] <= early[2] * 1.25 + 50, "the engine's collections stay flat: " + early[2] + " -> " + late[2]);
        assertTrue(late[3] <= early[3] * 1.25 + 50, "the engine's objects stay flat: " + early[3] + " -> " + late[3]);
    }

    private void checkWithStem(Path python, Path checker) throws Exception {
        // Every upload again, by stem and onionbalance's blinding.
        index.close();
        if (!Files.isExecutable(python)) {
            System.err.println("SKIPPED (loudly): /usr/bin/python3 is missing: the uploads were not checked by stem");
            Assumptions.abort("/usr/bin/python3 is missing (apt-get install python3-stem onionbalance)");
        }
        Process proc = new ProcessBuilder(python.toString(), checker.toString(), descriptorDir.toString(), master.onionAddress().toString())
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(240, TimeUnit.SECONDS), "stem's check ended");
        System.out.print(out.lines().map(l -> "FIGURE stem: " + l + "\n").reduce("", String::concat));
        if (proc.exitValue() == 3) {
            System.err.println("SKIPPED (loudly): " + out.strip());
            Assumptions.abort(out.strip());
        }
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("checked " + posts + " descriptors"), out);
    }

    private long[] dayFigures(long day, long postsToday) throws Exception {
        balancer.awaitIdle();
        Set<Object> notEngine = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        notEngine.add(tor);
        notEngine.add(clock);
        EngineFootprint.Counts c = EngineFootprint.of(balancer, notEngine);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("FIGURE simulated month: day %2d: %4d descriptors / %5d HSDir uploads, heap %5.1f MB, %2d threads, "
                + "engine %5d elements / %5d objects, %d HSDirs%n", day, postsToday, hsDirUploads, heap / 1048576.0, threads,
                c.elements(), c.objects(), hsDirs.size());
        return new long[] {heap, threads, c.elements(), c.objects()};
    }

    private static double[] averages(List<long[]> days) {
        double[] out = new double[4];
        for (long[] d : days) {
            out[0] += d[0] / 1048576.0;
            for (int i = 1; i < 4; i++) {
                out[i] += d[i];
            }
        }
        for (int i = 0; i < 4; i++) {
            out[i] /= days.size();
        }
        return out;
    }
}
