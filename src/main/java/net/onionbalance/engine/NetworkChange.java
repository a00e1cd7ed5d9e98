package net.onionbalance.engine;

import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.DescriptorSlots;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a new consensus changed for the backends' descriptors: a new time period (every backend
 * publishes for it under a new blinded key, rend-spec-v3 §2.2.1) or a new shared random value
 * (the HSDirs that hold them move on the ring, §2.2.3). Either calls for fetching every backend
 * at once instead of at the next round.
 */
final class NetworkChange {
    private NetworkChange() {}

    static Optional<RefetchReason> between(DescriptorSlots before, DescriptorSlots after) {
        if (!before.currentTimePeriod().equals(after.currentTimePeriod())) {
            return Optional.of(RefetchReason.TIME_PERIOD_CHANGED);
        }
        for (DescriptorSlot s : DescriptorSlot.values()) {
            if (!Arrays.equals(before.get(s).srv(), after.get(s).srv())) {
                return Optional.of(RefetchReason.SRV_CHANGED);
            }
        }
        return Optional.empty();
    }
}
