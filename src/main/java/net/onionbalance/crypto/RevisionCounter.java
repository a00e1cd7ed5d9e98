package net.onionbalance.crypto;

import java.time.Instant;
import java.util.Arrays;

/**
 * The descriptor revision counter, rend-spec-v3 Appendix F.2 "Encrypted time in period", computed
 * exactly as onionbalance 0.2.x does, so that Java and Python balancers with the same key file
 * publish the same counter in the same second:
 * <pre>
 *   K = SHA3-256("rev-counter-generation" ‖ S)      S = identity private key bytes as loaded
 *   T = now − srvRunStart + 1                         (whole seconds, system clock)
 *   w_i = b[2i] + 256·b[2i+1] + 1                     b = AES-256-CTR(K, IV = 0^16) keystream
 *   counter = Σ_{i<T} w_i
 * </pre>
 * Every word is at least 1, so the counter strictly increases with T.
 */
public final class RevisionCounter {
    private RevisionCounter() {}

    /** Refuses a T above this (194 days): it can only come from a wrong clock or SRV start. */
    static final long MAX_T = 1L << 24;
    private static final int CHUNK = 64 * 1024;

    /**
     * @param opeSecret   the identity key bytes as loaded ({@link IdentityKey#opeSecret()}):
     *                    the 32-byte seed of a PEM key, the 64-byte expanded key of a tor key
     * @param srvRunStart start of the shared-random run the descriptor belongs to
     * @param now         the current time (system clock, as onionbalance uses)
     * @throws IllegalArgumentException when {@code now} is before {@code srvRunStart} or absurdly far after
     */
    public static long compute(byte[] opeSecret, Instant srvRunStart, Instant now) {
        long t = now.getEpochSecond() - srvRunStart.getEpochSecond() + 1;
        if (t < 1) {
            throw new IllegalArgumentException("revision counter: now (" + now + ") is before the start of the "
                    + "shared-random run (" + srvRunStart + "); check the system clock");
        }
        if (t > MAX_T) {
            throw new IllegalArgumentException("revision counter: " + t + " seconds since the start of the "
                    + "shared-random run (" + srvRunStart + ") is implausible; check the system clock");
        }
        return encryptTime(opeSecret, t);
    }

    /** Σ of the first {@code t} words (t ≥ 0), in one pass over 2t keystream bytes. */
    static long encryptTime(byte[] opeSecret, long t) {
        byte[] key = Digests.sha3_256(Digests.ascii("rev-counter-generation"), opeSecret);
        try {
            AesCtr ctr = AesCtr.keystream(key, new byte[16]);
            byte[] ks = new byte[CHUNK];
            long sum = 0;
            long remainingBytes = 2 * t;
            while (remainingBytes > 0) {
                int n = (int) Math.min(CHUNK, remainingBytes);
                ctr.nextBlocks(ks, 0, (n + 15) / 16); // the keystream itself: CTR over zeros
                for (int i = 0; i + 1 < n; i += 2) {
                    sum += (ks[i] & 0xff) + ((ks[i + 1] & 0xff) << 8) + 1;
                }
                remainingBytes -= n;
            }
            return sum;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
