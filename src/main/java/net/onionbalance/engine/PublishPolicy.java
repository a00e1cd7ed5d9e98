package net.onionbalance.engine;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.hsdesc.BuildOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When to (re)send one HSDir its descriptor of one slot: onionbalance 0.2.x's four triggers
 * (never published, intro set changed, responsible HSDir set changed, too old) plus an operator's
 * request, decided per HSDir because the HSDirs of one slot may hold different descriptors
 * ({@link HsDirAssignment}). Intro sets are compared as the sets of intro-point auth keys
 * actually chosen for that HSDir, so a change that does not alter its descriptor does not cause
 * an upload there.
 */
public final class PublishPolicy {
    private PublishPolicy() {}

    /**
     * What the HSDir should hold now.
     *
     * @param options the second layer's other lines (flow-control, single-onion-service, who may
     *                read it): a change there alone is a reason too, or a backend that turns on
     *                congestion control would reach clients only at the hourly republish
     */
    public record Target(TimePeriod timePeriod, Set<Ed25519PublicKey> introAuthKeys, BuildOptions options) {
        public Target(TimePeriod timePeriod, Set<Ed25519PublicKey> introAuthKeys) {
            this(timePeriod, introAuthKeys, BuildOptions.defaults());
        }
    }

    /** What the HSDir was last sent. */
    public record Published(TimePeriod timePeriod, Set<Ed25519PublicKey> introAuthKeys, BuildOptions options, Instant at) {
        public Published(TimePeriod timePeriod, Set<Ed25519PublicKey> introAuthKeys, Instant at) {
            this(timePeriod, introAuthKeys, BuildOptions.defaults(), at);
        }
    }

    /**
     * @param last                what this HSDir was last sent, if anything
     * @param slotPublishedBefore whether the slot was ever sent anywhere: an HSDir new to a slot
     *                            that was published means the responsible set changed
     */
    public static Optional<PublishReason> decide(Optional<Published> last, boolean slotPublishedBefore, Target target,
                                                 Instant now, Duration republishAfter, boolean forced) {
        if (forced) {
            return Optional.of(PublishReason.OPERATOR);
        }
        if (last.isEmpty()) {
            return Optional.of(slotPublishedBefore ? PublishReason.HSDIRS_CHANGED : PublishReason.NEVER_PUBLISHED);
        }
        Published p = last.get();
        if (p.timePeriod().number() != target.timePeriod().number()) {
            return Optional.of(PublishReason.TIME_PERIOD_CHANGED);
        }
        if (!p.introAuthKeys().equals(target.introAuthKeys())) {
            return Optional.of(PublishReason.INTRO_POINTS_CHANGED);
        }
        if (!p.options().equals(target.options())) {
            return Optional.of(PublishReason.CONTENT_CHANGED);
        }
        if (Duration.between(p.at(), now).compareTo(republishAfter) >= 0) {
            return Optional.of(PublishReason.REPUBLISH_DUE);
        }
        return Optional.empty();
    }
}
