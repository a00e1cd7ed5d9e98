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
    private final Instant validAfter;
    private final Instant freshUntil;
    private final Instant validUntil;
    private final SharedRandomValue sharedRandCurrent;
    private final SharedRandomValue sharedRandPrevious;
    private final NetworkParameters params;
    private final List<RouterStatus> routers;
    private final int routerCount;

    MicrodescConsensus(Instant validAfter, Instant freshUntil, Instant validUntil,
                       SharedRandomValue sharedRandCurrent, SharedRandomValue sharedRandPrevious,
                       NetworkParameters params, List<RouterStatus> routers, int routerCount) {
        this.validAfter = validAfter;
        this.freshUntil = freshUntil;
        this.validUntil = validUntil;
        this.sharedRandCurrent = sharedRandCurrent;
        this.sharedRandPrevious = sharedRandPrevious;
        this.params = params;
        this.routers = List.copyOf(routers);
        this.routerCount = routerCount;
    }

    /** Parses the document text (ASCII bytes as tor writes them, LF or CRLF line ends). */
    public static MicrodescConsensus parse(byte[] text) throws NetDocException {
        return MicrodescConsensusParser.parse(text, false);
    }

    /**
     * As {@link #parse(byte[])}, every line checked, but keeping only the router entries with the
     * HSDir flag: all that the ring and the engine look at (2,493 of 6,088 entries in the 2022
     * consensus), so that a consensus of today's size makes ~3,600 entries fewer for the collector.
     */
    public static MicrodescConsensus parseForRing(byte[] text) throws NetDocException {
        return MicrodescConsensusParser.parse(text, true);
    }

    /** {@link #parseForRing(byte[])} of the text's ISO-8859-1 bytes. */
    public static MicrodescConsensus parseForRing(String text) throws NetDocException {
        return parseForRing(text.getBytes(StandardCharsets.ISO_8859_1));
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

    /**
     * The router entries, in consensus order (by identity): all of them, or after
     * {@link #parseForRing} those with the HSDir flag.
     */
    public List<RouterStatus> routers() {
        return routers;
    }

    /** How many router entries the document has, kept or not. */
    public int routerCount() {
        return routerCount;
    }

    /** Its valid-after, fresh-until and valid-until: what to keep of it when the routers are no longer needed. */
    public ConsensusLifetime lifetime() {
        return new ConsensusLifetime(validAfter, freshUntil, validUntil);
    }

    /** Whether tor would still use this consensus at {@code now} ({@link ConsensusLifetime#isReasonablyLive}). */
    public boolean isReasonablyLive(Instant now) {
        return lifetime().isReasonablyLive(now);
    }

    @Override
    public String toString() {
        return "microdesc consensus valid-after " + validAfter + ", " + routerCount + " routers";
    }
}
