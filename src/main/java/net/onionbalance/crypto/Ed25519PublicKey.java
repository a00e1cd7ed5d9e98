package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

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

    /**
     * True when every {@code signatures[i]} is a valid signature of {@code messages[i]} under this
     * key, by exactly the rule of {@link #verify}: the result is always that of calling it for each
     * pair, only cheaper for many pairs. A descriptor's signing key signs the document and both
     * certificates of every intro point (rend-spec-v3 §2.1, §2.5.2.2): 9 signatures for 4 intro
     * points, 41 for 20, and JFR put 58% of a verification's CPU in those single checks.
     *
     * <p>How: a random linear combination (Bernstein et al., "High-speed high-security signatures",
     * §5; as ed25519-dalek and libsodium-style batch verifiers): with 128-bit coefficients z_i, all
     * signatures hold when
     * <pre>  [8]( Σ z_i·R_i + (Σ z_i·k_i mod l)·A − (Σ z_i·S_i mod l)·B ) = 0,   k_i = SHA-512(R_i ‖ A ‖ M_i) mod l</pre>
     * one multi-scalar multiplication ({@link Edwards25519#multiScalar}) instead of one per signature.
     * If any signature fails its own check, the sum is zero only with probability about 2^-128 over
     * the z_i, which are a SHA-512 of everything checked, so nobody can choose inputs that cancel.
     *
     * <p>Why it agrees with {@link #verify} exactly: Bouncy Castle's check (1.87) is itself the
     * cofactored one, [8](S·B − R − k·A) = 0 (it accepts an R with a small-order component, as RFC 8032
     * §5.1.7 allows; {@code Ed25519BatchTest} pins that), so the factor 8 above makes the batch accept
     * exactly what single checks accept, and lets (Σ z_i·k_i) be reduced mod l even when A has a
     * torsion component. Whatever the batch cannot read as single checks would (a signature of the
     * wrong length, S ≥ l, an R or A that does not decode) is decided by {@link #verify} itself; a
     * failed batch is too, so the caller can name the failing signature. (tor's ref10/donna check is
     * cofactorless and takes any S below 2^253: it differs from Bouncy Castle's, and so from ours, only
     * on signatures built to differ: a torsion-tweaked R, which only the key's holder can make, or S + l.)
     */
    public boolean verifyAll(List<byte[]> messages, List<byte[]> signatures) {
        int count = messages.size();
        if (count != signatures.size()) {
            throw new IllegalArgumentException(count + " messages for " + signatures.size() + " signatures");
        }
        if (count < 2) {
            return count == 0 || verify(messages.get(0), signatures.get(0));
        }
        Edwards25519.Point a = Edwards25519.decode(bytes);
        if (a == null) {
            return false; // verify refuses every signature under a key that is not a point
        }
        BigInteger[] scalars = new BigInteger[count + 2];
        Edwards25519.Point[] points = new Edwards25519.Point[count + 2];
        BigInteger[] k = new BigInteger[count];
        BigInteger[] s = new BigInteger[count];
        byte[][] transcript = new byte[2 + 2 * count][];
        transcript[0] = BATCH_DOMAIN;
        transcript[1] = bytes;
        for (int i = 0; i < count; i++) {
            byte[] m = messages.get(i);
            byte[] sig = signatures.get(i);
            if (m == null || sig == null || sig.length != Ed25519.SIGNATURE_SIZE) {
                return verifyEach(messages, signatures);
            }
            byte[] r = Arrays.copyOfRange(sig, 0, 32);
            s[i] = Edwards25519.fromLittleEndian(Arrays.copyOfRange(sig, 32, 64));
            points[i] = s[i].compareTo(Edwards25519.L) < 0 ? Edwards25519.decode(r) : null;
            if (points[i] == null) {
                return verifyEach(messages, signatures);
            }
            byte[] kDigest = Digests.sha512(r, bytes, m);
            k[i] = Edwards25519.reduce512(kDigest);
            transcript[2 + 2 * i] = sig;
            transcript[3 + 2 * i] = kDigest;
        }
        byte[] seed = Digests.sha512(transcript);
        BigInteger sumK = BigInteger.ZERO;
        BigInteger sumS = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            byte[] zi = Digests.sha512(seed, Digests.int8(i));
            BigInteger z = Edwards25519.fromLittleEndian(Arrays.copyOf(zi, 16));
            scalars[i] = z;
            sumK = sumK.add(z.multiply(k[i]));
            sumS = sumS.add(z.multiply(s[i]));
        }
        scalars[count] = sumK.mod(Edwards25519.L);
        points[count] = a;
        // −(Σ z_i·S_i)·B as (l − Σ z_i·S_i mod l)·B: B has order l.
        scalars[count + 1] = Edwards25519.L.subtract(sumS.mod(Edwards25519.L));
        points[count + 1] = Edwards25519.BASE;
        if (Edwards25519.timesCofactor(Edwards25519.multiScalar(scalars, points)).isIdentity()) {
            return true;
        }
        return verifyEach(messages, signatures);
    }

    private static final byte[] BATCH_DOMAIN = Digests.ascii("onionbalance ed25519 batch coefficients");

    private boolean verifyEach(List<byte[]> messages, List<byte[]> signatures) {
        boolean all = true;
        for (int i = 0; i < messages.size() && all; i++) {
            all = verify(messages.get(i), signatures.get(i));
        }
        return all;
    }

    /** True when the bytes decode to a point of the prime-order subgroup (tor's ed25519_validate_pubkey). */
    public boolean isValidPoint() {
        Edwards25519.Point p = Edwards25519.decode(bytes);
        return p != null && !p.isIdentity() && Edwards25519.isTorsionFree(p);
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
