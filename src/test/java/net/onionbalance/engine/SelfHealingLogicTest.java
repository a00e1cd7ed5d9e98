package net.onionbalance.engine;

import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.DistinctDescriptors;
import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.config.Timings;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.SyntheticNetwork;
import net.onionbalance.doc.hsdesc.BuildOptions;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.FlowControl;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.RandomIntroPoints;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.HsDirUpload;
import net.onionbalance.health.FailureKind;
import net.onionbalance.health.HealthFailure;
import net.onionbalance.health.HealthResult;
import net.onionbalance.health.HealthTarget;
import net.onionbalance.logging.RecentLog;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.HsDescReason;
import net.onionbalance.tor.SocksReply;
import net.onionbalance.tor.TorEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine healing itself, on virtual time with a recorded tor: HSDirs checked against what they
 * accepted and repaired, backends refetched when something says their intro points may be gone,
 * and a descriptor content change published at once.
 */
class SelfHealingLogicTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant VALID_AFTER = Instant.parse("2024-05-01T10:00:00Z");

    private final BalancerLogicTest.TestClock clock = new BalancerLogicTest.TestClock(VALID_AFTER.plus(Duration.ofMinutes(5)));
    private final IdentityKey master = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
    private final List<IdentityKey> backends = new ArrayList<>();
    private FakeTor tor;
    private Balancer balancer;
    private long revision = 1000;

    private static String[] network(Instant validAfter) {
        SyntheticNetwork n = new SyntheticNetwork().validAfter(validAfter);
        for (int i = 1; i <= 10; i++) {
            n.hsDir(i);
        }
        return new String[] {n.consensus(), n.microdescs()};
    }

    private void start(int backendCount) {
        String[] net = network(VALID_AFTER);
        tor = new FakeTor(net[0], net[1]);
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
            }

            @Override
            public List<ServiceRegistry.Retirement> pendingRetirements() {
                return List.of();
            }
        };
        var extensions = new ServiceExtensions(OptionalInt.empty(), DistinctDescriptors.AUTO, AuthorizedClients.NONE,
                Optional.of(HealthCheckSettings.defaults(80, false)));
        var registry = new ServiceRegistry(store, List.of(new ServiceRegistry.ServiceDefinition(master, instances, extensions)));
        balancer = new Balancer(clock, tor, new Balancer.Settings(Timings.PUBLIC_NETWORK, 2, false), registry, new RecentLog(100),
                socks -> { throw new java.io.IOException("no probe in this test"); });
        balancer.start();
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

    private String backendDescriptor(IdentityKey backend, List<IntroPoint> ips, BuildOptions options) throws Exception {
        return MasterDescriptorBuilder.build(backend, currentPeriod(), revision++, ips, options, clock.instant(), RNG).text();
    }

    private List<IntroPoint> introPoints(int n) {
        return RandomIntroPoints.generate(n, RNG, clock.instant().plus(Duration.ofHours(50)));
    }

    private void deliver(IdentityKey backend, String descriptor) {
        tor.emit(new TorEvent.HsDescContentEvent(backend.onionAddress().toString(), "x", Optional.empty(), descriptor));
    }

    private List<List<IntroPoint>> publishAll() throws Exception {
        List<List<IntroPoint>> given = new ArrayList<>();
        for (IdentityKey b : backends) {
            List<IntroPoint> ips = introPoints(2);
            given.add(ips);
            deliver(b, backendDescriptor(b, ips, BuildOptions.defaults()));
        }
        balancer.awaitIdle();
        balancer.tickAndWait();
        return given;
    }

    private VerifiedDescriptor verify(FakeTor.Post p) throws Exception {
        TimePeriod cur = currentPeriod();
        return DescriptorVerifier.verify(p.descriptor(), master.onionAddress(), List.of(cur.previous(), cur, cur.next()),
                clock.instant());
    }

    private TorEvent.HsDescEvent hsDesc(HsDescAction action, RelayFingerprint fp, Optional<HsDescReason> reason) {
        return new TorEvent.HsDescEvent(action, master.onionAddress().toString(), "NO_AUTH", Optional.of(fp), Optional.empty(),
                Optional.empty(), reason, OptionalInt.empty(), Optional.empty());
    }

    /** Every HSDir accepts every upload so far. */
    private void acceptAll() throws Exception {
        for (FakeTor.Post p : tor.posts()) {
            for (RelayFingerprint fp : p.servers()) {
                tor.emit(hsDesc(HsDescAction.UPLOADED, fp, Optional.empty()));
            }
        }
        balancer.awaitIdle();
    }

    /** The post of the current time period's descriptor (the one HSFETCH can check). */
    private FakeTor.Post currentPost() throws Exception {
        for (FakeTor.Post p : tor.posts()) {
            if (verify(p).timePeriod().equals(currentPeriod())) {
                return p;
            }
        }
        throw new AssertionError("no descriptor for the current period");
    }

    private Optional<HsDirUpload> row(RelayFingerprint fp) {
        for (DescriptorStatus d : balancer.snapshot().services().get(0).descriptors()) {
            if (d.timePeriod().equals(Optional.of(currentPeriod()))) {
                return d.hsDirs().stream().filter(h -> h.hsDir().equals(fp)).findFirst();
            }
        }
        return Optional.empty();
    }

    private List<RelayFingerprint> masterFetchServers() {
        List<RelayFingerprint> out = new ArrayList<>();
        for (int i = 0; i < tor.fetches.size(); i++) {
            if (tor.fetches.get(i).equals(master.onionAddress())) {
                out.addAll(tor.fetchServers.get(i));
            }
        }
        return out;
    }

    @Test
    void eachHsDirIsCheckedByNameAfterTheUploadAndWhatItLostIsUploadedThereAgainAtOnce() throws Exception {
        start(2);
        balancer.awaitIdle();
        List<List<IntroPoint>> given = publishAll();
        assertEquals(2, tor.posts().size());
        acceptAll();
        FakeTor.Post ours = currentPost();
        assertTrue(masterFetchServers().isEmpty(), "no check before the HSDirs had time");

        clock.advance(Duration.ofSeconds(31));
        balancer.tickAndWait();
        List<RelayFingerprint> checked = masterFetchServers();
        assertEquals(new TreeSet<>(ours.servers()).size(), new java.util.HashSet<>(checked).size(),
                "every HSDir of the current period's descriptor, by name: " + checked);
        assertTrue(ours.servers().containsAll(checked));

        RelayFingerprint holds = ours.servers().get(0);
        RelayFingerprint lost = ours.servers().get(1);
        RelayFingerprint older = ours.servers().get(2);
        RelayFingerprint foreign = ours.servers().get(3);
        RelayFingerprint other = ours.servers().get(4);
        int postsBefore = tor.posts().size();
        String addr = master.onionAddress().toString();

        tor.emit(new TorEvent.HsDescContentEvent(addr, "x", Optional.of(holds), ours.descriptor()));
        balancer.awaitIdle();
        assertEquals(postsBefore, tor.posts().size(), "an HSDir that holds ours is left alone");
        assertEquals(HsDirVerdict.HOLDS_OURS, row(holds).orElseThrow().check().orElseThrow().verdict());

        // Restarted HSDir: tor says NOT_FOUND, then sends an empty content event.
        tor.emit(hsDesc(HsDescAction.FAILED, lost, Optional.of(HsDescReason.NOT_FOUND)));
        tor.emit(new TorEvent.HsDescContentEvent(addr, "x", Optional.of(lost), ""));
        balancer.awaitIdle();
        assertEquals(postsBefore + 1, tor.posts().size(), "uploaded again at once");
        FakeTor.Post repair = tor.posts().get(postsBefore);
        assertEquals(List.of(lost), repair.servers());
        assertEquals(ours.descriptor(), repair.descriptor(), "what it had accepted");
        var lostRow = row(lost).orElseThrow();
        assertEquals(HsDirVerdict.ABSENT, lostRow.check().orElseThrow().verdict());
        assertEquals(1, lostRow.check().get().repairs());
        assertEquals(UploadState.PENDING, lostRow.state());

        // An older revision of ours.
        long ourRevision = verify(ours).revisionCounter();
        String old = MasterDescriptorBuilder.build(master, currentPeriod(), ourRevision - 100, given.get(0), clock.instant(), RNG).text();
        tor.emit(new TorEvent.HsDescContentEvent(addr, "x", Optional.of(older), old));
        balancer.awaitIdle();
        assertEquals(postsBefore + 2, tor.posts().size());
        assertEquals(List.of(older), tor.posts().get(postsBefore + 1).servers());
        assertEquals(HsDirVerdict.OLDER_REVISION, row(older).orElseThrow().check().orElseThrow().verdict());

        // Not signed by our key.
        IdentityKey stranger = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
        String strange = MasterDescriptorBuilder.build(stranger, currentPeriod(), ourRevision + 5, given.get(0), clock.instant(), RNG).text();
        tor.emit(new TorEvent.HsDescContentEvent(addr, "x", Optional.of(foreign), strange));
        balancer.awaitIdle();
        assertEquals(postsBefore + 3, tor.posts().size());
        assertEquals(HsDirVerdict.FOREIGN, row(foreign).orElseThrow().check().orElseThrow().verdict());

        // Another obhost with our key: newer, backend 1 only plus one backend we do not know. Not fought.
        List<IntroPoint> theirs = new ArrayList<>(given.get(0));
        theirs.addAll(introPoints(1));
        String newer = MasterDescriptorBuilder.build(master, currentPeriod(), ourRevision + 50, theirs, clock.instant(), RNG).text();
        tor.emit(new TorEvent.HsDescContentEvent(addr, "x", Optional.of(other), newer));
        balancer.awaitIdle();
        assertEquals(postsBefore + 3, tor.posts().size(), "another obhost's newer descriptor is not uploaded over");
        assertEquals(HsDirVerdict.OTHER_PUBLISHER, row(other).orElseThrow().check().orElseThrow().verdict());
        var status = balancer.snapshot().services().get(0).descriptors().stream()
                .filter(d -> d.timePeriod().equals(Optional.of(currentPeriod()))).findFirst().orElseThrow();
        assertEquals(1, status.otherPublishers().size());
        var op = status.otherPublishers().get(0);
        assertEquals(other, op.hsDir());
        assertEquals(ourRevision + 50, op.revisionCounter());
        assertEquals(List.of(), op.onlyTheirs());
        assertEquals(List.of(backends.get(1).onionAddress()), op.onlyOurs());
        assertEquals(OptionalInt.of(1), op.unknownIntroPoints());

        // Checks come back about every 90 s, spread; the HSDir that was found holding ours is checked again.
        int fetchesBefore = masterFetchServers().size();
        clock.advance(Duration.ofSeconds(60));
        balancer.tickAndWait();
        clock.advance(Duration.ofSeconds(60));
        balancer.tickAndWait();
        assertTrue(masterFetchServers().subList(fetchesBefore, masterFetchServers().size()).contains(holds));
    }

    @Test
    void aCheckTorNeverAnswersIsUnansweredNotAbsentAndNothingIsUploaded() throws Exception {
        start(1);
        balancer.awaitIdle();
        publishAll();
        acceptAll();
        clock.advance(Duration.ofSeconds(31));
        balancer.tickAndWait();
        assertFalse(masterFetchServers().isEmpty(), tor.fetches + " " + tor.posts().size() + " " + balancer.snapshot());
        RelayFingerprint fp = masterFetchServers().get(0);
        int posts = tor.posts().size();
        clock.advance(Duration.ofSeconds(61));
        balancer.tickAndWait();
        assertEquals(HsDirVerdict.UNANSWERED, row(fp).orElseThrow().check().orElseThrow().verdict());
        assertEquals(posts, tor.posts().size());
    }

    private HealthResult failedCheck(int backend, SocksReply reply) {
        var target = new HealthTarget(backends.get(backend).onionAddress(), HealthCheckSettings.defaults(80, false));
        return new HealthResult(target, clock.instant(), Duration.ofMillis(300),
                Optional.of(new HealthFailure(FailureKind.ONION_SERVICE, reply.text(), Optional.of(reply))));
    }

    private long fetchesOf(int backend) {
        return tor.fetches.stream().filter(a -> a.equals(backends.get(backend).onionAddress())).count();
    }

    @Test
    void aBackendWhoseIntroPointsFailIsFetchedAgainAtOnceRateLimitedThenFollowedUpUntilItsNewDescriptorCame() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAll();
        long before = fetchesOf(0);
        balancer.deliverHealth(failedCheck(0, SocksReply.ONION_INTRO_FAILED));
        assertEquals(before + 1, fetchesOf(0), "fetched again at once");
        int last = tor.fetches.lastIndexOf(backends.get(0).onionAddress());
        assertEquals(8, tor.fetchServers.get(last).size(), "from its HSDirs by name, not from tor's cache");
        assertEquals(0, fetchesOf(1) - 1, "the other backend is not fetched again");

        clock.advance(Duration.ofSeconds(5));
        balancer.deliverHealth(failedCheck(0, SocksReply.ONION_INTRO_FAILED));
        assertEquals(before + 1, fetchesOf(0), "at most one refetch per backend per 10 s");

        // The old descriptor came back (the restarted backend has not uploaded yet): a follow-up 10 s later.
        clock.advance(Duration.ofSeconds(6));
        balancer.tickAndWait();
        assertEquals(before + 2, fetchesOf(0), "followed up");

        // Its new descriptor arrives: republished at once, no more follow-ups.
        int posts = tor.posts().size();
        deliver(backends.get(0), backendDescriptor(backends.get(0), introPoints(2), BuildOptions.defaults()));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertEquals(posts + 2, tor.posts().size(), "both slots republished");
        clock.advance(Duration.ofSeconds(60));
        balancer.tickAndWait();
        assertEquals(before + 2, fetchesOf(0), "no follow-up after the new descriptor");
    }

    @Test
    void aNewTimePeriodInANewConsensusFetchesEveryBackendAtOnce() throws Exception {
        start(2);
        balancer.awaitIdle();
        publishAll();
        long a = fetchesOf(0);
        long b = fetchesOf(1);
        // Same period, same SRV: nothing.
        tor.emit(new TorEvent.StatusClientEvent("NOTICE", TorEvent.StatusClientEvent.CONSENSUS_ARRIVED, java.util.Map.of()));
        balancer.awaitIdle();
        assertEquals(a, fetchesOf(0));
        // The next day's consensus: a new time period and new SRVs.
        Instant tomorrow = VALID_AFTER.plus(Duration.ofDays(1));
        String[] net = network(tomorrow);
        tor.consensus = net[0];
        tor.microdescs = net[1];
        clock.now = tomorrow.plus(Duration.ofMinutes(5));
        tor.emit(new TorEvent.StatusClientEvent("NOTICE", TorEvent.StatusClientEvent.CONSENSUS_ARRIVED, java.util.Map.of()));
        balancer.awaitIdle();
        assertEquals(a + 1, fetchesOf(0));
        assertEquals(b + 1, fetchesOf(1));
    }

    @Test
    void aBackendThatTurnsOnFlowControlWithTheSameIntroPointsIsRepublishedAtOnce() throws Exception {
        start(1);
        balancer.awaitIdle();
        List<List<IntroPoint>> given = publishAll();
        assertEquals(2, tor.posts().size());
        assertFalse(verify(tor.posts().get(0)).inner().flowControl().isPresent());
        var flow = BuildOptions.defaults().withFlowControl(Optional.of(new FlowControl(new TreeSet<>(List.of(1, 2)), 31)));
        deliver(backends.get(0), backendDescriptor(backends.get(0), given.get(0), flow));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertEquals(4, tor.posts().size(), "same intro points, new flow-control: both slots again");
        assertTrue(verify(tor.posts().get(3)).inner().flowControl().isPresent());
    }

    @Test
    void theLoopsHeartbeatMovesWhileItTicksAndStopsWhileATorCallHangs() throws Exception {
        start(1);
        balancer.awaitIdle();
        long first = balancer.lastTickNanos();
        Thread.sleep(1500);
        long ticking = balancer.lastTickNanos();
        assertTrue(ticking > first, "the engine ticks every second");
        var hang = new java.util.concurrent.CountDownLatch(1);
        tor.hangNewnym = hang;
        balancer.submit(new EngineCommand.FetchNow());
        Thread.sleep(300);
        long stuck = balancer.lastTickNanos();
        Thread.sleep(2500);
        assertEquals(stuck, balancer.lastTickNanos(), "no tick while the engine thread hangs in a tor call");
        hang.countDown();
        tor.hangNewnym = null;
        Thread.sleep(1500);
        assertTrue(balancer.lastTickNanos() > stuck, "ticks again");
    }

    @Test
    void commandsTorNeverAnswersWithAnEventMakeTheWatchdogResubscribeThenReconnect() throws Exception {
        start(1);
        balancer.awaitIdle();
        publishAll();
        int subscribed = tor.subscribes;
        // HSPOSTs went out and no HS_DESC came back: 3 minutes later the watchdog steps in.
        clock.advance(Duration.ofSeconds(181));
        balancer.tickAndWait();
        var w = balancer.snapshot().selfHeal().watchdog();
        assertEquals(TorCondition.EVENTS_SILENT, w.condition());
        assertEquals(Optional.of(HealStep.RESUBSCRIBE), w.lastStep());
        assertEquals(subscribed + 1, tor.subscribes, "SETEVENTS again");
        clock.advance(Duration.ofSeconds(61));
        balancer.tickAndWait();
        assertEquals(1, tor.reconnects);
        assertEquals(Optional.of(HealStep.RECONNECT), balancer.snapshot().selfHeal().watchdog().lastStep());
        // The reconnect brings events again.
        tor.emit(new TorEvent.Reconnected(new net.onionbalance.tor.ControlEndpoint.Tcp("127.0.0.1", 9051), Duration.ofMillis(5)));
        balancer.awaitIdle();
        balancer.tickAndWait();
        assertEquals(TorCondition.HEALTHY, balancer.snapshot().selfHeal().watchdog().condition());
    }
}
