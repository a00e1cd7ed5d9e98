package net.onionbalance.engine;

import net.onionbalance.config.Timings;
import net.onionbalance.health.HealthStatus;
import net.onionbalance.health.FailureKind;
import net.onionbalance.health.HealthFailure;
import net.onionbalance.health.HealthTarget;
import net.onionbalance.health.HealthResult;
import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.DistinctDescriptors;
import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.SyntheticNetwork;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.BuildOptions;
import net.onionbalance.doc.hsdesc.BackendDescriptors;
import net.onionbalance.doc.hsdesc.PowParams;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.RandomIntroPoints;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.logging.RecentLog;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.TorNetwork;
import net.onionbalance.tor.ControlReplyException;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.HsDescReason;
import net.onionbalance.tor.TorEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's decisions on virtual time with a recorded tor: what it publishes, when, to whom,
 * and what it shows. Every published descriptor is checked with the descriptor verifier, as an
 * HSDir and a client would.
 */
class BalancerLogicTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant VALID_AFTER = Instant.parse("2024-05-01T10:00:00Z");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock(VALID_AFTER.plus(Duration.ofMinutes(5)));
    private final IdentityKey master = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
    private final List<IdentityKey> backends = new ArrayList<>();
    private FakeTor tor;
    private long revision = 1000;
    private Balancer balancer;

    /** Set before start(): the consensus params line of the network. */
    private static String consensusParams = "";

    private static String[] network(Instant validAfter) {
        SyntheticNetwork n = new SyntheticNetwork().validAfter(validAfter).params(consensusParams);
        for (int i = 1; i <= 10; i++) {
            n.hsDir(i);
        }
        return new String[] {n.consensus(), n.microdescs()};
    }

    private final List<ServiceRegistry.Retirement> retirements = new ArrayList<>();
    private final List<OnionAddress> removedFromConfig = new ArrayList<>();

    private void start(int backendCount) {
        start(backendCount, VALID_AFTER);
    }

    /** Set before start(): an offline key bundle to publish with instead of the master key. */
    private net.onionbalance.doc.keys.ServiceIdentity identity;

    /** Health-check settings for the next start (none: no active checks). */
    private Optional<HealthCheckSettings> healthCheck = Optional.empty();

    /** Set before start(): how the next FakeTor answers md/id. */
    private boolean refuseMdId;
    private final Set<RelayFingerprint> noMicrodesc = new HashSet<>();

    private void start(int backendCount, Instant consensusValidAfter) {
        String[] net = network(consensusValidAfter);
        tor = new FakeTor(net[0], net[1]);
        tor.mdIdRefused = refuseMdId;
        tor.noMicrodesc.addAll(noMicrodesc);
        List<InstanceRef> instances = new ArrayList<>();
        for (int i = 1; i <= backendCount; i++) {
            IdentityKey k = IdentityKey.generate(RNG, KeyFormat.TOR_SECRET);
            backends.add(k);
            instances.add(new InstanceRef(Optional.of("node" + i), k.onionAddress()));
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
                removedFromConfig.add(i);
            }

            @Override
            public List<ServiceRegistry.Retirement> pendingRetirements() {
                return List.copyOf(retirements);
            }
        };
        var extensions = new ServiceExtensions(java.util.OptionalInt.empty(),
                DistinctDescriptors.AUTO, AuthorizedClients.NONE, healthCheck);
        var registry = new ServiceRegistry(store, List.of(new ServiceRegistry.ServiceDefinition(
                identity != null ? identity : new net.onionbalance.doc.keys.FullKeyIdentity(master), instances, extensions)));
        // The checks' results are delivered by the test (deliverHealth), not by a probe.
        balancer = new Balancer(clock, tor, new Balancer.Settings(Timings.PUBLIC_NETWORK, 2, false), registry, new RecentLog(100),
                socks -> { throw new java.io.IOException("no probe in this test"); });
        balancer.start();
    }

    @AfterEach
    void resetConsensusParams() {
        consensusParams = "";
    }

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.close();
        }
    }

    private TimePeriod currentPeriod() {
        return TimePeriod.containing(VALID_AFTER);
    }

    /** What a backend's tor would have on the HSDirs: its descriptor for the current period. */
    private String backendDescriptor(IdentityKey backend, List<IntroPoint> ips) throws Exception {
        // Like tor's own counter (rend-spec-v3 F.2): later descriptors carry higher numbers.
        return MasterDescriptorBuilder.build(backend, currentPeriod(), revision++, ips, clock.instant(), RNG).text();
    }

    private List<IntroPoint> introPoints(int n) {
        return RandomIntroPoints.generate(n, RNG, clock.instant().plus(Duration.ofHours(50)));
    }

    private void deliver(IdentityKey backend, String descriptor) {
        tor.emit(new TorEvent.HsDescContentEvent(backend.onionAddress().toString(), "x", Optional.empty(), descriptor));
    }

    private VerifiedDescriptor verifyPublished(FakeTor.Post p) throws Exception {
        assertEquals(master.onionAddress(), p.master());
        TimePeriod cur = currentPeriod();
        return DescriptorVerifier.verify(p.descriptor(), master.onionAddress(), List.of(cur.previous(), cur, cur.next()), clock.instant());
    }

    private static Set<Ed25519PublicKey> keys(List<IntroPoint> ips) {
        return ips.stream().map(IntroPoint::authKey).collect(Collectors.toSet());
    }

    private Map<Integer, List<IntroPoint>> publishAllBackends(int ipsEach) throws Exception {
        Map<Integer, List<IntroPoint>> given = new java.util.HashMap<>();
        for (int i = 0; i < backends.size(); i++) {
            List<IntroPoint> ips = introPoints(ipsEach);
            given.put(i, ips);
            deliver(backends.get(i), backendDescriptor(backends.get(i), ips));
        }
        balancer.awaitIdle();
        balancer.tickAndWait();
        return given;
    }

    @Test
    void fetchesEveryBackendOnceAfterNewnymThenPublishesBothSlotsToTheirHsDirs() throws Exception {
        start(3);
        balancer.awaitIdle();
        assertEquals(1, tor.newnyms, "NEWNYM first, or tor answers from its cache");
        assertEquals(backends.stream().map(IdentityKey::onionAddress).collect(Collectors.toSet()), new HashSet<>(tor.fetches));
        assertTrue(tor.posts().isEmpty(), "nothing to publish before any backend answered");
        assertTrue(balancer.snapshot().services().get(0).notes().get(0).contains("expected at first start"));

        var given = publishAllBackends(3);
        List<FakeTor.Post> posts = tor.posts();
        assertEquals(2, posts.size(), "first and second descriptor");
        Set<Ed25519PublicKey> all = new HashSet<>();
        given.values().forEach(l -> all.addAll(keys(l)));
        Set<Long> periods = new HashSet<>();
        for (FakeTor.Post p : posts) {
            VerifiedDescriptor d = verifyPublished(p);
            periods.add(d.timePeriod().number());
            assertEquals(6, d.introPoints().size(), "2 intro points from each of 3 backends");
            assertTrue(all.containsAll(keys(d.introPoints())), "only the backends' own intro points");
            for (var ips : given.values()) {
                assertEquals(2, ips.stream().filter(ip -> keys(d.introPoints()).contains(ip.authKey())).count());
            }
            assertEquals(8, p.servers().size(), "2 replicas x 4 HSDirs");
        }
        assertEquals(2, periods.size(), "the two slots use different time periods");
        var svc = balancer.snapshot().services().get(0);
        assertEquals("published", svc.state());
        for (InstanceStatus i : svc.instances()) {
            assertEquals(InstanceState.VALID, i.state());
            assertEquals(3, i.introPointCount());
        }
    }

    /** The upload targets of both slots as the ring computes them from md/all, independently of the engine. */
    private Set<List<RelayFingerprint>> hsDirsFromMdAll() throws Exception {
        NetworkView v = NetworkView.of(MicrodescConsensus.parse(tor.consensus), Microdescriptors.parse(tor.microdescs),
                TorNetwork.PUBLIC);
        Set<List<RelayFingerprint>> out = new HashSet<>();
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            out.add(v.responsibleHsDirs(slot, master.onionAddress()).uploadTargets());
        }
        return out;
    }

    private Set<List<RelayFingerprint>> postedHsDirs() {
        return tor.posts().stream().map(FakeTor.Post::servers).collect(Collectors.toSet());
    }

    @Test
    void theRingComesFromTheHsDirsMicrodescriptorsByRelayAndUploadsWhereMdAllSays() throws Exception {
        start(2);
        balancer.awaitIdle();
        assertEquals(0, tor.mdAllRequests, "md/all is not needed");
        assertEquals(1, tor.mdIdRequests.size());
        assertEquals(10, tor.mdIdRequests.get(0).size(), "the 10 HSDirs of the network");
        publishAllBackends(2);
        assertEquals(2, tor.posts().size());
        assertEquals(hsDirsFromMdAll(), postedHsDirs());
    }

    @Test
    void aTorThatRefusesMdIdIsAskedForMdAllAndTheUploadsGoToTheSameHsDirs() throws Exception {
        refuseMdId = true;
        start(2);
        balancer.awaitIdle();
        assertEquals(1, tor.mdAllRequests);
        publishAllBackends(2);
        assertEquals(2, tor.posts().size());
        assertEquals(hsDirsFromMdAll(), postedHsDirs());
    }

    @Test
    void anHsDirWhoseMicrodescriptorTorLacksIsLeftOffTheRingAsTorDoes() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(network(VALID_AFTER)[0]);
        RelayFingerprint missing = c.routers().get(3).fingerprint();
        noMicrodesc.add(missing);
        start(2);
        balancer.awaitIdle();
        assertEquals(9, balancer.snapshot().network().orElseThrow().hsDirCount(), "10 HSDirs, one without a microdescriptor");
        publishAllBackends(2);
        assertEquals(2, tor.posts().size());
        for (FakeTor.Post p : tor.posts()) {
            assertFalse(p.servers().contains(missing), p.servers().toString());
            assertEquals(8, p.servers().size(), "still 2 replicas x 4 HSDirs among the other 9");
        }
    }

    @Test
    void republishesOnlyWhenTheIntroPointSetChanges() throws Exception {
        start(2);
        balancer.awaitIdle();
        var given = publishAllBackends(2);
        assertEquals(2, tor.posts().size());

        // The same descriptors again (a periodic fetch): nothing new to publish.
        deliver(backends.get(0), backendDescriptor(backends.get(0), given.get(0)));
        clock.advance(Duration.ofSeconds(30));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertEquals(2, tor.posts().size(), "unchanged intro points: no upload");

        // Backend 1 restarted: same relays would not matter, new auth keys do.
        List<IntroPoint> fresh = introPoints(2);
        deliver(backends.get(0), backendDescriptor(backends.get(0), fresh));
        balancer.awaitIdle();
        clock.advance(Duration.ofSeconds(3));
        balancer.tickAndWait();
        assertEquals(4, tor.posts().size(), "both slots republished");
        VerifiedDescriptor d = verifyPublished(tor.posts().get(3));
        assertTrue(keys(d.introPoints()).containsAll(keys(fresh)), "the new intro points are published");
        assertTrue(java.util.Collections.disjoint(keys(d.introPoints()), keys(given.get(0))), "the dead ones are gone");

        // Each slot keeps its descriptor signing key, and backend 2's unchanged intro points their
        // certificates; the two slots (two time periods) have different keys.
        Map<Long, VerifiedDescriptor> firstRound = new java.util.HashMap<>();
        for (FakeTor.Post p : tor.posts().subList(0, 2)) {
            VerifiedDescriptor v = verifyPublished(p);
            firstRound.put(v.timePeriod().number(), v);
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(firstRound.values().stream().map(VerifiedDescriptor::signingKey).toList().get(0),
                firstRound.values().stream().map(VerifiedDescriptor::signingKey).toList().get(1));
        for (FakeTor.Post p : tor.posts().subList(2, 4)) {
            VerifiedDescriptor again = verifyPublished(p);
            VerifiedDescriptor before = firstRound.get(again.timePeriod().number());
            assertEquals(before.signingKey(), again.signingKey(), "one signing key per slot and period");
            for (IntroPoint ip : again.introPoints()) {
                before.introPoints().stream().filter(b -> b.authKey().equals(ip.authKey())).findFirst()
                        .ifPresent(b -> assertEquals(b, ip, "an unchanged intro point keeps its certificates"));
            }
            assertEquals(2, again.introPoints().stream().filter(ip -> keys(given.get(1)).contains(ip.authKey()))
                    .filter(ip -> before.introPoints().contains(ip)).count());
        }
    }

    @Test
    void anErrorInEngineWorkIsLoggedCountedInTheStatusAndTheEngineGoesOnPublishing() throws Exception {
        var log = new RecentLog(100);
        var engineLogger = java.util.logging.Logger.getLogger(Balancer.class.getName());
        engineLogger.addHandler(log);
        try {
            anErrorInEngineWork(log);
        } finally {
            engineLogger.removeHandler(log);
        }
    }

    @Test
    void theControlReadersFailureIsCountedAndTheReconnectionFetchesEveryBackendAgain() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        int fetchesBefore = tor.fetches.size();
        tor.emit(new TorEvent.ConnectionLost("connection to tor at 127.0.0.1:9051 lost: "
                + TorEvent.ConnectionLost.READER_FAILED + ": java.lang.OutOfMemoryError: simulated"));
        balancer.awaitIdle();
        var s = balancer.snapshot();
        assertEquals(1, s.internalErrors().count());
        assertTrue(s.tor().detail().contains("internal error in the control reader"), s.tor().detail());
        // A plain loss (tor restarted) is not our error.
        tor.emit(new TorEvent.ConnectionLost("connection to tor at 127.0.0.1:9051 lost: reading from tor failed: EOF"));
        tor.emit(new TorEvent.Reconnected(new net.onionbalance.tor.ControlEndpoint.Tcp("127.0.0.1", 9051), Duration.ofSeconds(1)));
        balancer.awaitIdle();
        assertEquals(1, balancer.snapshot().internalErrors().count());
        assertEquals(1, balancer.snapshot().tor().reconnects());
        assertEquals(fetchesBefore + 2, tor.fetches.size(), "every backend fetched again after the reconnection");
    }

    private void anErrorInEngineWork(RecentLog log) throws Exception {
        start(2);
        balancer.awaitIdle();
        assertEquals(0, balancer.snapshot().internalErrors().count());
        assertFalse(net.onionbalance.status.StatusJson.render(balancer.snapshot()).contains("internalErrors"),
                "a healthy balancer's status document is exactly the Python tool's");

        // An Error (not an Exception) out of the upload: the publish pass dies with it.
        tor.postHook = p -> {
            throw new OutOfMemoryError("simulated");
        };
        publishAllBackends(2);
        var errors = balancer.snapshot().internalErrors();
        assertTrue(errors.count() >= 1, errors.toString());
        assertTrue(errors.last().orElseThrow().contains("OutOfMemoryError: simulated"), errors.toString());
        assertEquals(Optional.of(clock.instant()), errors.lastAt());
        assertTrue(log.lines().stream().anyMatch(l -> l.message().startsWith("internal error during ")
                && l.message().contains("OutOfMemoryError: simulated")), "logged with what was running (the console shows the log)");
        assertEquals(0, tor.posts().size());

        // The status socket says so, and `onionbalance status` reads it back.
        String json = net.onionbalance.status.StatusJson.render(balancer.snapshot());
        var doc = net.onionbalance.status.StatusDocument.parse(json);
        assertEquals(String.valueOf(errors.count()), doc.internalErrors().orElseThrow().count(), json);
        assertTrue(doc.internalErrors().get().last().orElseThrow().contains("OutOfMemoryError"), json);

        // The engine goes on: once uploads work again, both descriptors go out.
        tor.postHook = p -> { };
        for (int i = 0; i < 120 && tor.posts().size() < 2; i++) {
            clock.advance(Duration.ofSeconds(5));
            balancer.tickAndWait();
        }
        assertEquals(2, tor.posts().size(), "republished after the error");
        verifyPublished(tor.posts().get(0));
    }

    @Test
    void aBundleWithoutTheNextPeriodPublishesTheFirstDescriptorAndSaysTypedWhyNotTheSecond() throws Exception {
        // 10:00 UTC: the first slot is the current period, the second the next one (rend-spec-v3 §2.2.1).
        var bundle = net.onionbalance.doc.keys.KeyBundle.create(master, currentPeriod(), 1, RNG);
        identity = bundle;
        RecentLog log = new RecentLog(100);
        java.util.logging.Logger coverage = java.util.logging.Logger.getLogger(KeyCoverage.class.getName());
        coverage.addHandler(log);
        try {
            bundleRunsOut(bundle, log);
        } finally {
            coverage.removeHandler(log);
        }
    }

    private void bundleRunsOut(net.onionbalance.doc.keys.KeyBundle bundle, RecentLog log) throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        assertEquals(1, tor.posts().size(), "only the period the bundle covers");
        VerifiedDescriptor d = verifyPublished(tor.posts().get(0));
        assertEquals(currentPeriod(), d.timePeriod());
        assertEquals(bundle.signingKeyFor(currentPeriod(), clock.instant(), RNG).signingKey().publicKey(), d.signingKey());
        // The counter the master key itself gives at this second (for the slot's shared-random run).
        Instant runStart = net.onionbalance.ring.DescriptorSlots.of(MicrodescConsensus.parse(tor.consensus),
                TorNetwork.PUBLIC).srvRunStart();
        assertTrue(List.of(runStart, runStart.minus(Duration.ofDays(1))).stream().anyMatch(st ->
                        net.onionbalance.crypto.RevisionCounter.compute(master.opeSecret(), st, clock.instant()) == d.revisionCounter()),
                "the key's own counter, from K alone: " + d.revisionCounter());
        var svc = balancer.snapshot().services().get(0);
        var k = svc.keyBundle().orElseThrow();
        assertEquals(List.of(net.onionbalance.doc.keys.SigningGap.Kind.AFTER_BUNDLE),
                k.gaps().stream().map(net.onionbalance.doc.keys.SigningGap::kind).toList());
        assertEquals(currentPeriod().next(), k.gaps().get(0).wanted());
        assertEquals(Instant.parse("2024-05-01T00:00:00Z"), k.signsUntil(), "the second slot needed the next period from 00:00");
        assertEquals("published in part: the key bundle does not cover one time period", svc.state());
        assertEquals("no key for its time period", svc.descriptors().get(1).state());
        assertTrue(log.lines().stream().anyMatch(l -> l.message().contains("Not publishing the second descriptor")
                && l.message().contains("the key bundle ends with period " + currentPeriod().number())));
        assertTrue(log.lines().stream().anyMatch(l -> l.message().contains("The key bundle of " + master.onionAddress()
                + " ran out at 2024-05-01 00:00:00 UTC")));
        assertTrue(net.onionbalance.status.StatusJson.render(balancer.snapshot())
                .contains("\"keyBundle\": {\"gaps\": [\"AFTER_BUNDLE " + currentPeriod().next().number()
                        + "\"], \"signsUntil\": \"2024-05-01 00:00:00\"}"));
        // Nothing logged twice for the same gap at the next passes.
        long before = log.lines().stream().filter(l -> l.message().contains("Not publishing the second")).count();
        clock.advance(Duration.ofMinutes(1));
        balancer.tickAndWait();
        assertEquals(before, log.lines().stream().filter(l -> l.message().contains("Not publishing the second")).count());
    }

    @Test
    void aClockBehindTheConsensusDelaysTheSlotItCannotCountYetAndSaysWhy() throws Exception {
        // A consensus that starts a shared-random run (00:00 UTC) arrives while this clock still reads
        // 23:59:40: the second descriptor's revision counter has no seconds to count yet.
        Instant runStart = Instant.parse("2024-05-02T00:00:00Z");
        clock.now = runStart.minusSeconds(20);
        start(2, runStart);
        balancer.awaitIdle();
        publishAllBackends(2);
        assertEquals(1, tor.posts().size(), "the first descriptor goes out");
        var svc = balancer.snapshot().services().get(0);
        assertTrue(svc.notes().stream().anyMatch(n -> n.contains("20 s behind the consensus")), svc.notes().toString());
        assertEquals("waiting for the clock", svc.descriptors().get(1).state(), svc.descriptors().toString());
        assertTrue(balancer.recentLog().lines().stream().noneMatch(l -> l.message().contains("internal error")));

        clock.advance(Duration.ofSeconds(25));
        balancer.tickAndWait();
        assertEquals(2, tor.posts().size(), "the second descriptor once the clock reached the run");
        TimePeriod now = TimePeriod.containing(clock.instant());
        assertEquals(now.next(), DescriptorVerifier.verify(tor.posts().get(1).descriptor(), master.onionAddress(),
                List.of(now, now.next()), clock.instant()).timePeriod());
        assertTrue(balancer.snapshot().services().get(0).notes().isEmpty());
    }

    @Test
    void twelveBackendsGetDistinctDescriptorsThatTogetherCarryEveryBackend() throws Exception {
        start(12);
        balancer.awaitIdle();
        var given = publishAllBackends(3);
        List<FakeTor.Post> posts = tor.posts();
        assertTrue(posts.size() > 2, "more than one descriptor per slot: " + posts.size());
        Map<Long, Set<RelayFingerprint>> serversByPeriod = new java.util.HashMap<>();
        Map<Long, Set<Ed25519PublicKey>> keysByPeriod = new java.util.HashMap<>();
        for (FakeTor.Post p : posts) {
            VerifiedDescriptor d = verifyPublished(p);
            assertTrue(d.introPoints().size() <= 20, "never more than 20 intro points");
            for (RelayFingerprint fp : p.servers()) {
                assertTrue(serversByPeriod.computeIfAbsent(d.timePeriod().number(), k -> new HashSet<>()).add(fp),
                        "each HSDir gets one descriptor per slot");
            }
            keysByPeriod.computeIfAbsent(d.timePeriod().number(), k -> new HashSet<>()).addAll(keys(d.introPoints()));
        }
        assertEquals(2, serversByPeriod.size());
        for (long period : serversByPeriod.keySet()) {
            assertEquals(8, serversByPeriod.get(period).size(), "every responsible HSDir of the slot");
            for (var ips : given.values()) {
                assertTrue(keys(ips).stream().anyMatch(keysByPeriod.get(period)::contains), "every backend reaches clients");
            }
        }
        var svc = balancer.snapshot().services().get(0);
        assertTrue(svc.notes().isEmpty(), "nobody left out: " + svc.notes());
        for (var d : svc.descriptors()) {
            assertTrue(d.groups().size() > 1, "the console sees the groups");
            for (IdentityKey b : backends) {
                assertEquals(5, d.fetchCoverage(b.onionAddress()), "12 backends x 2 in 6 x 20: each on 5 of 6 fetch HSDirs");
            }
        }

        // One backend restarts with new intro points: only the descriptors that carried it go out again.
        int before = tor.posts().size();
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(3)));
        balancer.awaitIdle();
        clock.advance(Duration.ofSeconds(3));
        balancer.tickAndWait();
        List<FakeTor.Post> again = tor.posts().subList(before, tor.posts().size());
        assertTrue(!again.isEmpty() && again.size() < before, "some, not all, descriptors again: " + again.size() + " of " + before);
        int hsDirsAgain = again.stream().mapToInt(p -> p.servers().size()).sum();
        assertTrue(hsDirsAgain < 16, "not every HSDir again: " + hsDirsAgain);
    }

    @Test
    void theFirstPublishWaitsForEveryBackendsFirstAnswer() throws Exception {
        start(3);
        balancer.awaitIdle();
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(2)));
        balancer.awaitIdle();
        clock.advance(Duration.ofSeconds(3));
        balancer.tickAndWait();
        assertTrue(tor.posts().isEmpty(), "one backend of three answered: no descriptor yet");
        assertTrue(balancer.snapshot().services().get(0).state().contains("1 of 3 answered"),
                balancer.snapshot().services().get(0).state());
        // The second is found, the third is not (tor's FAILED at its HSDir): both answered.
        deliver(backends.get(1), backendDescriptor(backends.get(1), introPoints(2)));
        tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, backends.get(2).onionAddress().toString(), "NO_AUTH",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(HsDescReason.NOT_FOUND),
                OptionalInt.empty(), Optional.empty()));
        balancer.awaitIdle();
        assertEquals(2, tor.posts().size(), "published as soon as every backend answered");
        assertEquals(4, verifyPublished(tor.posts().get(0)).introPoints().size());
    }

    @Test
    void aBackendNotFoundAtOneHsDirOfAPlainFetchCountsAsAnswered() throws Exception {
        // Tor names the HSDir in its FAILED event; this one was not asked by name (scripts/bench-scale
        // found the engine failing on exactly this event, so that some masters were never published).
        start(2);
        balancer.awaitIdle();
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(2)));
        tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, backends.get(1).onionAddress().toString(), "NO_AUTH",
                Optional.of(RelayFingerprint.parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), Optional.empty(),
                Optional.empty(), Optional.of(HsDescReason.NOT_FOUND), OptionalInt.empty(), Optional.empty()));
        balancer.awaitIdle();
        assertEquals(2, tor.posts().size(), "published as soon as every backend answered");
        assertEquals(2, verifyPublished(tor.posts().get(0)).introPoints().size());
    }

    @Test
    void aBackendThatNeverAnswersDelaysTheFirstPublishOnlyBriefly() throws Exception {
        start(2);
        balancer.awaitIdle();
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(2)));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertTrue(tor.posts().isEmpty());
        clock.advance(Balancer.FIRST_ROUND_LIMIT.plusSeconds(1));
        balancer.tickAndWait();
        assertEquals(2, tor.posts().size(), "published after the bound with the backend that answered");
    }

    @Test
    void uploadResultsAreTrackedPerHsDirAndFailuresRetried() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        FakeTor.Post first = tor.posts().get(0);
        List<RelayFingerprint> servers = first.servers();
        // The first descriptor goes out first: attribute the results to it.
        for (int i = 0; i < servers.size(); i++) {
            HsDescAction action = i == 0 ? HsDescAction.FAILED : HsDescAction.UPLOADED;
            Optional<HsDescReason> reason = i == 0 ? Optional.of(HsDescReason.UNEXPECTED) : Optional.empty();
            tor.emit(new TorEvent.HsDescEvent(action, master.onionAddress().toString(), "NO_AUTH", Optional.of(servers.get(i)),
                    Optional.empty(), Optional.empty(), reason, OptionalInt.empty(), Optional.empty()));
        }
        balancer.awaitIdle();
        var firstStatus = balancer.snapshot().services().get(0).descriptors().stream()
                .filter(d -> d.slot() == DescriptorSlot.FIRST).findFirst().orElseThrow();
        assertEquals(7, firstStatus.uploadedCount());
        assertEquals(UploadState.RETRYING, firstStatus.hsDirs().get(0).state());

        int before = tor.posts().size();
        clock.advance(Timings.PUBLIC_NETWORK.uploadRetryMin().plusSeconds(1));
        balancer.tickAndWait();
        List<FakeTor.Post> after = tor.posts();
        assertEquals(before + 1, after.size(), "one retry");
        assertEquals(List.of(servers.get(0)), after.get(before).servers(), "only to the HSDir that failed");
        assertEquals(first.descriptor(), after.get(before).descriptor(), "the same descriptor");
    }

    /**
     * tor before 0.4.9.12 can exit on a SERVER= naming a relay missing from its consensus (tor bug
     * 41367): an upload retry due after the failed HSDir left tor's consensus does not name it, and
     * neither does any later HSPOST or HSFETCH.
     */
    @Test
    void aRetryNeverNamesAnHsDirThatLeftTorsConsensus() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        FakeTor.Post first = tor.posts().get(0);
        RelayFingerprint gone = first.servers().get(0);
        tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, master.onionAddress().toString(), "NO_AUTH", Optional.of(gone),
                Optional.empty(), Optional.empty(), Optional.of(HsDescReason.UNEXPECTED), OptionalInt.empty(), Optional.empty()));
        balancer.awaitIdle();
        // Tor's next consensus no longer lists that relay.
        SyntheticNetwork n = new SyntheticNetwork().validAfter(VALID_AFTER);
        int removed = 0;
        for (int i = 1; i <= 10; i++) {
            if (new RelayFingerprint(java.util.HexFormat.of().withUpperCase().formatHex(SyntheticNetwork.identity(i))).equals(gone)) {
                removed = i;
                continue;
            }
            n.hsDir(i);
        }
        assertTrue(removed > 0, "the failed HSDir is one of the network's");
        tor.consensus = n.consensus();
        tor.microdescs = n.microdescs();
        int before = tor.posts().size();
        int fetchesBefore = tor.fetchServers.size();
        tor.emit(new TorEvent.StatusClientEvent("NOTICE", "CONSENSUS_ARRIVED", java.util.Map.of()));
        balancer.awaitIdle();
        clock.advance(Timings.PUBLIC_NETWORK.uploadRetryMax().plusSeconds(1));
        balancer.tickAndWait();
        clock.advance(Timings.PUBLIC_NETWORK.uploadRetryMax().plusSeconds(1));
        balancer.tickAndWait();
        for (FakeTor.Post p : tor.posts().subList(before, tor.posts().size())) {
            assertFalse(p.servers().contains(gone), "HSPOST SERVER= names a relay tor no longer has: " + p.servers());
        }
        for (List<RelayFingerprint> f : tor.fetchServers.subList(fetchesBefore, tor.fetchServers.size())) {
            assertFalse(f.contains(gone), "HSFETCH SERVER= names a relay tor no longer has");
        }
    }

    @Test
    void torOlderThan04912IsWarnedAboutAtStart() {
        assertTrue(TorVersionNotes.atStart("0.4.9.11").orElseThrow().contains("tor bug 41367"));
        assertTrue(TorVersionNotes.atStart("0.4.8.16").isPresent());
        assertTrue(TorVersionNotes.atStart("0.4.9.3-alpha (git-0123456789abcdef)").isPresent());
        assertFalse(TorVersionNotes.atStart("0.4.9.12").isPresent());
        assertFalse(TorVersionNotes.atStart("0.4.10.1-alpha").isPresent());
        assertFalse(TorVersionNotes.atStart("arti 1.4").isPresent(), "not a C tor version: nothing known");
    }

    @Test
    void anHsDirTorNoLongerKnowsIsDroppedFromTheUpload() throws Exception {
        start(2);
        balancer.awaitIdle();
        List<RelayFingerprint> refused = new ArrayList<>();
        tor.postHook = p -> {
            if (refused.isEmpty()) {
                refused.add(p.servers().get(2));
                throw new ControlReplyException("fake", "HSPOST", 552, "Server \"" + p.servers().get(2) + "\" not found");
            }
        };
        publishAllBackends(2);
        FakeTor.Post p = tor.posts().get(0);
        assertEquals(7, p.servers().size());
        assertFalse(p.servers().contains(refused.get(0)));
    }

    @Test
    void aForgedBackendDescriptorIsRejectedWithItsReasonAndNotUsed() throws Exception {
        start(2);
        balancer.awaitIdle();
        IdentityKey attacker = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
        List<IntroPoint> evil = introPoints(3);
        deliver(backends.get(0), MasterDescriptorBuilder.build(attacker, currentPeriod(), 5, evil, clock.instant(), RNG).text());
        deliver(backends.get(1), backendDescriptor(backends.get(1), introPoints(2)));
        balancer.awaitIdle();
        balancer.tickAndWait();
        InstanceStatus forged = balancer.snapshot().services().get(0).instances().get(0);
        assertEquals(InstanceState.INVALID, forged.state());
        assertTrue(forged.reason().orElse("").contains("blinded key"), forged.reason().orElse(""));
        for (FakeTor.Post post : tor.posts()) {
            assertTrue(java.util.Collections.disjoint(keys(verifyPublished(post).introPoints()), keys(evil)));
        }
    }

    @Test
    void aBackendNotHeardFromIsLeftOut() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        // Only backend 2 keeps answering.
        clock.advance(Timings.PUBLIC_NETWORK.instanceTooOld().minusMinutes(1));
        deliver(backends.get(1), backendDescriptor(backends.get(1), introPoints(2)));
        balancer.awaitIdle();
        clock.advance(Duration.ofMinutes(2));
        balancer.tickAndWait();
        var svc = balancer.snapshot().services().get(0);
        assertEquals(InstanceState.STALE, svc.instances().get(0).state());
        VerifiedDescriptor d = verifyPublished(tor.posts().get(tor.posts().size() - 1));
        assertEquals(2, d.introPoints().size(), "only the live backend's intro points");
    }

    @Test
    void aRotatedBackendRetiresTheOldOneOnlyOnceItsOwnDescriptorIsValid() throws Exception {
        start(2); // node2 is node1's rotated replacement
        balancer.awaitIdle();
        OnionAddress old = backends.get(0).onionAddress();
        OnionAddress replacement = backends.get(1).onionAddress();
        retirements.add(new ServiceRegistry.Retirement(master.onionAddress(), old, replacement));
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(2)));
        balancer.awaitIdle();
        assertTrue(removedFromConfig.isEmpty(), "the old backend stays while its replacement is not up");

        deliver(backends.get(1), backendDescriptor(backends.get(1), introPoints(2)));
        balancer.awaitIdle();
        retirements.clear(); // config.yaml no longer lists the pair
        assertEquals(List.of(old), removedFromConfig);
        clock.advance(Duration.ofSeconds(3));
        balancer.tickAndWait();
        var svc = balancer.snapshot().services().get(0);
        assertEquals(List.of(replacement), svc.instances().stream().map(InstanceStatus::address).toList());
        VerifiedDescriptor d = verifyPublished(tor.posts().get(tor.posts().size() - 1));
        assertEquals(2, d.introPoints().size(), "only the replacement's intro points");
    }

    @Test
    void aBackendTorFoundNothingForIsFetchedAgainSoonFromEveryHsDirHoldingIt() throws Exception {
        start(2);
        balancer.awaitIdle();
        int before = tor.fetches.size();
        // Tor tried the HSDirs it picked and found nothing (a backend that just published).
        tor.emit(new TorEvent.HsDescContentEvent(backends.get(0).onionAddress().toString(), "x", Optional.empty(), ""));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertEquals(before, tor.fetches.size(), "not at once");
        clock.advance(Duration.ofSeconds(4));
        balancer.tickAndWait();
        assertEquals(before + 1, tor.fetches.size());
        assertEquals(backends.get(0).onionAddress(), tor.fetches.get(before));
        assertEquals(8, tor.fetchServers.get(before).size(), "asked from every responsible HSDir by name");
    }

    private HealthResult check(int backend, boolean ok) {
        var target = new HealthTarget(backends.get(backend).onionAddress(), healthCheck.orElseThrow());
        Optional<HealthFailure> failure = ok ? Optional.empty()
                : Optional.of(new HealthFailure(FailureKind.ONION_SERVICE,
                        "intro failed", Optional.empty()));
        return new HealthResult(target, clock.instant(), Duration.ofMillis(300), failure);
    }

    @Test
    void aBackendItsHealthChecksCallDownLeavesBothDescriptorsAtOnceAndComesBack() throws Exception {
        healthCheck = Optional.of(HealthCheckSettings.defaults(80, false));
        start(3);
        balancer.awaitIdle();
        var given = publishAllBackends(2);
        assertEquals(2, tor.posts().size());
        for (int i = 0; i < 3; i++) {
            balancer.deliverHealth(check(1, true));
            balancer.deliverHealth(check(2, true));
        }
        // Three failed checks in a row (the default) take backend 1 down: republished at once, without it.
        for (int i = 0; i < 3; i++) {
            balancer.deliverHealth(check(0, false));
            clock.advance(Duration.ofSeconds(60));
        }
        List<FakeTor.Post> posts = tor.posts();
        assertEquals(4, posts.size(), "both slots again, at the third failure");
        for (FakeTor.Post p : posts.subList(2, 4)) {
            var d = verifyPublished(p);
            assertEquals(4, d.introPoints().size());
            assertTrue(java.util.Collections.disjoint(keys(d.introPoints()), keys(given.get(0))), "the down backend is gone");
        }
        var node1 = balancer.snapshot().services().get(0).instances().get(0);
        assertEquals(HealthStatus.DOWN, node1.health().orElseThrow().status());
        assertTrue(node1.health().get().excluded());
        assertEquals(Optional.of("intro failed"), node1.health().get().lastError());
        assertTrue(balancer.snapshot().services().get(0).healthEvents().stream().anyMatch(e -> e.contains("node1 unknown → down")),
                balancer.snapshot().services().get(0).healthEvents().toString());

        // Two successes (the default) bring it back, at once.
        balancer.deliverHealth(check(0, true));
        balancer.deliverHealth(check(0, true));
        assertEquals(6, tor.posts().size());
        assertEquals(6, verifyPublished(tor.posts().get(5)).introPoints().size());
    }

    @Test
    void everyBackendFailingTogetherPointsAtThisObhostsTorAndDropsNobody() throws Exception {
        healthCheck = Optional.of(HealthCheckSettings.defaults(80, false));
        start(3);
        balancer.awaitIdle();
        publishAllBackends(2);
        for (int round = 0; round < 3; round++) {
            for (int b = 0; b < 3; b++) {
                balancer.deliverHealth(check(b, false));
            }
            clock.advance(Duration.ofSeconds(20));
        }
        balancer.tickAndWait();
        var svc = balancer.snapshot().services().get(0);
        assertTrue(svc.notes().stream().anyMatch(n -> n.contains("own tor or its network is the likelier cause")), svc.notes().toString());
        for (FakeTor.Post p : tor.posts()) {
            assertEquals(6, verifyPublished(p).introPoints().size(), "no backend dropped");
        }
    }

    @Test
    void aBackendNoHsDirHasAnyMoreIsStaleAndLeftOut() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        // Its descriptor expired on every HSDir: tor finds nothing, the engine asks every HSDir by name.
        tor.emit(new TorEvent.HsDescContentEvent(backends.get(0).onionAddress().toString(), "x", Optional.empty(), ""));
        balancer.awaitIdle();
        clock.advance(Duration.ofSeconds(4));
        balancer.tickAndWait();
        List<RelayFingerprint> asked = tor.fetchServers.get(tor.fetchServers.size() - 1);
        assertEquals(8, asked.size());
        int before = tor.posts().size();
        for (RelayFingerprint fp : asked) {
            tor.emit(new TorEvent.HsDescEvent(HsDescAction.FAILED, backends.get(0).onionAddress().toString(), "NO_AUTH",
                    Optional.of(fp), Optional.empty(), Optional.empty(), Optional.of(HsDescReason.NOT_FOUND),
                    OptionalInt.empty(), Optional.empty()));
        }
        balancer.awaitIdle();
        clock.advance(Duration.ofSeconds(3));
        balancer.tickAndWait();
        InstanceStatus gone = balancer.snapshot().services().get(0).instances().get(0);
        assertEquals(InstanceState.STALE, gone.state());
        assertTrue(gone.reason().orElse("").contains("no HSDir has its descriptor any more"), gone.reason().toString());
        assertTrue(tor.posts().size() > before, "republished without it");
        assertEquals(2, verifyPublished(tor.posts().get(tor.posts().size() - 1)).introPoints().size());
    }

    @Test
    void aBackendThatAdvertisesProofOfWorkIsNamedAndTheMasterNeverCarriesIt() throws Exception {
        start(2);
        balancer.awaitIdle();
        var pow = new PowParams("v1",
                List.of("FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo=", "614", "2026-11-26T05:15:37"));
        deliver(backends.get(0), BackendDescriptors.withPow(backends.get(0).secretKey(), currentPeriod(),
                introPoints(2), BuildOptions.defaults(), pow, clock.instant(), RNG));
        deliver(backends.get(1), backendDescriptor(backends.get(1), introPoints(2)));
        balancer.awaitIdle();
        balancer.tickAndWait();
        var svc = balancer.snapshot().services().get(0);
        assertTrue(svc.notes().stream().anyMatch(n -> n.startsWith("node1 advertises proof-of-work")), svc.notes().toString());
        for (FakeTor.Post p : tor.posts()) {
            assertFalse(p.descriptor().contains("pow-params"), "the outer layer never names it");
            assertEquals(4, verifyPublished(p).introPoints().size());
            assertFalse(verifyPublished(p).advertisesPow(), "the master never carries pow-params");
        }
    }

    /**
     * tor 0.4.9 / Arti second layers: a backend whose descriptor names one pow-params scheme twice,
     * or carries a malformed proto line, is invalid with the line named; the others are published,
     * and the proto line every valid backend carries reaches the master.
     */
    @Test
    void aBackendWithABadPowOrProtoLineIsInvalidWithTheLineAndTheOthersGoOn() throws Exception {
        start(3);
        balancer.awaitIdle();
        var v1 = new PowParams("v1", List.of("FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo=", "614", "2026-11-26T05:15:37"));
        deliver(backends.get(0), BackendDescriptors.withPow(backends.get(0).secretKey(), currentPeriod(), introPoints(2),
                BuildOptions.defaults(), List.of(v1, v1), clock.instant(), RNG));
        deliver(backends.get(1), BackendDescriptors.withInnerLines(backends.get(1).secretKey(), currentPeriod(), introPoints(2),
                "flow-control 1-2 31\nproto FlowCtrl=1-2 Relay=2-4 Link=99\n", clock.instant(), RNG));
        deliver(backends.get(2), BackendDescriptors.withInnerLines(backends.get(2).secretKey(), currentPeriod(), introPoints(2),
                "flow-control 1-2 31\nproto FlowCtrl=1-2 Relay=2-4\n", clock.instant(), RNG));
        balancer.awaitIdle();
        balancer.tickAndWait();
        var instances = balancer.snapshot().services().get(0).instances();
        assertEquals(InstanceState.INVALID, instances.get(0).state());
        assertTrue(instances.get(0).reason().orElse("").contains("line 3 (pow-params): a second \"pow-params v1\" line (first on line 2)"),
                instances.get(0).reason().toString());
        assertEquals(InstanceState.INVALID, instances.get(1).state());
        assertTrue(instances.get(1).reason().orElse("").contains("line 3 (proto): protocol Link version list \"99\""),
                instances.get(1).reason().toString());
        assertFalse(tor.posts().isEmpty(), "the valid backend is published");
        for (FakeTor.Post p : tor.posts()) {
            VerifiedDescriptor m = verifyPublished(p);
            assertEquals(2, m.introPoints().size(), "only the valid backend's intro points");
            assertEquals("FlowCtrl=1-2 Relay=2-4", m.inner().proto().toString());
        }
    }

    /**
     * A consensus lowering HSV3MaxDescriptorSize to 20,000 bytes: 8 intro points fit (the first
     * layer padded to 10,000 bytes; DescriptorSizeLimitTest). Four backends of two each: the
     * operator is told how many fit, and nothing larger than the limit is uploaded.
     */
    @Test
    void aLowerHsv3MaxDescriptorSizeIsHonouredAndTheLogSaysHowManyIntroPointsFit() throws Exception {
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(DescriptorSizeNotice.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            consensusParams = "HSV3MaxDescriptorSize=20000";
            start(5);
            balancer.awaitIdle();
            publishAllBackends(2);
            assertTrue(logged.stream().anyMatch(m -> m.contains("HSV3MaxDescriptorSize to 20000 bytes")
                    && m.contains(": 8 of the 10 intro points of " + master.onionAddress()) && m.contains("not built")), logged.toString());
            assertTrue(tor.posts().isEmpty(), "10 intro points do not fit in 20,000 bytes: nothing uploaded");
            int before = logged.size();
            // One backend gone: 8 intro points fit, and are published.
            deliver(backends.get(4), backendDescriptor(backends.get(4), introPoints(0)));
            balancer.awaitIdle();
            balancer.tickAndWait();
            assertEquals(before, logged.size(), "said once per limit: " + logged);
            assertFalse(tor.posts().isEmpty());
            for (FakeTor.Post p : tor.posts()) {
                assertTrue(p.descriptor().length() <= 20_000, p.descriptor().length() + " bytes");
                assertEquals(8, verifyPublished(p).introPoints().size());
            }
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void twoPublishesInOneSecondStillRaiseTheRevisionCounter() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAllBackends(2);
        long first = verifyPublished(tor.posts().get(0)).revisionCounter();
        // A backend's new intro points within the same second (the clock does not move).
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(2)));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertEquals(4, tor.posts().size());
        long again = verifyPublished(tor.posts().get(2)).revisionCounter();
        assertTrue(Long.compareUnsigned(again, first) > 0, "HSDirs keep only a higher counter: " + first + " then " + again);
    }

    @Test
    void aClockHoursAheadOfTheConsensusIsWarnedAboutOnce() throws Exception {
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Balancer.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            clock.now = VALID_AFTER.plus(Duration.ofHours(6));
            start(2);
            balancer.awaitIdle();
            tor.emit(new TorEvent.StatusClientEvent("NOTICE", "CONSENSUS_ARRIVED", java.util.Map.of()));
            balancer.awaitIdle();
        } finally {
            log.removeHandler(capture);
        }
        long warnings = logged.stream().filter(m -> m.contains("ahead of tor's newest consensus") && m.contains("check NTP")).count();
        assertEquals(1, warnings, "once, not at every consensus: " + logged);
    }
}
