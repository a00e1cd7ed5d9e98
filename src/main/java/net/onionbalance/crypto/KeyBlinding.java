package net.onionbalance.crypto;

import java.math.BigInteger;

/**
 * Key blinding, rend-spec-v3 Appendix A.2 [KEYBLIND], as C tor does it:
 * <pre>
 *   h  = H(BLIND_STRING ‖ A ‖ s ‖ B ‖ N),  BLIND_STRING = "Derive temporary signing key" ‖ NUL,
 *        s empty, B = the base point as a decimal string, N = "key-blind" ‖ INT_8(period) ‖ INT_8(length in minutes)
 *   A' = clamp(h)·A
 *   a' = clamp(h)·a mod l,  prefix' = SHA-512("Derive temporary signing key hash input" ‖ prefix)[:32]
 * </pre>
 */
public final class KeyBlinding {
    private KeyBlinding() {}

    private static final byte[] BLIND_STRING = Digests.ascii("Derive temporary signing key\0");
    private static final byte[] BASEPOINT_STRING = Digests.ascii(
            "(15112221349535400772501151409588531511454012693041857206046113283949847762202, "
                    + "46316835694926478169428394003475163141307993866256225615783033603165251855960)");
    private static final byte[] PREFIX_STRING = Digests.ascii("Derive temporary signing key hash input");

    /** The unclamped blinding parameter h for {@code identity} in period {@code tp}. */
    public static byte[] blindingParameter(Ed25519PublicKey identity, TimePeriod tp) {
        byte[] nonce = concat(Digests.ascii("key-blind"), Digests.int8(tp.number()), Digests.int8(tp.lengthMinutes()));
        return Digests.sha3_256(BLIND_STRING, identity.bytes(), BASEPOINT_STRING, nonce);
    }

    public static Ed25519PublicKey blindPublicKey(Ed25519PublicKey identity, TimePeriod tp) {
        return blindPublicKeyWithParameter(identity, blindingParameter(identity, tp));
    }

    public static Ed25519ExpandedSecretKey blindSecretKey(Ed25519ExpandedSecretKey identity, TimePeriod tp) {
        return blindSecretKeyWithParameter(identity, blindingParameter(identity.publicKey(), tp));
    }

    /** A' = clamp(h)·A for a raw 32-byte parameter h (stem's and tor's test vectors give h directly). */
    public static Ed25519PublicKey blindPublicKeyWithParameter(Ed25519PublicKey identity, byte[] h) {
        BigInteger factor = clampedParameter(h);
        return Ed25519PublicKey.of(Edwards25519.multiply(factor, identity.point()).encode());
    }

    /** a' = clamp(h)·a mod l and the derived prefix, for a raw 32-byte parameter h. */
    public static Ed25519ExpandedSecretKey blindSecretKeyWithParameter(Ed25519ExpandedSecretKey identity, byte[] h) {
        BigInteger factor = clampedParameter(h);
        BigInteger blinded = factor.multiply(identity.scalar()).mod(Edwards25519.L);
        byte[] prefix = identity.prefix();
        byte[] newPrefix = Digests.sha512(PREFIX_STRING, prefix);
        byte[] out = new byte[64];
        System.arraycopy(Edwards25519.toLittleEndian(blinded, 32), 0, out, 0, 32);
        System.arraycopy(newPrefix, 0, out, 32, 32);
        try {
            return Ed25519ExpandedSecretKey.of(out);
        } finally {
            Edwards25519.wipe(prefix);
            Edwards25519.wipe(newPrefix);
            Edwards25519.wipe(out);
        }
    }

    /** tor's ed25519_ref10 gettweak: h[0] &= 248, h[31] &= 63, h[31] |= 64. */
    private static BigInteger clampedParameter(byte[] h) {
        if (h == null || h.length != 32) {
            throw new IllegalArgumentException("a blinding parameter is 32 bytes");
        }
        byte[] c = h.clone();
        c[0] &= (byte) 248;
        c[31] &= 63;
        c[31] |= 64;
        return Edwards25519.fromLittleEndian(c);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

}
