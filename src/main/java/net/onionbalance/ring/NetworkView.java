package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.ConsensusLifetime;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;

import java.time.Instant;

/**
 * Everything the balancer needs from one consensus: the descriptor slots' timing and one HSDir
 * ring per slot. Immutable; build a new one when a consensus arrives, then ask it for any number
 * of services.
 */
public final class NetworkView {
    /** Not the consensus: its router entries (~1.3 MB on today's network) are done with once the rings exist. */
    private final ConsensusLifetime lifetime;
    private final DescriptorSlots slots;
    private final EligibleHsDirs hsDirs;
    private final HsDirParams params;
    /** HSV3MaxDescriptorSize: HSDirs refuse larger descriptors. */
    private final int maxDescriptorBytes;
    private final HsDirRing firstRing;
    private final HsDirRing secondRing;

    private NetworkView(MicrodescConsensus consensus, DescriptorSlots slots, EligibleHsDirs hsDirs, HsDirParams params,
                        NetworkView earlier) {
        this.lifetime = consensus.lifetime();
        this.slots = slots;
        this.hsDirs = hsDirs;
        this.params = params;
        this.maxDescriptorBytes = consensus.params().hsv3MaxDescriptorSize();
        this.firstRing = HsDirRing.build(hsDirs, slots.first(), params, earlierRing(earlier, slots.first()));
        this.secondRing = HsDirRing.build(hsDirs, slots.second(), params, earlierRing(earlier, slots.second()));
    }

    public static NetworkView of(MicrodescConsensus consensus, Microdescriptors microdescs, TorNetwork network)
            throws NetDocException {
        return of(consensus, microdescs, network, null);
    }

    /**
     * As {@link #of(MicrodescConsensus, Microdescriptors, TorNetwork)} for the consensus after the
     * one {@code earlier} (may be null) was built from: a ring for the same time period and SRV as
     * one of {@code earlier}'s (an hour later; or the next period's ring, which becomes the first
     * slot's at the rotation) takes the hsdir_index of the relays the two share from it.
     */
    public static NetworkView of(MicrodescConsensus consensus, Microdescriptors microdescs, TorNetwork network,
                                 NetworkView earlier) throws NetDocException {
        return new NetworkView(consensus, DescriptorSlots.of(consensus, network), EligibleHsDirs.of(consensus, microdescs),
                HsDirParams.of(consensus.params()), earlier);
    }

    /** The ring of {@code earlier} for the same time period and SRV as {@code timing}, or null. */
    private static HsDirRing earlierRing(NetworkView earlier, SlotTiming timing) {
        if (earlier == null) {
            return null;
        }
        for (HsDirRing r : new HsDirRing[] {earlier.firstRing, earlier.secondRing}) {
            if (r.timePeriod().equals(timing.timePeriod()) && r.hasSrv(timing.srv())) {
                return r;
            }
        }
        return null;
    }

    /**
     * The consensus parameter {@code HSV3MaxDescriptorSize} (default 50,000 bytes): the largest
     * descriptor the HSDirs store, so the largest one worth building.
     */
    public int maxDescriptorBytes() {
        return maxDescriptorBytes;
    }

    /** When the consensus this view was built from may be used. */
    public ConsensusLifetime lifetime() {
        return lifetime;
    }

    public DescriptorSlots slots() {
        return slots;
    }

    public EligibleHsDirs hsDirs() {
        return hsDirs;
    }

    public HsDirParams params() {
        return params;
    }

    public HsDirRing ring(DescriptorSlot slot) {
        return slot == DescriptorSlot.FIRST ? firstRing : secondRing;
    }

    /**
     * The HSDirs for the {@code slot} descriptor whose blinded key (for that slot's time period,
     * {@code slots().get(slot).timePeriod()}) is {@code blindedKey}.
     */
    public ResponsibleHsDirs responsibleHsDirs(DescriptorSlot slot, Ed25519PublicKey blindedKey) {
        return ring(slot).responsibleFor(blindedKey);
    }

    /** The blinded key of {@code address} for the time period of {@code slot} (rend-spec-v3 A.2). */
    public Ed25519PublicKey blindedKey(DescriptorSlot slot, OnionAddress address) {
        return KeyBlinding.blindPublicKey(address.publicKey(), slots.get(slot).timePeriod());
    }

    /** The HSDirs for the {@code slot} descriptor of {@code address}: blinds, then looks up. */
    public ResponsibleHsDirs responsibleHsDirs(DescriptorSlot slot, OnionAddress address) {
        return responsibleHsDirs(slot, blindedKey(slot, address));
    }

    /** Whether tor would still use this consensus at {@code now} (up to 24 h past valid-until). */
    public boolean isReasonablyLive(Instant now) {
        return lifetime.isReasonablyLive(now);
    }
}
