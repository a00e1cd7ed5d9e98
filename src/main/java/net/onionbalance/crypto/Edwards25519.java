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

    /**
     * k * q for any k from 0 to 2^256 - 1 (not reduced: callers decide). Width-5 NAF digits (0 or
     * odd, -15..15, at most one non-zero in any five in a row: about 43 additions for a 256-bit k,
     * against 60 for signed radix-16 digits) over a table of q, 3q, .., 15q kept as (Y+X, Y-X, 2Z,
     * 2dT), so each addition is 8 multiplications and a negative digit only swaps two coordinates;
     * a doubling computes T only when an addition follows it; the arithmetic runs in a few reused
     * arrays. JFR put a verification's batch multiplication at 43% of its CPU under the launcher's
     * C1 with radix-16 digits, most of it in the additions.
     */
    static Point multiply(BigInteger k, Point q) {
        if (k.signum() < 0 || k.bitLength() > 256) {
            throw new IllegalArgumentException("scalar out of range: " + k.bitLength() + " bits");
        }
        return multiplyDigits(new byte[][] {wnaf(k)}, new int[][][] {q == BASE ? BaseTable.ROWS : table(q)});
    }

    /**
     * k * B with k reduced mod L first (B has order L). The table of B..15B is made once; no comb of
     * precomputed multiples of B (~1000 points for the process's lifetime): Bouncy Castle makes the
     * signatures of seeded keys with its own tables, so this path only makes a blinded key's public
     * key and its one signature per descriptor.
     */
    static Point multiplyBase(BigInteger k) {
        return multiply(k.mod(L), BASE);
    }

    /** B, 3B, .., 15B, made at first use (BASE must exist first). */
    private static final class BaseTable {
        static final int[][] ROWS = table(BASE);
    }

    private static final int WINDOW = 5;

    /**
     * The width-5 NAF of k (0 ≤ k < 2^256), least significant first, 257 digits: k = Σ d_i·2^i with
     * every d_i zero or odd in [-15, 15] and at most one non-zero d_i in any five consecutive ones.
     */
    static byte[] wnaf(BigInteger k) {
        byte[] le = toLittleEndian(k, 32);
        byte[] bits = new byte[256 + WINDOW + 1];
        for (int i = 0; i < 256; i++) {
            bits[i] = (byte) ((le[i >> 3] >> (i & 7)) & 1);
        }
        byte[] naf = new byte[257];
        int i = 0;
        while (i < 257) {
            if (bits[i] == 0) {
                i++;
                continue;
            }
            int v = 0;
            for (int b = 0; b < WINDOW; b++) {
                v |= bits[i + b] << b;
            }
            if (v > 1 << (WINDOW - 1)) {
                // v is odd, 17..31: write v - 32 here and carry 32 into the bits above.
                v -= 1 << WINDOW;
                int j = i + WINDOW;
                while (bits[j] == 1) {
                    bits[j] = 0;
                    j++;
                }
                bits[j] = 1;
            }
            naf[i] = (byte) v;
            i += WINDOW; // the next four digits are zero
        }
        return naf;
    }

    /** q, 3q, .., 15q, each as the 4 field elements Y+X, Y-X, 2Z, 2dT in one row of 40 ints. */
    private static int[][] table(Point q) {
        int[][] rows = new int[1 << (WINDOW - 2)][];
        Accumulator twice = new Accumulator(q);
        twice.twice(true);
        int[] twiceRow = twice.cached();
        Accumulator m = new Accumulator(q);
        for (int i = 0; i < rows.length; i++) {
            if (i > 0) {
                m.addCached(twiceRow, false);
            }
            rows[i] = m.cached();
        }
        return rows;
    }

    /**
     * Σ k_j·q_j for any k_j from 0 to 2^256 - 1 (Straus: one chain of doublings shared by all
     * terms, each term adding its own NAF digit from its own table of q..15q): what a batch of
     * signature checks costs instead of one double-scalar multiplication each
     * ({@link Ed25519Batch}). A short k_j (a 128-bit batch coefficient) has zero
     * digits above its length, which cost nothing.
     */
    static Point multiScalar(BigInteger[] k, Point[] q) {
        if (k.length != q.length) {
            throw new IllegalArgumentException(k.length + " scalars for " + q.length + " points");
        }
        byte[][] e = new byte[k.length][];
        int[][][] tables = new int[k.length][][];
        for (int j = 0; j < k.length; j++) {
            if (k[j].signum() < 0 || k[j].bitLength() > 256) {
                throw new IllegalArgumentException("scalar out of range: " + k[j].bitLength() + " bits");
            }
            e[j] = wnaf(k[j]);
            tables[j] = q[j] == BASE ? BaseTable.ROWS : table(q[j]);
        }
        return multiplyDigits(e, tables);
    }

    private static Point multiplyDigits(byte[][] digits, int[][][] tables) {
        Accumulator acc = new Accumulator(IDENTITY);
        boolean started = false; // doublings of the identity are skipped
        for (int i = digits[0].length - 1; i >= 0; i--) {
            boolean adds = false;
            for (byte[] term : digits) {
                if (term[i] != 0) {
                    adds = true;
                    break;
                }
            }
            if (started) {
                acc.twice(adds || i == 0); // an addition reads T, and so may the caller
            }
            if (!adds) {
                continue;
            }
            for (int term = 0; term < digits.length; term++) {
                int digit = digits[term][i];
                if (digit != 0) {
                    started = true;
                    acc.addCached(tables[term][(Math.abs(digit) - 1) >> 1], digit < 0);
                }
            }
        }
        return acc.point();
    }

    /**
     * A point being computed in place, (X:Y:Z:T) and the scratch its formulas need: C1, the
     * launcher's only compiler, does no escape analysis, so a new Point per step would be a
     * kilobyte of garbage for every addition.
     */
    private static final class Accumulator {
        private final int[] x;
        private final int[] y;
        private final int[] z;
        private final int[] t;
        private final int[] a = X25519Field.create();
        private final int[] b = X25519Field.create();
        private final int[] c = X25519Field.create();
        private final int[] d = X25519Field.create();
        private final int[] u = X25519Field.create();
        private final int[] v = X25519Field.create();
        private final int[] w = X25519Field.create();
        private final int[] s = X25519Field.create();

        Accumulator(Point p) {
            x = p.x.clone();
            y = p.y.clone();
            z = p.z.clone();
            t = p.t.clone();
        }

        /** dbl-2008-hwcd, a = -1 (as {@link Point#twice}); T only when {@code withT}. */
        void twice(boolean withT) {
            X25519Field.sqr(x, a);                // A = X²
            X25519Field.sqr(y, b);                // B = Y²
            X25519Field.sqr(z, c);
            addCarry(c, c, c);                    // C = 2Z²
            addCarry(x, y, d);
            X25519Field.sqr(d, d);                // (X+Y)²
            addCarry(a, b, u);                    // H = A+B
            subCarry(u, d, d);                    // E = H-(X+Y)²
            subCarry(a, b, v);                    // G = A-B
            addCarry(c, v, c);                    // F = C+G
            X25519Field.mul(d, c, x);             // X3 = E·F
            X25519Field.mul(v, u, y);             // Y3 = G·H
            X25519Field.mul(c, v, z);             // Z3 = F·G
            if (withT) {
                X25519Field.mul(d, u, t);         // T3 = E·H
            }
        }

        /**
         * add-2008-hwcd-3, a = -1, k = 2d (as {@link Point#add}) of a point cached as (Y+X, Y-X,
         * 2Z, 2dT), or of its negative: -(X, Y, Z, T) = (-X, Y, Z, -T), so Y+X and Y-X swap
         * places and 2dT changes sign.
         */
        void addCached(int[] row, boolean negative) {
            final int n = X25519Field.SIZE;
            System.arraycopy(row, negative ? n : 0, u, 0, n);      // Y2+X2
            System.arraycopy(row, negative ? 0 : n, v, 0, n);      // Y2-X2
            System.arraycopy(row, 2 * n, w, 0, n);                 // 2Z2
            System.arraycopy(row, 3 * n, s, 0, n);                 // 2dT2
            if (negative) {
                X25519Field.negate(s, s);
                X25519Field.carry(s);
            }
            subCarry(y, x, a);
            X25519Field.mul(a, v, a);                     // A = (Y1-X1)(Y2-X2)
            addCarry(y, x, b);
            X25519Field.mul(b, u, b);                     // B = (Y1+X1)(Y2+X2)
            X25519Field.mul(t, s, c);                     // C = T1·2dT2
            X25519Field.mul(z, w, d);                     // D = Z1·2Z2
            subCarry(b, a, u);                            // E = B-A
            subCarry(d, c, v);                            // F = D-C
            addCarry(d, c, w);                            // G = D+C
            addCarry(b, a, s);                            // H = B+A
            X25519Field.mul(u, v, x);                     // X3 = E·F
            X25519Field.mul(w, s, y);                     // Y3 = G·H
            X25519Field.mul(v, w, z);                     // Z3 = F·G
            X25519Field.mul(u, s, t);                     // T3 = E·H
        }

        /** This point as a table row: Y+X, Y-X, 2Z, 2dT (T must be current). */
        int[] cached() {
            final int n = X25519Field.SIZE;
            int[] row = new int[4 * n];
            addCarry(y, x, a);
            System.arraycopy(a, 0, row, 0, n);
            subCarry(y, x, a);
            System.arraycopy(a, 0, row, n, n);
            addCarry(z, z, a);
            System.arraycopy(a, 0, row, 2 * n, n);
            X25519Field.mul(t, D2, a);
            System.arraycopy(a, 0, row, 3 * n, n);
            return row;
        }

        Point point() {
            return new Point(x.clone(), y.clone(), z.clone(), t.clone());
        }
    }

    private static void addCarry(int[] p, int[] q, int[] r) {
        X25519Field.add(p, q, r);
        X25519Field.carry(r);
    }

    private static void subCarry(int[] p, int[] q, int[] r) {
        X25519Field.sub(p, q, r);
        X25519Field.carry(r);
    }

    /** 8q: what is left of q without its torsion component (RFC 8032 §5.1.7's cofactored check). */
    static Point timesCofactor(Point q) {
        return q.twice().twice().twice();
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
