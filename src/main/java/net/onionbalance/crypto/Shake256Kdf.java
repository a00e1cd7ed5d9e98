package net.onionbalance.crypto;

import org.bouncycastle.crypto.digests.SHAKEDigest;

/** KDF(X, n) = SHAKE-256(X) truncated to n bytes (rend-spec-v3 §0.3). Inputs are concatenated. */
public final class Shake256Kdf {
    private Shake256Kdf() {}

    public static byte[] derive(int length, byte[]... inputs) {
        if (length <= 0) {
            throw new IllegalArgumentException("KDF output length must be positive, got " + length);
        }
        SHAKEDigest d = new SHAKEDigest(256);
        for (byte[] in : inputs) {
            d.update(in, 0, in.length);
        }
        byte[] out = new byte[length];
        d.doFinal(out, 0, length);
        return out;
    }
}
