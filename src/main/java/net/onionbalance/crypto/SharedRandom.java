package net.onionbalance.crypto;

import org.bouncycastle.crypto.digests.SHA3Digest;

import java.nio.charset.StandardCharsets;

/**
 * The shared random value used when a consensus lists none (rend-spec-v3 §2.2.3.1, srv-spec
 * [SRV-DISASTER]): {@code SHA3-256("shared-random-disaster" | INT_8(period_length) | INT_8(period_num))},
 * with the length in minutes, computed for the time period the SRV is used in.
 */
public final class SharedRandom {
    private SharedRandom() {}

    private static final byte[] DISASTER = "shared-random-disaster".getBytes(StandardCharsets.US_ASCII);

    public static byte[] disasterSrv(TimePeriod tp) {
        SHA3Digest d = HsIndex.newSha3();
        HsIndex.update(d, DISASTER);
        HsIndex.updateInt8(d, tp.lengthMinutes());
        HsIndex.updateInt8(d, tp.number());
        return HsIndex.digest(d);
    }
}
