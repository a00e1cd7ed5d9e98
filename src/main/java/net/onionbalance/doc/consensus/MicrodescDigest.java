package net.onionbalance.doc.consensus;

import java.util.Arrays;
import java.util.Base64;

/**
 * The SHA-256 digest of a microdescriptor's text, from its {@code onion-key} line to its end
 * (dir-spec §3.3): what a microdesc consensus {@code m} line names.
 */
public final class MicrodescDigest {
    private final byte[] bytes;
    private final int hash;

    public MicrodescDigest(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("microdescriptor digest must be 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
        this.hash = Arrays.hashCode(this.bytes);
    }

    /** Takes ownership of a fresh array (parsers only). */
    static MicrodescDigest wrap(byte[] fresh) {
        return new MicrodescDigest(fresh, true);
    }

    private MicrodescDigest(byte[] fresh, boolean owned) {
        this.bytes = fresh;
        this.hash = Arrays.hashCode(fresh);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Unpadded base64, as on an {@code m} line. */
    public String base64() {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicrodescDigest d && d.hash == hash && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return base64();
    }
}
