package net.onionbalance.crypto;

import java.util.Arrays;
import java.util.Base64;

/** A curve25519 (X25519, RFC 7748) public key: the u-coordinate, 32 bytes little-endian. */
public final class X25519PublicKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private X25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static X25519PublicKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an x25519 public key is 32 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new X25519PublicKey(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Padded base64, as in descriptors' {@code onion-key ntor} / {@code enc-key ntor} lines. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X25519PublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "x25519:" + base64();
    }
}
