package net.onionbalance.doc.consensus;

import java.util.Arrays;
import java.util.Base64;

/**
 * A relay's ed25519 identity as its microdescriptor lists it ({@code id ed25519}, dir-spec §3.3):
 * 32 bytes, hashed into the relay's place on the HSDir ring (rend-spec-v3 §2.2.3). Kept as bytes,
 * not decoded to a curve point: tor hashes the bytes as listed.
 */
public final class RelayEd25519Id {
    private final byte[] bytes;

    public RelayEd25519Id(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("ed25519 identity must be 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    private RelayEd25519Id(byte[] fresh, boolean owned) {
        this.bytes = fresh;
    }

    static RelayEd25519Id wrap(byte[] fresh) {
        return new RelayEd25519Id(fresh, true);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Unpadded base64, as tor prints it. */
    public String base64() {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayEd25519Id r && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
