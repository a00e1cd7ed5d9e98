package net.onionbalance.crypto;

import org.bouncycastle.crypto.digests.SHA3Digest;

import java.nio.charset.StandardCharsets;

/**
 * The two positions on the onion-service hash ring (rend-spec-v3 §2.2.3 [HASHRING]).
 *
 * <pre>
 * hs_index(replica)  = SHA3-256("store-at-idx" | blinded_public_key | INT_8(replica) | INT_8(period_length) | INT_8(period_num))
 * hsdir_index(node)  = SHA3-256("node-idx" | node_ed25519_id | shared_random_value | INT_8(period_num) | INT_8(period_length))
 * </pre>
 * Note the opposite order of period number and length in the two: tor hashes them so (hs_common.c),
 * and the spec text follows tor. The length is in minutes.
 */
public final class HsIndex {
    private HsIndex() {}

    private static final byte[] STORE_AT_IDX = "store-at-idx".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NODE_IDX = "node-idx".getBytes(StandardCharsets.US_ASCII);

    /**
     * One SHA3-256 instance per thread: the ring hashes thousands of relays per consensus (2 x 2493
     * today). Bouncy Castle's, as everywhere else in the balancer: under the launcher's C1 the JDK's
     * SHA3 took 7.5 ms of CPU for 5000 such hashes against Bouncy Castle's 4.5 (C2: 3.3 and 2.7).
     */
    private static final ThreadLocal<SHA3Digest> SHA3 = ThreadLocal.withInitial(HsIndex::newSha3);

    static SHA3Digest newSha3() {
        return new SHA3Digest(256);
    }

    /** Where the descriptor with this blinded key sits for {@code replica} (1-based) in {@code tp}. */
    public static byte[] hsIndex(Ed25519PublicKey blinded, int replica, TimePeriod tp) {
        return hsIndex(blinded.bytes(), replica, tp);
    }

    /** {@link #hsIndex(Ed25519PublicKey, int, TimePeriod)} on the 32 raw bytes. */
    public static byte[] hsIndex(byte[] blindedPublicKey, int replica, TimePeriod tp) {
        requireLength(blindedPublicKey, 32, "blinded public key");
        if (replica < 1) {
            throw new IllegalArgumentException("replicas are numbered from 1, got " + replica);
        }
        SHA3Digest d = SHA3.get();
        update(d, STORE_AT_IDX);
        update(d, blindedPublicKey);
        updateInt8(d, replica);
        updateInt8(d, tp.lengthMinutes());
        updateInt8(d, tp.number());
        return digest(d);
    }

    /** Where the relay with this ed25519 identity sits on the ring built from {@code srv} in {@code tp}. */
    public static byte[] hsDirIndex(byte[] ed25519Id, byte[] srv, TimePeriod tp) {
        requireLength(ed25519Id, 32, "relay ed25519 identity");
        requireLength(srv, 32, "shared random value");
        SHA3Digest d = SHA3.get();
        update(d, NODE_IDX);
        update(d, ed25519Id);
        update(d, srv);
        updateInt8(d, tp.number());
        updateInt8(d, tp.lengthMinutes());
        return digest(d);
    }

    static void updateInt8(SHA3Digest d, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            d.update((byte) (v >>> shift));
        }
    }

    static void update(SHA3Digest d, byte[] b) {
        d.update(b, 0, b.length);
    }

    /** The digest; doFinal also resets the instance for the next use. */
    static byte[] digest(SHA3Digest d) {
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static void requireLength(byte[] b, int n, String what) {
        if (b == null || b.length != n) {
            throw new IllegalArgumentException(what + " must be " + n + " bytes, got " + (b == null ? "none" : b.length));
        }
    }
}
