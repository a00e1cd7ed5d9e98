package net.onionbalance.doc.consensus;

import java.time.Duration;
import java.time.Instant;

/**
 * When a consensus may be used (dir-spec §3.4.1 valid-after, fresh-until, valid-until): what a
 * network view keeps of its consensus once the rings are built, instead of every router entry.
 */
public record ConsensusLifetime(Instant validAfter, Instant freshUntil, Instant validUntil) {
    /** tor's REASONABLY_LIVE_TIME (networkstatus.c): a consensus stays usable 24 h either side. */
    public static final Duration REASONABLY_LIVE_TIME = Duration.ofHours(24);

    /**
     * Whether tor would still use this consensus at {@code now}: from 24 h before valid-after to
     * 24 h after valid-until (networkstatus_consensus_reasonably_live). Outside that, tor computes
     * no HSDir indexes at all and publishes nothing.
     */
    public boolean isReasonablyLive(Instant now) {
        return !now.isBefore(validAfter.minus(REASONABLY_LIVE_TIME)) && !now.isAfter(validUntil.plus(REASONABLY_LIVE_TIME));
    }
}
