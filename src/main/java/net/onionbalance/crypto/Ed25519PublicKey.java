package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 public key: the 32-byte encoding of a point A (RFC 8032 §5.1.2). Identity keys,
 * blinded keys (rend-spec-v3 A.2), descriptor signing keys and intro-point auth keys all use it.
 * Content equality over the bytes.
 */
public final class Ed25519PublicKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;
    /**
     * The decoded point for Bouncy Castle's verification, made at the first check and kept: a
     * descriptor's signing key checks the document and both certificates of every intro point
     * (2n + 1 signatures, rend-spec-v3 §2.1-2.5), and each check with the bytes would decode the
     * point again (a square root: ~8% of a verification's CPU under JFR). Volatile so that a key
     * shared between threads never shows a half-built point; a race only decodes twice.
     */
    private volatile Ed25519.PublicPoint point;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps 32 bytes as they appear on the wire; does not check that they are a curve point. */
    public static Ed25519PublicKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an ed25519 public key is 32 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new Ed25519PublicKey(bytes.clone());
    }

    /** Decodes tor's unpadded (or padded) base64 form, e.g. a {@code master-key-ed25519} line. */
    public static Ed25519PublicKey fromBase64(String b64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ed25519 public key is not valid base64");
        }
        return of(raw);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Base64 without padding, as tor prints keys (43 characters). */
    public String base64() {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Standard RFC 8032 verification (Bouncy Castle): canonical S, canonical point encodings.
     * Returns false on any malformed input rather than throwing.
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        try {
            Ed25519.PublicPoint p = point;
            if (p == null) {
                // The checks Ed25519.verify makes on a key given as bytes: canonical and on the curve.
                p = Ed25519.validatePublicKeyPartialExport(bytes, 0);
                if (p == null) {
                    return false;
                }
                point = p;
            }
            return Ed25519.verify(signature, 0, p, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when the bytes decode to a point of the prime-order subgroup (tor's ed25519_validate_pubkey). */
    public boolean isValidPoint() {
        Edwards25519.Point p = Edwards25519.decode(bytes);
        return p != null && !p.isIdentity() && Edwards25519.isTorsionFree(p);
    }

    /** The decoded point, or null when the bytes are not one (RFC 8032 §5.1.3). */
    Edwards25519.Point pointOrNull() {
        return Edwards25519.decode(bytes);
    }

    Edwards25519.Point point() {
        Edwards25519.Point p = Edwards25519.decode(bytes);
        if (p == null) {
            throw new InvalidPublicKeyException("ed25519 public key " + base64() + " is not a point on the curve");
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ed25519:" + base64();
    }
}
