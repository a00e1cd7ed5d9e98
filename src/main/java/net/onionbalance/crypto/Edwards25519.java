package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Point arithmetic on the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)
 * (RFC 8032 §5.1), in extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, xy = T/Z.
 *
 * <p>Why our own: key blinding (rend-spec-v3 A.2) multiplies an arbitrary public point by a
 * scalar and signs with scalars that are not clamped; Bouncy Castle exposes neither operation.
 * The field elements are Bouncy Castle's {@link X25519Field} (ten 25/26-bit limbs in an int[]):
 * with BigInteger every field product allocated and divided by p, and validating one onion
 * address (a 253-bit multiplication by the group order, done for every HS_DESC event) cost
 * ~1.5 ms of CPU; the limb arithmetic is about 30 times cheaper and allocates little.
 * Scalars (mod l) stay BigInteger: a signature needs only a few of them. Nothing here is
 * constant-time (see the class notes in {@link Ed25519ExpandedSecretKey}).
 */
final class Edwards25519 {
    private Edwards25519() {}

    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** Order of the prime subgroup, RFC 8032 §5.1. */
    static final BigInteger L = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger D_VALUE = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final int[] D = fe(D_VALUE);
    private static final int[] D2 = fe(D_VALUE.shiftLeft(1).mod(P));
    private static final int[] ONE = fe(BigInteger.ONE);

    static final Point IDENTITY = new Point(fe(BigInteger.ZERO), fe(BigInteger.ONE), fe(BigInteger.ONE),
            fe(BigInteger.ZERO));
    static final Point BASE = affine(
            new BigInteger("15112221349535400772501151409588531511454012693041857206046113283949847762202"),
            new BigInteger("46316835694926478169428394003475163141307993866256225615783033603165251855960"));

    /** A point; its coordinates are never changed after construction. */
    static final class Point {
        private final int[] x;
        private final int[] y;
        private final int[] z;
        private final int[] t;

        private Point(int[] x, int[] y, int[] z, int[] t) {
            this.x = x;
            this.y = y;
            this.z = z;
            this.t = t;
        }

        /** add-2008-hwcd-3 for a = -1, with k = 2d. */
        Point add(Point q) {
            int[] a = times(minus(y, x), minus(q.y, q.x));
            int[] b = times(plus(y, x), plus(q.y, q.x));
            int[] c = times(times(t, D2), q.t);
            int[] d = times(plus(z, z), q.z);
            int[] e = minus(b, a);
            int[] f = minus(d, c);
            int[] g = plus(d, c);
            int[] h = plus(b, a);
            return new Point(times(e, f), times(g, h), times(f, g), times(e, h));
        }

        /** dbl-2008-hwcd for a = -1. */
        Point twice() {
            int[] a = square(x);
            int[] b = square(y);
            int[] zz = square(z);
            int[] c = plus(zz, zz);
            int[] h = plus(a, b);
            int[] e = minus(h, square(plus(x, y)));
            int[] g = minus(a, b);
            int[] f = plus(c, g);
            return new Point(times(e, f), times(g, h), times(f, g), times(e, h));
        }

        boolean isIdentity() {
            return Arrays.equals(normalized(x), new int[X25519Field.SIZE])
                    && Arrays.equals(normalized(y), normalized(z));
        }

        /** RFC 8032 §5.1.2 encoding: y little-endian, top bit = parity of x. */
        byte[] encode() {
            int[] zi = X25519Field.create();
            X25519Field.inv(z, zi);
            int[] ax = times(x, zi);
            int[] ay = times(y, zi);
            X25519Field.normalize(ax);
            X25519Field.normalize(ay);
            byte[] out = new byte[32];
            X25519Field.encode(ay, out, 0);
            if ((ax[0] & 1) != 0) {
                out[31] |= (byte) 0x80;
            }
            return out;
        }
    }

    static Point affine(BigInteger x, BigInteger y) {
        int[] fx = fe(x.mod(P));
        int[] fy = fe(y.mod(P));
        return new Point(fx, fy, fe(BigInteger.ONE), times(fx, fy));
    }

