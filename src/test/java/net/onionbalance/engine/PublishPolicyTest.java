package net.onionbalance.engine;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.TimePeriod;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each reason the policy can give for re-sending an HSDir its descriptor, and the quiet case. */
class PublishPolicyTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration REPUBLISH = Duration.ofHours(1);
    private final TimePeriod period = TimePeriod.containing(NOW);
    private final Set<Ed25519PublicKey> keys = Set.of(key(), key());

    private static Ed25519PublicKey key() {
        return IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8).secretKey().publicKey();
    }

    private Optional<PublishReason> decide(Optional<PublishPolicy.Published> last, boolean before,
                                           PublishPolicy.Target target, Instant now, boolean forced) {
        return PublishPolicy.decide(last, before, target, now, REPUBLISH, forced);
    }

    private final PublishPolicy.Target target = new PublishPolicy.Target(period, keys);
    private final Optional<PublishPolicy.Published> sent = Optional.of(new PublishPolicy.Published(period, keys, NOW));

    @Test
    void nothingSentAnywhereYet() {
        assertEquals(Optional.of(PublishReason.NEVER_PUBLISHED), decide(Optional.empty(), false, target, NOW, false));
    }

    @Test
    void anHsDirNewToASlotThatWasPublishedMeansTheRingChanged() {
        assertEquals(Optional.of(PublishReason.HSDIRS_CHANGED), decide(Optional.empty(), true, target, NOW, false));
    }

    @Test
    void aNewTimePeriod() {
        var next = new PublishPolicy.Target(period.next(), keys);
        assertEquals(Optional.of(PublishReason.TIME_PERIOD_CHANGED), decide(sent, true, next, NOW, false));
    }

    @Test
    void otherIntroPointsForThisHsDir() {
        var other = new PublishPolicy.Target(period, Set.of(key()));
        assertEquals(Optional.of(PublishReason.INTRO_POINTS_CHANGED), decide(sent, true, other, NOW, false));
    }

    @Test
    void tooOld() {
        assertEquals(Optional.empty(), decide(sent, true, target, NOW.plus(REPUBLISH).minusSeconds(1), false));
        assertEquals(Optional.of(PublishReason.REPUBLISH_DUE), decide(sent, true, target, NOW.plus(REPUBLISH), false));
    }

    @Test
    void theOperatorWinsOverEverything() {
        assertEquals(Optional.of(PublishReason.OPERATOR), decide(sent, true, target, NOW, true));
        assertEquals(Optional.of(PublishReason.OPERATOR), decide(Optional.empty(), false, target, NOW, true));
    }

    @Test
    void theSameDescriptorRecentlySentIsNotSentAgain() {
        assertEquals(Optional.empty(), decide(sent, true, target, NOW.plusSeconds(60), false));
    }

    @Test
    void otherSecondLayerLinesWithTheSameIntroPointsAreAReasonToo() {
        var flow = net.onionbalance.doc.hsdesc.BuildOptions.defaults().withFlowControl(Optional.of(
                new net.onionbalance.doc.hsdesc.FlowControl(new java.util.TreeSet<>(java.util.List.of(1, 2)), 31)));
        var withFlow = new PublishPolicy.Target(period, keys, flow);
        assertEquals(Optional.of(PublishReason.CONTENT_CHANGED),
                PublishPolicy.decide(sent, true, withFlow, NOW.plusSeconds(1), Duration.ofHours(1), false));
        var sentWithFlow = Optional.of(new PublishPolicy.Published(period, keys, flow, NOW));
        assertEquals(Optional.empty(), PublishPolicy.decide(sentWithFlow, true, withFlow, NOW.plusSeconds(1), Duration.ofHours(1), false));
    }
}
