package net.onionbalance.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Point arithmetic on the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)
 * (RFC 8032 §5.1), in extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, xy = T/Z.
 *
 * <p>Why our own: key blinding (rend-spec-v3 A.2) multiplies an arbitrary public point by a
 * scalar and signs with scalars that are not clamped; Bouncy Castle exposes neither operation.
 * BigInteger keeps this short and easy to check; it is not constant-time (see the class notes
 * in {@link Ed25519ExpandedSecretKey}).
 */
final class Edwards25519 {
    private Edwards25519() {}

    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** Order of the prime subgroup, RFC 8032 §5.1. */
    static final BigInteger L = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    /** A square root of -1 mod p: 2^((p-1)/4). */
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    private static final BigInteger SQRT_EXP = P.add(BigInteger.valueOf(3)).shiftRight(3);

    static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
    static final Point BASE = affine(
            new BigInteger("15112221349535400772501151409588531511454012693041857206046113283949847762202"),
            new BigInteger("46316835694926478169428394003475163141307993866256225615783033603165251855960"));

    /** BASE_TABLE[i][j] = j * 16^i * B, so a base multiplication needs additions only. */
    private static final Point[][] BASE_TABLE = buildBaseTable();

    record Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        Point add(Point q) {
            BigInteger a = mul(y.subtract(x), q.y.subtract(q.x));
            BigInteger b = mul(y.add(x), q.y.add(q.x));
            BigInteger c = mul(mul(t, D2), q.t);
            BigInteger d = mul(z.shiftLeft(1), q.z);
            BigInteger e = b.subtract(a);
            BigInteger f = d.subtract(c);
            BigInteger g = d.add(c);
            BigInteger h = b.add(a);
            return new Point(mul(e, f), mul(g, h), mul(f, g), mul(e, h));
        }

        Point twice() {
            BigInteger a = mul(x, x);
            BigInteger b = mul(y, y);
            BigInteger c = mul(z, z).shiftLeft(1);
            BigInteger h = a.add(b);
            BigInteger xy = x.add(y);
            BigInteger e = h.subtract(mul(xy, xy));
            BigInteger g = a.subtract(b);
            BigInteger f = c.add(g);
            return new Point(mul(e, f), mul(g, h), mul(f, g), mul(e, h));
        }

        boolean isIdentity() {
            return x.mod(P).signum() == 0 && y.subtract(z).mod(P).signum() == 0;
        }

        /** RFC 8032 §5.1.2 encoding: y little-endian, top bit = parity of x. */
        byte[] encode() {
            BigInteger zi = z.mod(P).modInverse(P);
            BigInteger ax = mul(x, zi);
            BigInteger ay = mul(y, zi);
            byte[] out = toLittleEndian(ay, 32);
            if (ax.testBit(0)) {
                out[31] |= (byte) 0x80;
            }
            return out;
        }
    }

    static Point affine(BigInteger x, BigInteger y) {
        return new Point(x.mod(P), y.mod(P), BigInteger.ONE, x.multiply(y).mod(P));
    }

    private static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(P);
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
        BigInteger y = fromLittleEndian(yb);
        if (y.compareTo(P) >= 0) {
            return null;
        }
        BigInteger y2 = mul(y, y);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = mul(D, y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = mul(u, v.modInverse(P));
        BigInteger x = x2.modPow(SQRT_EXP, P);
        if (!mul(x, x).equals(x2)) {
            x = mul(x, SQRT_M1);
            if (!mul(x, x).equals(x2)) {
                return null;
            }
        }
        if (x.signum() == 0 && sign) {
            return null;
        }
        if (x.testBit(0) != sign) {
            x = P.subtract(x);
        }
        return affine(x, y);
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
            r = r.add(table[nibble(k, i)]);
        }
        return r;
    }

    /** k * B with k reduced mod L first (B has order L). */
    static Point multiplyBase(BigInteger k) {
        BigInteger s = k.mod(L);
        Point r = IDENTITY;
        for (int i = 0; i < 64; i++) {
            int n = nibble(s, i);
            if (n != 0) {
                r = r.add(BASE_TABLE[i][n]);
            }
        }
        return r;
    }

    private static int nibble(BigInteger k, int i) {
        int n = 0;
        for (int b = 3; b >= 0; b--) {
            n = (n << 1) | (k.testBit(4 * i + b) ? 1 : 0);
        }
        return n;
    }

    private static Point[][] buildBaseTable() {
        Point[][] t = new Point[64][16];
        Point step = BASE;
        for (int i = 0; i < 64; i++) {
            t[i][0] = IDENTITY;
            for (int j = 1; j < 16; j++) {
                t[i][j] = t[i][j - 1].add(step);
            }
            step = step.twice().twice().twice().twice();
        }
        return t;
    }

    /** True when q is in the prime-order subgroup (no torsion component). */
    static boolean isTorsionFree(Point q) {
        return multiply(L, q).isIdentity();
    }

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
