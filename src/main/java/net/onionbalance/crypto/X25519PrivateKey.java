package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.MessageDigest;
import java.security.SecureRandom;

/** A curve25519 (X25519, RFC 7748) private key, 32 bytes; clamped when used, as RFC 7748 says. */
public final class X25519PrivateKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;
    private final X25519PublicKey publicKey;

    private X25519PrivateKey(byte[] bytes) {
        this.bytes = bytes;
        byte[] pub = new byte[32];
        X25519.generatePublicKey(bytes, 0, pub, 0);
        this.publicKey = X25519PublicKey.of(pub);
    }

    public static X25519PrivateKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an x25519 private key is 32 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new X25519PrivateKey(bytes.clone());
    }

    public static X25519PrivateKey generate(SecureRandom rng) {
        byte[] k = new byte[32];
        X25519.generatePrivateKey(rng, k);
        return new X25519PrivateKey(k);
    }

    public X25519PublicKey publicKey() {
        return publicKey;
    }

    /** A copy of the 32 secret bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * X25519(this, peer). Throws when the result is all zeros (a small-order peer key), which
     * RFC 7748 §6.1 says to reject.
     */
    public byte[] sharedSecret(X25519PublicKey peer) {
        byte[] out = new byte[32];
        if (!X25519.calculateAgreement(bytes, 0, peer.bytes(), 0, out, 0)) {
            throw new InvalidPublicKeyException("x25519 peer key " + peer.base64()
                    + " has small order: the shared secret would be all zeros");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X25519PrivateKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "X25519PrivateKey[public " + publicKey.base64() + "]";
    }
}