    /**
     * RFC 8032 §5.1.3 decoding. Returns null when the bytes are not a curve point (or use a
     * non-canonical y, or "negative zero" x).
     */
    static Point decode(byte[] encoded) {
        if (encoded.length != 32) {
            return null;
        }
        byte[] yb = encoded.clone();
        boolean sign = (yb[31] & 0x80) != 0;
        yb[31] &= 0x7f;
        if (fromLittleEndian(yb).compareTo(P) >= 0) {
            return null;
        }
        int[] y = X25519Field.create();
        X25519Field.decode(yb, 0, y);
        int[] y2 = square(y);
        int[] u = minus(y2, ONE);
        int[] v = plus(times(D, y2), ONE);
        int[] x = X25519Field.create();
        // x = sqrt(u/v), or no point with this y.
        if (!X25519Field.sqrtRatioVar(u, v, x)) {
            return null;
        }
        X25519Field.normalize(x);
        if (X25519Field.isZeroVar(x) && sign) {
            return null;
        }
        if (((x[0] & 1) != 0) != sign) {
            X25519Field.negate(x, x);
            X25519Field.normalize(x);
        }
        return new Point(x, y, fe(BigInteger.ONE), times(x, y));
    }

    /** k * q for any non-negative k (not reduced: callers decide), 4-bit fixed window. */
    static Point multiply(BigInteger k, Point q) {
        if (k.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        Point[] table = new Point[16];
        table[0] = IDENTITY;
        for (int i = 1; i < 16; i++) {
            table[i] = table[i - 1].add(q);
        }
        Point r = IDENTITY;
        int nibbles = (k.bitLength() + 3) / 4;
        for (int i = nibbles - 1; i >= 0; i--) {
            r = r.twice().twice().twice().twice();
            int n = nibble(k, i);
            if (n != 0) {
                r = r.add(table[n]);
            }
        }
        return r;
    }

    /**
     * k * B with k reduced mod L first (B has order L). No precomputed table of multiples of B:
     * it would hold ~1000 points on the heap for the process's lifetime to save ~0.1 ms per
     * signature, and a balancer signs a few dozen times per publish.
     */
    static Point multiplyBase(BigInteger k) {
        return multiply(k.mod(L), BASE);
    }

    private static int nibble(BigInteger k, int i) {
        int n = 0;
        for (int b = 3; b >= 0; b--) {
            n = (n << 1) | (k.testBit(4 * i + b) ? 1 : 0);
        }
        return n;
    }

    /** True when q is in the prime-order subgroup (no torsion component). */
    static boolean isTorsionFree(Point q) {
        return multiply(L, q).isIdentity();
    }

    // ------------------------------------------------------------------ field helpers
    // Every sum and difference is carried at once, so products always get inputs within the
    // limb bounds X25519Field.mul expects, whatever the order of operations in a formula.

    private static int[] fe(BigInteger v) {
        int[] r = X25519Field.create();
        X25519Field.decode(toLittleEndian(v, 32), 0, r);
        return r;
    }

    private static int[] times(int[] a, int[] b) {
        int[] r = X25519Field.create();
        X25519Field.mul(a, b, r);
        return r;
    }

    private static int[] square(int[] a) {
        int[] r = X25519Field.create();
        X25519Field.sqr(a, r);
        return r;
    }

    private static int[] plus(int[] a, int[] b) {
        int[] r = X25519Field.create();
        X25519Field.add(a, b, r);
        X25519Field.carry(r);
        return r;
    }

    private static int[] minus(int[] a, int[] b) {
        int[] r = X25519Field.create();
        X25519Field.sub(a, b, r);
        X25519Field.carry(r);
        return r;
    }

    /** The canonical limbs of a product's result (X25519Field.normalize wants such an input). */
    private static int[] normalized(int[] a) {
        int[] r = a.clone();
        X25519Field.normalize(r);
        return r;
    }

    // ------------------------------------------------------------------ scalars and bytes

    static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[le.length - 1 - i] = le[i];
        }
        return new BigInteger(1, be);
    }

    static byte[] toLittleEndian(BigInteger v, int len) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[len];
        for (int i = 0; i < len && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    /** Scalar from a 64-byte SHA-512 output, reduced mod L (RFC 8032 §5.1.6). */
    static BigInteger reduce512(byte[] digest) {
        return fromLittleEndian(digest).mod(L);
    }

    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
