package net.onionbalance.engine;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When to (re)publish one descriptor slot: onionbalance 0.2.x's four triggers (never published,
 * intro set changed, responsible HSDir set changed, too old) plus an operator's request.
 * Intro sets are compared as the sets of intro-point auth keys actually chosen, so a change that
 * does not alter the published descriptor does not cause an upload.
 */
public final class PublishPolicy {
    private PublishPolicy() {}

    /** What the slot would publish now. */
    public record Target(TimePeriod timePeriod, Set<RelayFingerprint> hsDirs, Set<Ed25519PublicKey> introAuthKeys) {}

    /** What the slot last published. */
    public record Published(TimePeriod timePeriod, Set<RelayFingerprint> hsDirs,
                            Set<Ed25519PublicKey> introAuthKeys, Instant at) {}

    public static Optional<PublishReason> decide(Optional<Published> last, Target target, Instant now,
                                                 Duration republishAfter, boolean forced) {
        if (forced) {
            return Optional.of(PublishReason.OPERATOR);
        }
        if (last.isEmpty()) {
            return Optional.of(PublishReason.NEVER_PUBLISHED);
        }
        Published p = last.get();
        if (p.timePeriod().number() != target.timePeriod().number()) {
            return Optional.of(PublishReason.TIME_PERIOD_CHANGED);
        }
        if (!p.introAuthKeys().equals(target.introAuthKeys())) {
            return Optional.of(PublishReason.INTRO_POINTS_CHANGED);
        }
        if (!p.hsDirs().equals(target.hsDirs())) {
            return Optional.of(PublishReason.HSDIRS_CHANGED);
        }
        if (Duration.between(p.at(), now).compareTo(republishAfter) >= 0) {
            return Optional.of(PublishReason.REPUBLISH_DUE);
        }
        return Optional.empty();
    }
}
