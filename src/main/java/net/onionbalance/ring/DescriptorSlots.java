package net.onionbalance.ring;

import net.onionbalance.crypto.SharedRandom;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.doc.consensus.SharedRandomValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which time period and which shared random value each descriptor slot uses under a consensus,
 * as tor computes them (hs_common.c, nodelist.c node_set_hsdir_index, hs_service.c):
 *
 * <pre>
 *                    between new TP and new SRV (12:00–00:00 UTC)   after new SRV (00:00–12:00 UTC)
 *   first  slot      previous TP, previous SRV                      current TP, previous SRV
 *   second slot      current TP,  current SRV                       next TP,    current SRV
 * </pre>
 *
 * Everything derives from the consensus {@code valid-after}, as in tor when it has a reasonably
 * live consensus: the voting interval is fresh-until − valid-after; the SRV protocol run is 24
 * voting intervals; the time-period rotation offset is 12 voting intervals (rend-spec-v3 §2.2.1).
 * A missing SRV is replaced by the disaster SRV of the slot's own time period.
 */
public final class DescriptorSlots {
    private static final int SRV_RUN_ROUNDS = 24; // SHARED_RANDOM_N_ROUNDS * SHARED_RANDOM_N_PHASES
    private static final int ROTATION_OFFSET_ROUNDS = 12; // SHARED_RANDOM_N_ROUNDS (phase duration)

    private final TorNetwork network;
    private final Duration votingInterval;
    private final long periodLengthMinutes;
    private final long rotationOffsetSeconds;
    private final Instant srvRunStart;
    private final boolean betweenNewTimePeriodAndNewSrv;
    private final TimePeriod current;
    private final SlotTiming first;
    private final SlotTiming second;

    private DescriptorSlots(MicrodescConsensus c, TorNetwork network) throws NetDocException {
        this.network = network;
        this.votingInterval = c.votingInterval();
        long vi = votingInterval.getSeconds();
        if (network == TorNetwork.TESTING) {
            // get_time_period_length: one SRV run, in whole minutes (tor divides by 60).
            this.periodLengthMinutes = SRV_RUN_ROUNDS * vi / 60;
            if (periodLengthMinutes < 1) {
                throw new NetDocException("microdesc consensus", 0, "fresh-until",
                        "a test network with a voting interval of " + vi + " s has time periods shorter than a"
                                + " minute, which tor cannot use; the voting interval must be at least 3 s");
            }
        } else {
            this.periodLengthMinutes = c.params().hsdirIntervalMinutes();
        }
        this.rotationOffsetSeconds = ROTATION_OFFSET_ROUNDS * vi;

        long va = c.validAfter().getEpochSecond();
        // sr_state_get_start_time_of_current_protocol_run, with the live consensus's valid-after.
        long srvStart = va - Math.floorMod(Math.floorDiv(va, vi), SRV_RUN_ROUNDS) * vi;
        this.srvRunStart = Instant.ofEpochSecond(srvStart);
        // hs_get_start_time_of_next_time_period(srv_start): uses the full offset in seconds.
        long nextTpStart = (periodNumberAt(srvStart) + 1) * periodLengthMinutes * 60 + rotationOffsetSeconds;
        this.betweenNewTimePeriodAndNewSrv = !(va >= srvStart && va < nextTpStart);

        this.current = periodAt(va);
        TimePeriod firstTp = betweenNewTimePeriodAndNewSrv ? current.previous() : current;
        TimePeriod secondTp = betweenNewTimePeriodAndNewSrv ? current : current.next();
        this.first = timing(DescriptorSlot.FIRST, firstTp, c.sharedRandPrevious(), SrvSource.CONSENSUS_PREVIOUS);
        this.second = timing(DescriptorSlot.SECOND, secondTp, c.sharedRandCurrent(), SrvSource.CONSENSUS_CURRENT);
    }

    /**
     * The slots under {@code consensus}. Throws when a test-network consensus has a voting
     * interval too short to give whole-minute time periods.
     */
    public static DescriptorSlots of(MicrodescConsensus consensus, TorNetwork network) throws NetDocException {
        return new DescriptorSlots(consensus, network);
    }

    private static SlotTiming timing(DescriptorSlot slot, TimePeriod tp, Optional<SharedRandomValue> srv, SrvSource source) {
        return srv.map(v -> new SlotTiming(slot, tp, source, v.value()))
                .orElseGet(() -> new SlotTiming(slot, tp, SrvSource.DISASTER, SharedRandom.disasterSrv(tp)));
    }

    /** hs_get_time_period_num: whole minutes since the epoch, less the offset in whole minutes. */
    private long periodNumberAt(long epochSecond) {
        long minutes = Math.floorDiv(epochSecond, 60) - rotationOffsetSeconds / 60;
        return Math.floorDiv(minutes, periodLengthMinutes);
    }

    private TimePeriod periodAt(long epochSecond) {
        return new TimePeriod(periodNumberAt(epochSecond), Duration.ofMinutes(periodLengthMinutes),
                Duration.ofSeconds(rotationOffsetSeconds));
    }

    public SlotTiming first() {
        return first;
    }

    public SlotTiming second() {
        return second;
    }

    public SlotTiming get(DescriptorSlot slot) {
        return slot == DescriptorSlot.FIRST ? first : second;
    }

    /** The time period containing the consensus valid-after (what clients fetch for). */
    public TimePeriod currentTimePeriod() {
        return current;
    }

    /** True between the start of a new time period and the next SRV (12:00–00:00 UTC on the public network). */
    public boolean betweenNewTimePeriodAndNewSrv() {
        return betweenNewTimePeriodAndNewSrv;
    }

    /** Start of the current SRV protocol run (00:00 UTC on the public network). */
    public Instant srvRunStart() {
        return srvRunStart;
    }

    public Duration votingInterval() {
        return votingInterval;
    }

    public TorNetwork network() {
        return network;
    }

    @Override
    public String toString() {
        return first + "; " + second;
    }
}
