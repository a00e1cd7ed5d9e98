package net.onionbalance.ring;

import net.onionbalance.crypto.TimePeriod;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The time period and shared random value one descriptor slot uses: the period decides the
 * blinded key and the hs_index, the SRV (with the period) the relays' hsdir_index.
 */
public record SlotTiming(DescriptorSlot slot, TimePeriod timePeriod, SrvSource srvSource, byte[] srv) {
    public SlotTiming {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(timePeriod, "timePeriod");
        Objects.requireNonNull(srvSource, "srvSource");
        if (srv == null || srv.length != 32) {
            throw new IllegalArgumentException("shared random value must be 32 bytes");
        }
        srv = srv.clone();
    }

    @Override
    public byte[] srv() {
        return srv.clone();
    }

    /** The SRV in base64, as the consensus prints it. */
    public String srvBase64() {
        return Base64.getEncoder().encodeToString(srv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotTiming s && s.slot == slot && s.timePeriod.equals(timePeriod)
                && s.srvSource == srvSource && Arrays.equals(s.srv, srv);
    }

    @Override
    public int hashCode() {
        return Objects.hash(slot, timePeriod, srvSource, Arrays.hashCode(srv));
    }

    @Override
    public String toString() {
        return slot.label() + " descriptor: " + timePeriod + ", SRV " + srvBase64() + " (" + srvSource.description() + ")";
    }
}
