package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeptRevisionCounters;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.RevisionCounter;
import net.onionbalance.crypto.TimePeriod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The balancer's per-publish work on descriptors, on the same inputs as scripts/bench-python.py
 * gives the Python onionbalance:
 * <ul>
 *   <li>build: the revision counter (rend-spec-v3 F.2, onionbalance's scheme) and a signed,
 *       twice-encrypted master descriptor with 20 intro points: the 4 of stem's real test
 *       descriptor, five times. For the first slot the counter runs from the previous SRV run's
 *       start (36 h of seconds at 12:00 UTC), for the second from the current one's (12 h).
 *       These are the first builds of the run (no kept revision counter, a fresh descriptor signing
 *       key, every intro point certified anew: cold); {@code buildFirstSlotAgain} is a rebuild a
 *       minute after the last one with the counter continued, still with a fresh signing key.
 *       {@code buildFirstSlotWarm} is what the balancer mostly does: the same slot rebuilt a minute
 *       later with the same intro points, the slot's signing key and certificates kept
 *       ({@link DescriptorSigningKey}); {@code buildSixDistinctWarm} one round of 6 distinct
 *       descriptors of one slot (20 of 60 intro points each, every one in 2 of them), warm.</li>
 *   <li>verify: full verification of stem's real backend descriptor (asn's test service,
 *       4 intro points) for its address, as the engine does for every fetched descriptor.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DescriptorBenchmark {
    /** 12:00 UTC, so the first slot's SRV run began 36 h ago and the second's 12 h ago (spec F.2). */
    static final Instant NOW = Instant.parse("2017-08-13T12:00:00Z");
    static final Instant FIRST_SRV_RUN_START = NOW.minusSeconds(36 * 3600);
    static final Instant SECOND_SRV_RUN_START = NOW.minusSeconds(12 * 3600);
    static final String BACKEND_ADDRESS = "sltib6sxkuxh2scmtuvd5w2g7pahnzkovefxpo4e4ptnkzl5kkq5h2ad.onion";

    private String backendText;
    private OnionAddress backendAddress;
    private List<TimePeriod> acceptable;
    private IdentityKey master;
    private TimePeriod firstPeriod;
    private TimePeriod secondPeriod;
    private List<IntroPoint> introPoints;
    private SecureRandom rng;
    /** The slot's kept signing key for the warm rows (memory only, as in the engine's SlotState). */
    private DescriptorSigningKey keptFirstSlot;
    private DescriptorSigningKey keptSixDistinct;
    private List<List<IntroPoint>> sixDistinct;
    /** A backend of ours: its second descriptor of the period, and its first one, verified. */
    private OnionAddress republishingAddress;
    private String republishedText;
    private VerifiedDescriptor firstOfPeriod;

    @Setup
    public void setUp() throws Exception {
        Path hsdesc = Path.of(System.getProperty("vectors", "../shared/vectors")).resolve("hsdesc");
        backendText = Files.readString(hsdesc.resolve("stem_hidden_service_v3.txt"), StandardCharsets.US_ASCII);
        backendAddress = OnionAddress.parse(BACKEND_ADDRESS);
        TimePeriod tp = TimePeriod.containing(NOW);
        // In the engine's order (NetworkState.acceptableBackendPeriods): the current period first.
        acceptable = List.of(tp, tp.previous(), tp.next());
        VerifiedDescriptor backend = DescriptorVerifier.verify(backendText, backendAddress, acceptable, NOW);
        introPoints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            introPoints.addAll(backend.introPoints());
        }
        master = IdentityKey.fromSeed(MessageDigest.getInstance("SHA-256")
                .digest("onionbalance bench master".getBytes(StandardCharsets.US_ASCII)));
        firstPeriod = tp;
        secondPeriod = tp.next();
        rng = new SecureRandom();
        keptFirstSlot = new DescriptorSigningKey();
        keptSixDistinct = new DescriptorSigningKey();
        // 30 backends x 2 intro points; descriptor d holds intro points 10d .. 10d + 19 (mod 60).
        List<IntroPoint> sixty = RandomIntroPoints.generate(60, rng, NOW.plusSeconds(50 * 3600));
        sixDistinct = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            List<IntroPoint> one = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                one.add(sixty.get((10 * d + i) % 60));
            }
            sixDistinct.add(List.copyOf(one));
        }
        IdentityKey republishing = IdentityKey.fromSeed(MessageDigest.getInstance("SHA-256")
                .digest("onionbalance bench backend".getBytes(StandardCharsets.US_ASCII)));
        republishingAddress = OnionAddress.of(republishing.publicKey());
        List<IntroPoint> four = backend.introPoints();
        firstOfPeriod = DescriptorVerifier.verify(MasterDescriptorBuilder.build(republishing, tp, 100, four, NOW, rng).text(),
                republishingAddress, acceptable, NOW);
        republishedText = MasterDescriptorBuilder.build(republishing, tp, 200, four, NOW, rng).text();
    }

    private Instant later = NOW;

    @Benchmark
    public BuiltDescriptor buildFirstSlot() throws Exception {
        KeptRevisionCounters.forget();
        long revision = RevisionCounter.compute(master.opeSecret(), FIRST_SRV_RUN_START, NOW);
        return MasterDescriptorBuilder.build(master, firstPeriod, revision, introPoints, NOW, rng);
    }

    @Benchmark
    public BuiltDescriptor buildSecondSlot() throws Exception {
        KeptRevisionCounters.forget();
        long revision = RevisionCounter.compute(master.opeSecret(), SECOND_SRV_RUN_START, NOW);
        return MasterDescriptorBuilder.build(master, secondPeriod, revision, introPoints, NOW, rng);
    }

    /** The first slot rebuilt 60 s after the previous build in the same SRV run (its counter continued). */
    @Benchmark
    public BuiltDescriptor buildFirstSlotAgain() throws Exception {
        later = later.plusSeconds(60);
        if (later.isAfter(NOW.plusSeconds(12 * 3600))) {
            later = NOW; // stays in the run; one sum from scratch per 720 builds
            KeptRevisionCounters.forget();
        }
        long revision = RevisionCounter.compute(master.opeSecret(), FIRST_SRV_RUN_START, later);
        return MasterDescriptorBuilder.build(master, firstPeriod, revision, introPoints, later, rng);
    }

    private Instant warmLater = NOW;

    /**
     * The same slot rebuilt 60 s after its last build with the same intro points: the counter
     * continued, the slot's signing key, its certificate and the 40 intro certificates kept;
     * new per build are the two layers' encryption and the outer signature.
     */
    @Benchmark
    public BuiltDescriptor buildFirstSlotWarm() throws Exception {
        warmLater = warmLater.plusSeconds(60);
        if (warmLater.isAfter(NOW.plusSeconds(12 * 3600))) {
            warmLater = NOW; // as buildFirstSlotAgain; the kept certificates (NOW + 55 h) stay well clear of renewal
            KeptRevisionCounters.forget();
        }
        long revision = RevisionCounter.compute(master.opeSecret(), FIRST_SRV_RUN_START, warmLater);
        return MasterDescriptorBuilder.build(master, firstPeriod, revision, introPoints, BuildOptions.defaults(),
                warmLater, rng, keptFirstSlot);
    }

    private Instant sixLater = NOW;

    /** One publish round of 6 distinct descriptors of the first slot, a minute after the last, warm. */
    @Benchmark
    public int buildSixDistinctWarm() throws Exception {
        sixLater = sixLater.plusSeconds(60);
        if (sixLater.isAfter(NOW.plusSeconds(12 * 3600))) {
            sixLater = NOW;
            KeptRevisionCounters.forget();
        }
        long revision = RevisionCounter.compute(master.opeSecret(), FIRST_SRV_RUN_START, sixLater);
        int bytes = 0;
        for (List<IntroPoint> one : sixDistinct) {
            bytes += MasterDescriptorBuilder.build(master, firstPeriod, revision, one, BuildOptions.defaults(),
                    sixLater, rng, keptSixDistinct).sizeBytes();
        }
        return bytes;
    }

    /** The build alone, for finding where the time goes (not in the table). */
    @Benchmark
    public BuiltDescriptor buildOnly() throws Exception {
        return MasterDescriptorBuilder.build(master, firstPeriod, 1234, introPoints, NOW, rng);
    }

    /** The first slot's revision counter alone (not in the table). */
    @Benchmark
    public long revisionCounterFirstSlot() {
        KeptRevisionCounters.forget();
        return RevisionCounter.compute(master.opeSecret(), FIRST_SRV_RUN_START, NOW);
    }

    @Benchmark
    public VerifiedDescriptor verifyBackend() throws Exception {
        return DescriptorVerifier.verify(backendText, backendAddress, acceptable, NOW);
    }

    /**
     * A backend's next descriptor in the same period (a new signing key, 4 intro points) verified
     * with its last one at hand, as the engine does when a backend republishes: a full
     * verification but for the blinding, whose period the last one gives.
     */
    @Benchmark
    public VerifiedDescriptor verifyBackendRepublished() throws Exception {
        return DescriptorVerifier.verifyRefetched(republishedText, republishingAddress, acceptable, NOW,
                java.util.Optional.of(firstOfPeriod));
    }
}
