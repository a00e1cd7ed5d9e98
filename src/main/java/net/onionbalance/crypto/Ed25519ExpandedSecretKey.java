package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ed25519 secret key in expanded form: scalar a (32 bytes, little-endian) ‖ prefix h (32 bytes).
 * This is tor's own secret-key format ({@code hs_ed25519_secret_key}) and the only form a blinded
 * key has (rend-spec-v3 A.2): a blinded key has no seed.
 *
 * <p>Signing follows RFC 8032 §5.1.6 from step 2 on: the nonce is r = SHA-512(prefix ‖ M), so two
 * messages never share a nonce (a constant nonce leaks the key from two signatures). The scalar is
 * used as it is, never clamped: blinded scalars are reduced mod l and clamping them would make
 * signatures that do not verify.
 *
 * <p>A key made from a seed (RFC 8032 §5.1.5: the descriptor signing key made afresh for every
 * build, a PEM identity key) keeps its seed and signs with Bouncy Castle's Ed25519, whose base-point
 * multiplication uses precomputed tables (the same ones its verification already loads) and is
 * constant-time: it makes ~41 of a build's ~43 signatures, and JFR put 42% of a build's CPU under
 * our multiplication before. RFC 8032 signing is deterministic, so both paths give the same bytes.
 * A key without a seed (a blinded key, rend-spec-v3 A.2, or a tor key file's expanded form) signs
 * with {@link Edwards25519}, which is not constant-time; a local attacker who can time many such
 * signatures could learn something. The balancer makes one per descriptor build.
 */
public final class Ed25519ExpandedSecretKey {
    public static final int LENGTH = 64;
    private final byte[] expanded;
    private final BigInteger scalar;
    private final Ed25519PublicKey publicKey;
    /** The RFC 8032 seed this key was expanded from, or null (blinded keys, tor's expanded key files). */
    private final byte[] seed;

    private Ed25519ExpandedSecretKey(byte[] expanded, byte[] seed) {
        this.expanded = expanded;
        this.seed = seed;
        this.scalar = Edwards25519.fromLittleEndian(Arrays.copyOfRange(expanded, 0, 32));
        if (scalar.mod(Edwards25519.L).signum() == 0) {
            throw new IllegalArgumentException("ed25519 secret scalar is zero mod l: not a usable key");
        }
        byte[] pk;
        if (seed != null) {
            pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(seed, 0, pk, 0);
        } else {
            pk = Edwards25519.multiplyBase(scalar).encode();
        }
        this.publicKey = Ed25519PublicKey.of(pk);
    }

    /** Wraps 64 expanded bytes (scalar ‖ prefix). */
    public static Ed25519ExpandedSecretKey of(byte[] expanded) {
        if (expanded == null || expanded.length != LENGTH) {
            throw new IllegalArgumentException("an expanded ed25519 secret key is 64 bytes, got "
                    + (expanded == null ? "null" : expanded.length));
        }
        return new Ed25519ExpandedSecretKey(expanded.clone(), null);
    }

    /** RFC 8032 §5.1.5: SHA-512 of the 32-byte seed, first half clamped. */
    public static Ed25519ExpandedSecretKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("an ed25519 seed is 32 bytes, got "
                    + (seed == null ? "null" : seed.length));
        }
        byte[] h = Digests.sha512(seed);
        h[0] &= (byte) 248;
        h[31] &= 63;
        h[31] |= 64;
        return new Ed25519ExpandedSecretKey(h, seed.clone());
    }

    /** A fresh key from a random seed (the key keeps its own copy; this method wipes the one it drew). */
    public static Ed25519ExpandedSecretKey generate(SecureRandom rng) {
        byte[] seed = new byte[32];
        rng.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Edwards25519.wipe(seed);
        }
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** A copy of the 64 bytes; the caller should wipe it after use. */
    public byte[] expandedBytes() {
        return expanded.clone();
    }

    BigInteger scalar() {
        return scalar;
    }

    byte[] prefix() {
        return Arrays.copyOfRange(expanded, 32, 64);
    }

    /** An RFC 8032 Ed25519 signature R ‖ S over {@code message}. */
    public byte[] sign(byte[] message) {
        if (seed != null) {
            byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(seed, 0, publicKey.bytes(), 0, message, 0, message.length, sig, 0);
            return sig;
        }
        return signWithExpanded(message);
    }

    /** RFC 8032 §5.1.6 steps 2-6 from the expanded key alone (what a key without a seed can do). */
    byte[] signWithExpanded(byte[] message) {
        byte[] prefix = prefix();
        BigInteger r = Edwards25519.reduce512(Digests.sha512(prefix, message));
        Edwards25519.wipe(prefix);
        byte[] rEncoded = Edwards25519.multiplyBase(r).encode();
        BigInteger k = Edwards25519.reduce512(Digests.sha512(rEncoded, publicKey.bytes(), message));
        BigInteger s = r.add(k.multiply(scalar)).mod(Edwards25519.L);
        byte[] sig = new byte[64];
        System.arraycopy(rEncoded, 0, sig, 0, 32);
        System.arraycopy(Edwards25519.toLittleEndian(s, 32), 0, sig, 32, 32);
        return sig;
    }

    /** Constant-time comparison of the secret bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519ExpandedSecretKey k && MessageDigest.isEqual(expanded, k.expanded);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    /** Never shows secret bytes. */
    @Override
    public String toString() {
        return "Ed25519ExpandedSecretKey[public " + publicKey.base64() + "]";
    }
}
