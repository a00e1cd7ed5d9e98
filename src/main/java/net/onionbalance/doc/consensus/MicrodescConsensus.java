package net.onionbalance.doc.consensus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A microdesc-flavoured consensus (dir-spec §3.4.1, {@code network-status-version 3 microdesc}):
 * the fields the onion-service hash ring needs. Signatures are not checked here: the document
 * comes from the local tor (GETINFO or its cached file), which verified it.
 */
public final class MicrodescConsensus {
    /** tor's REASONABLY_LIVE_TIME (networkstatus.c): a consensus stays usable 24 h either side. */
    public static final Duration REASONABLY_LIVE_TIME = Duration.ofHours(24);

    private final Instant validAfter;
    private final Instant freshUntil;
    private final Instant validUntil;
    private final SharedRandomValue sharedRandCurrent;
    private final SharedRandomValue sharedRandPrevious;
    private final NetworkParameters params;
    private final List<RouterStatus> routers;

    MicrodescConsensus(Instant validAfter, Instant freshUntil, Instant validUntil,
                       SharedRandomValue sharedRandCurrent, SharedRandomValue sharedRandPrevious,
                       NetworkParameters params, List<RouterStatus> routers) {
        this.validAfter = validAfter;
        this.freshUntil = freshUntil;
        this.validUntil = validUntil;
        this.sharedRandCurrent = sharedRandCurrent;
        this.sharedRandPrevious = sharedRandPrevious;
        this.params = params;
        this.routers = List.copyOf(routers);
    }

    /** Parses the document text (ASCII bytes as tor writes them, LF or CRLF line ends). */
    public static MicrodescConsensus parse(byte[] text) throws NetDocException {
        return MicrodescConsensusParser.parse(text);
    }

    public static MicrodescConsensus parse(String text) throws NetDocException {
        return parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Instant validAfter() {
        return validAfter;
    }

    public Instant freshUntil() {
        return freshUntil;
    }

    public Instant validUntil() {
        return validUntil;
    }

    /**
     * The voting interval, as tor derives it from a live consensus: fresh-until − valid-after
     * (shared_random_client.c get_voting_interval). One hour on the public network.
     */
    public Duration votingInterval() {
        return Duration.between(validAfter, freshUntil);
    }

    public Optional<SharedRandomValue> sharedRandCurrent() {
        return Optional.ofNullable(sharedRandCurrent);
    }

    public Optional<SharedRandomValue> sharedRandPrevious() {
        return Optional.ofNullable(sharedRandPrevious);
    }

    public NetworkParameters params() {
        return params;
    }

    /** The router entries, in consensus order (by identity). */
    public List<RouterStatus> routers() {
        return routers;
    }

    /**
     * Whether tor would still use this consensus at {@code now}: from 24 h before valid-after to
     * 24 h after valid-until (networkstatus_consensus_reasonably_live). Outside that, tor computes
     * no HSDir indexes at all and publishes nothing.
     */
    public boolean isReasonablyLive(Instant now) {
        return !now.isBefore(validAfter.minus(REASONABLY_LIVE_TIME)) && !now.isAfter(validUntil.plus(REASONABLY_LIVE_TIME));
    }

    @Override
    public String toString() {
        return "microdesc consensus valid-after " + validAfter + ", " + routers.size() + " routers";
    }
}
