package net.onionbalance.crypto;

import java.math.BigInteger;

/**
 * The Edwards form of a curve25519 public key (birational map, RFC 7748 §4.1):
 * y = (u - 1) / (u + 1) mod p, with the x sign bit supplied by the caller. tor uses it for
 * {@code ntor-onion-key-crosscert} (sign bit on the keyword line) and for intro points'
 * {@code enc-key-cert}, whose certified key is the conversion of {@code enc-key} with sign bit 0
 * (rend-spec-v3 §2.5.2.2).
 */
public final class Curve25519ToEd25519 {
    private Curve25519ToEd25519() {}

    public static Ed25519PublicKey convert(byte[] x25519Public, int signBit) {
        if (x25519Public == null || x25519Public.length != 32) {
            throw new IllegalArgumentException("a curve25519 public key is 32 bytes");
        }
        if (signBit != 0 && signBit != 1) {
            throw new IllegalArgumentException("sign bit must be 0 or 1, got " + signBit);
        }
        byte[] ub = x25519Public.clone();
        ub[31] &= 0x7f; // RFC 7748 §5: the top bit of u is ignored
        BigInteger u = Edwards25519.fromLittleEndian(ub).mod(Edwards25519.P);
        BigInteger denominator = u.add(BigInteger.ONE).mod(Edwards25519.P);
        if (denominator.signum() == 0) {
            throw new InvalidPublicKeyException("curve25519 key u = -1 has no Edwards form");
        }
        BigInteger y = u.subtract(BigInteger.ONE).multiply(denominator.modInverse(Edwards25519.P)).mod(Edwards25519.P);
        byte[] out = Edwards25519.toLittleEndian(y, 32);
        out[31] = (byte) ((out[31] & 0x7f) | (signBit << 7));
        return Ed25519PublicKey.of(out);
    }

    public static Ed25519PublicKey convert(X25519PublicKey key, int signBit) {
        return convert(key.bytes(), signBit);
    }
}
