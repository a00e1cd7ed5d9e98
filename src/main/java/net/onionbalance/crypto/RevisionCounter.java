package net.onionbalance.crypto;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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
 *
 * <p>The sum runs over 2T keystream bytes: 345,600 of them for a first-slot descriptor late in its
 * SRV run, which was a third of a descriptor build's CPU under JFR. The balancer rebuilds each
 * slot's descriptor many times in one SRV run, always with the same K and run start and a later
 * T, so the last (T, sum) per key and run is kept and a later T only adds its new words: AES-CTR
 * can start at any block. What is kept is public (the published counter and its T) under a hash
 * of K, never K itself.
 */
public final class RevisionCounter {
    private RevisionCounter() {}

    /** Refuses a T above this (194 days): it can only come from a wrong clock or SRV start. */
    static final long MAX_T = 1L << 24;
    private static final int CHUNK = 64 * 1024;
    /** Sums kept: two slots for each of a few services; the eldest goes first. */
    private static final int KEPT_RUNS = 16;
    private static final Map<ByteBuffer, long[]> KEPT = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, long[]> eldest) {
            return size() > KEPT_RUNS;
        }
    };

    /**
     * @param opeSecret   the identity key bytes as loaded ({@link IdentityKey#opeSecret()}):
     *                    the 32-byte seed of a PEM key, the 64-byte expanded key of a tor key
     * @param srvRunStart start of the shared-random run the descriptor belongs to
     * @param now         the current time (system clock, as onionbalance uses)
     * @throws IllegalArgumentException when {@code now} is before {@code srvRunStart} or absurdly far after
     */
    public static long compute(byte[] opeSecret, Instant srvRunStart, Instant now) {
        byte[] key = key(opeSecret);
        try {
            return computeWithKey(key, srvRunStart, now);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * K = SHA3-256("rev-counter-generation" ‖ S): the only thing the counter needs from the key, so
     * an offline key bundle carries K instead of S (S is the identity key itself). Secret: the
     * caller wipes it.
     */
    public static byte[] key(byte[] opeSecret) {
        return Digests.sha3_256(Digests.ascii("rev-counter-generation"), opeSecret);
    }

    /** {@link #compute} from K itself ({@link #key}): what a key bundle's holder computes. */
    public static long computeWithKey(byte[] revisionCounterKey, Instant srvRunStart, Instant now) {
        if (revisionCounterKey == null || revisionCounterKey.length != 32) {
            throw new IllegalArgumentException("a revision-counter key is 32 bytes");
        }
        long t = now.getEpochSecond() - srvRunStart.getEpochSecond() + 1;
        if (t < 1) {
            throw new IllegalArgumentException("revision counter: now (" + now + ") is before the start of the "
                    + "shared-random run (" + srvRunStart + "); check the system clock");
        }
        if (t > MAX_T) {
            throw new IllegalArgumentException("revision counter: " + t + " seconds since the start of the "
                    + "shared-random run (" + srvRunStart + ") is implausible; check the system clock");
        }
        byte[] key = revisionCounterKey.clone();
        try {
            ByteBuffer run = ByteBuffer.wrap(Digests.sha3_256(Digests.ascii("kept revision counter"), key,
                    Digests.int8(srvRunStart.getEpochSecond())));
            long keptT = 0;
            long keptSum = 0;
            synchronized (KEPT) {
                long[] kept = KEPT.get(run);
                if (kept != null && kept[0] <= t) {
                    keptT = kept[0];
                    keptSum = kept[1];
                }
            }
            long sum = keptSum + sumOfWords(key, keptT, t);
            synchronized (KEPT) {
                KEPT.put(run, new long[] {t, sum});
            }
            return sum;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Forgets every kept sum (benchmarks of the first build of a run, tests). */
    static void forgetKept() {
        synchronized (KEPT) {
            KEPT.clear();
        }
    }

    /** Σ of the first {@code t} words (t ≥ 0), in one pass over 2t keystream bytes, nothing kept. */
    static long encryptTime(byte[] opeSecret, long t) {
        byte[] key = Digests.sha3_256(Digests.ascii("rev-counter-generation"), opeSecret);
        try {
            return sumOfWords(key, 0, t);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Σ of words {@code from} (inclusive) to {@code to} (exclusive) of K's keystream. */
    private static long sumOfWords(byte[] key, long from, long to) {
        AesCtr ctr = AesCtr.keystream(key, new byte[16]);
        long firstByte = 2 * from;
        ctr.skipBlocks(firstByte / 16);
        // A word is 2 bytes and a block 16, so no word straddles two blocks.
        int skip = (int) (firstByte % 16);
        byte[] ks = new byte[CHUNK];
        long sum = 0;
        long remainingBytes = 2 * (to - from) + skip;
        while (remainingBytes > 0) {
            int n = (int) Math.min(CHUNK, remainingBytes);
            ctr.nextBlocks(ks, 0, (n + 15) / 16); // the keystream itself: CTR over zeros
            for (int i = skip; i + 1 < n; i += 2) {
                sum += (ks[i] & 0xff) + ((ks[i + 1] & 0xff) << 8) + 1;
            }
            skip = 0;
            remainingBytes -= n;
        }
        return sum;
    }
}
