package net.onionbalance.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The hash functions of the v3 onion-service protocol: H = SHA3-256 (rend-spec-v3 §0.3) and
 * SHA-512 (Ed25519, RFC 8032); and HMAC-SHA256 for the control port's SAFECOOKIE. Inputs are
 * concatenated in the order given.
 */
public final class Digests {
    private Digests() {}

    /** SHA3-256 over the concatenation of {@code parts}. */
    public static byte[] sha3_256(byte[]... parts) {
        SHA3Digest d = new SHA3Digest(256);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** SHA-512 over the concatenation of {@code parts}. */
    public static byte[] sha512(byte[]... parts) {
        SHA512Digest d = new SHA512Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[64];
        d.doFinal(out, 0);
        return out;
    }

    /** HMAC-SHA256 (RFC 2104) keyed with {@code key} over the concatenation of {@code parts}. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        HMac mac = new HMac(SHA256Digest.newInstance());
        mac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /** An 8-byte big-endian integer, tor's INT_8. */
    public static byte[] int8(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
