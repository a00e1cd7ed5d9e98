package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.ConsensusLifetime;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.engine.snapshot.NetworkStatus;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.ControlReplyException;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.DescriptorSlots;
import net.onionbalance.ring.EligibleHsDirs;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.TorNetwork;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** The engine's reading of one consensus: the ring's view plus what publishing needs of it. */
final class NetworkState {
    private static final Logger LOG = Logger.getLogger(NetworkState.class.getName());
    /** An SRV protocol run is 24 voting intervals (rend-spec-v3 §2.3 / srv-spec). */
    private static final int ROUNDS_PER_SRV_RUN = 24;

    final NetworkView view;
    /** The relays of this consensus's HSDir rings, built at the first question. */
    private Set<RelayFingerprint> ringRelays;

    private NetworkState(NetworkView view) {
        this.view = view;
    }

    /**
     * Whether {@code relay} is on this consensus's HSDir ring: the only relays an HSFETCH or
     * HSPOST may name with {@code SERVER=} (tor before 0.4.9.12 can assert on a relay missing from
     * its consensus, tor bug 41367; and an HSDir that left the ring is not responsible any more).
     */
    boolean onRing(RelayFingerprint relay) {
        if (ringRelays == null) {
            ringRelays = view.hsDirs().relays().stream().map(HsDir::fingerprint).collect(Collectors.toSet());
        }
        return ringRelays.contains(relay);
    }

    /**
     * Reads tor's current consensus and the microdescriptors of the relays that can be on the
     * HSDir ring ({@code GETINFO md/id/...} for the HSDir-flagged ones: a third of the text of
     * {@code md/all}, and joined by relay, so no microdescriptor is hashed). A tor that refuses
     * md/id for another reason than a missing key gets asked for {@code md/all}. {@code earlier} (may
     * be null) is the state of the consensus before: its rings lend the new ones their hsdir_index
     * values where the time period and SRV are the same ({@link NetworkView#of(MicrodescConsensus,
     * Microdescriptors, TorNetwork, NetworkView)}).
     */
    static NetworkState fetch(TorGateway tor, boolean testNetwork, NetworkState earlier)
            throws ControlException, NetDocException {
        MicrodescConsensus consensus = consensus(tor);
        Microdescriptors mds;
        try {
            mds = Microdescriptors.ofRelays(tor.microdescriptors(EligibleHsDirs.candidates(consensus)));
        } catch (ControlReplyException e) {
            LOG.fine(() -> "GETINFO md/id refused (" + e.getMessage() + "); asking for md/all");
            mds = allMicrodescriptors(tor);
        }
        return new NetworkState(NetworkView.of(consensus, mds, network(testNetwork), earlier == null ? null : earlier.view));
    }

    // One method per document, so that tor's text is garbage as soon as it is parsed.
    private static MicrodescConsensus consensus(TorGateway tor) throws ControlException, NetDocException {
        return MicrodescConsensus.parseForRing(tor.microdescConsensus());
    }

    private static Microdescriptors allMicrodescriptors(TorGateway tor) throws ControlException, NetDocException {
        return Microdescriptors.parse(tor.microdescriptors());
    }

    private static TorNetwork network(boolean testNetwork) {
        return testNetwork ? TorNetwork.TESTING : TorNetwork.PUBLIC;
    }

    boolean reasonablyLive(Instant now) {
        return view.isReasonablyLive(now);
    }

    /**
     * The start of the SRV run whose time the revision counter encrypts (rend-spec-v3 F.2), as
     * onionbalance 0.2.x takes it: the previous run for the first descriptor, the current run
     * for the second. Matching it lets Java and Python balancers share a service.
     */
    Instant srvRunStart(DescriptorSlot slot) {
        DescriptorSlots s = view.slots();
        Duration run = s.votingInterval().multipliedBy(ROUNDS_PER_SRV_RUN);
        return slot == DescriptorSlot.FIRST ? s.srvRunStart().minus(run) : s.srvRunStart();
    }

    /**
     * Periods a backend descriptor fetched now may be for: a client fetches for its current
     * period, and a backend may already serve the next one near a rollover.
     */
    List<TimePeriod> acceptableBackendPeriods() {
        Set<TimePeriod> out = new LinkedHashSet<>();
        TimePeriod current = view.slots().currentTimePeriod();
        out.add(current);
        out.add(current.previous());
        out.add(current.next());
        for (DescriptorSlot s : DescriptorSlot.values()) {
            out.add(view.slots().get(s).timePeriod());
        }
        return List.copyOf(out);
    }

    /** The HSDirs that hold {@code address}'s descriptor for the current time period. */
    List<RelayFingerprint> currentHsDirs(OnionAddress address) {
        TimePeriod current = view.slots().currentTimePeriod();
        for (DescriptorSlot s : DescriptorSlot.values()) {
            if (view.slots().get(s).timePeriod().equals(current)) {
                return view.responsibleHsDirs(s, address).uploadTargets();
            }
        }
        return List.of();
    }

    NetworkStatus status(Instant now) {
        ConsensusLifetime c = view.lifetime();
        return new NetworkStatus(c.validAfter(), c.validUntil(), c.isReasonablyLive(now), view.hsDirs().size());
    }
}
