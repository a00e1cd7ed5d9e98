package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.SyntheticNetwork;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The consensus parameter HSV3MaxDescriptorSize bounds what HSDirs store (param-spec: default
 * 50,000, range 1..INT32_MAX): read from the consensus, honoured by the builder, and the number of
 * intro points that fit under it measured exactly.
 */
class DescriptorSizeLimitTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");
    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void theConsensusParameterIsReadClampedAsTorClampsItAndDefaultsTo50000() throws Exception {
        assertEquals(50_000, MicrodescConsensus.parse(new SyntheticNetwork().hsDir(1).consensus()).params().hsv3MaxDescriptorSize());
        assertEquals(30_000, MicrodescConsensus.parse(new SyntheticNetwork().params("HSV3MaxDescriptorSize=30000 hsdir_spread_store=4")
                .hsDir(1).consensus()).params().hsv3MaxDescriptorSize());
        assertEquals(1, MicrodescConsensus.parse(new SyntheticNetwork().params("HSV3MaxDescriptorSize=0").hsDir(1).consensus())
                .params().hsv3MaxDescriptorSize(), "below param-spec's minimum of 1: clamped");
    }

    @Test
    void atTheDefaultLimitAllTwentyIntroPointsFit() {
        List<IntroPoint> intros = RandomIntroPoints.generate(20, RNG, NOW.plus(Duration.ofDays(2)));
        assertEquals(20, MasterDescriptorBuilder.introPointsThatFit(intros, BuildOptions.defaults(), NOW, RNG));
    }

    /** Under a lower limit the measured count is exact: that many build (with a real key), one more is refused. */
    @Test
    void underALowerLimitTheMeasuredCountBuildsAndOneMoreIsRefusedNamingTheLimit() throws Exception {
        List<IntroPoint> intros = RandomIntroPoints.generate(20, RNG, NOW.plus(Duration.ofDays(2)));
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(RNG);
        TimePeriod tp = TimePeriod.containing(NOW);
        List<String> figures = new ArrayList<>();
        for (int limit : new int[] {40_000, 30_000, 20_000, 14_000, 10_000}) {
            BuildOptions options = BuildOptions.defaults().withMaxDescriptorBytes(limit);
            int fit = MasterDescriptorBuilder.introPointsThatFit(intros, options, NOW, RNG);
            figures.add(limit + " bytes: " + fit);
            if (fit > 0) {
                BuiltDescriptor b = MasterDescriptorBuilder.build(master, tp, RNG.nextLong(), intros.subList(0, fit), options, NOW, RNG);
                assertTrue(b.sizeBytes() <= limit, b.sizeBytes() + " > " + limit);
                assertEquals(fit, DescriptorVerifier.verify(b.text(), OnionAddress.of(master.publicKey()), List.of(tp), NOW)
                        .introPoints().size());
            }
            if (fit < intros.size()) {
                DescriptorTooLargeException e = assertThrows(DescriptorTooLargeException.class, () -> MasterDescriptorBuilder
                        .build(master, tp, -1L, intros.subList(0, fit + 1), options, NOW, RNG));
                assertTrue(e.getMessage().contains("over " + limit + " bytes (HSV3MaxDescriptorSize)"), e.getMessage());
            }
        }
        System.out.println("intro points that fit per HSV3MaxDescriptorSize: " + String.join(", ", figures));
        assertEquals(0, MasterDescriptorBuilder.introPointsThatFit(intros, BuildOptions.defaults().withMaxDescriptorBytes(1), NOW, RNG));
    }

    @Test
    void restrictedDescriptorsAreMeasuredWithTheirAuthClientLines() {
        List<IntroPoint> intros = RandomIntroPoints.generate(20, RNG, NOW.plus(Duration.ofDays(2)));
        List<net.onionbalance.crypto.X25519PublicKey> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(X25519PrivateKey.generate(RNG).publicKey());
        }
        BuildOptions open = BuildOptions.defaults().withMaxDescriptorBytes(30_000);
        BuildOptions restricted = open.withClientAuthorization(new ClientAuthorization.Restricted(clients));
        assertTrue(MasterDescriptorBuilder.introPointsThatFit(intros, restricted, NOW, RNG)
                < MasterDescriptorBuilder.introPointsThatFit(intros, open, NOW, RNG), "208 auth-client lines take room");
    }
}
