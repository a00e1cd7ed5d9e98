package net.onionbalance.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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

    /** One SHA3-256 instance per thread: the ring hashes thousands of relays per consensus. */
    private static final ThreadLocal<MessageDigest> SHA3 = ThreadLocal.withInitial(HsIndex::newSha3);

    static MessageDigest newSha3() {
        try {
            return MessageDigest.getInstance("SHA3-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is part of every Java 9+ platform", e);
        }
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
        MessageDigest d = SHA3.get();
        d.update(STORE_AT_IDX);
        d.update(blindedPublicKey);
        updateInt8(d, replica);
        updateInt8(d, tp.lengthMinutes());
        updateInt8(d, tp.number());
        return d.digest();
    }

    /** Where the relay with this ed25519 identity sits on the ring built from {@code srv} in {@code tp}. */
    public static byte[] hsDirIndex(byte[] ed25519Id, byte[] srv, TimePeriod tp) {
        requireLength(ed25519Id, 32, "relay ed25519 identity");
        requireLength(srv, 32, "shared random value");
        MessageDigest d = SHA3.get();
        d.update(NODE_IDX);
        d.update(ed25519Id);
        d.update(srv);
        updateInt8(d, tp.number());
        updateInt8(d, tp.lengthMinutes());
        return d.digest();
    }

    static void updateInt8(MessageDigest d, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            d.update((byte) (v >>> shift));
        }
    }

    private static void requireLength(byte[] b, int n, String what) {
        if (b == null || b.length != n) {
            throw new IllegalArgumentException(what + " must be " + n + " bytes, got " + (b == null ? "none" : b.length));
        }
    }
}
