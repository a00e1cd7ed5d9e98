package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The curve arithmetic under key blinding, signing and onion-address validation, checked against
 * Bouncy Castle as an independent implementation.
 */
class Edwards25519Test {
    /** The eight points of small order (the 8-torsion), as libsodium and tor list them. */
    private static final String[] SMALL_ORDER = {
            "0100000000000000000000000000000000000000000000000000000000000000", // identity
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
            "0000000000000000000000000000000000000000000000000000000000000000", // order 4
            "0000000000000000000000000000000000000000000000000000000000000080", // order 4 (x negative)
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    };

    @Test
    void smallOrderPointsAreNotValidKeys() {
        for (String hex : SMALL_ORDER) {
            assertFalse(Ed25519PublicKey.of(Hex.bytes(hex)).isValidPoint(), hex);
        }
    }

    @Test
    void aRealKeyWithATorsionComponentIsRefused() {
        var a = Ed25519ExpandedSecretKey.fromSeed(new byte[32]).publicKey();
        assertTrue(a.isValidPoint());
        for (int i = 1; i < SMALL_ORDER.length; i++) {
            var t = Edwards25519.decode(Hex.bytes(SMALL_ORDER[i]));
            if (t == null) {
                continue; // "0000..80" is x = -0, which is not a valid encoding
            }
            byte[] mixed = Edwards25519.decode(a.bytes()).add(t).encode();
            assertFalse(Ed25519PublicKey.of(mixed).isValidPoint(), SMALL_ORDER[i]);
            assertFalse(Ed25519.validatePublicKeyFull(mixed, 0), "Bouncy Castle agrees");
        }
    }

    @Test
    void validityAgreesWithBouncyCastleOnRandomBytes() {
        Random rnd = new Random(7);
        int onCurve = 0;
        int valid = 0;
        for (int i = 0; i < 600; i++) {
            byte[] b = new byte[32];
            rnd.nextBytes(b);
            boolean ours = Ed25519PublicKey.of(b).isValidPoint();
            assertEquals(Ed25519.validatePublicKeyFull(b, 0), ours, Hex.of(b));
            if (Edwards25519.decode(b) != null) {
                onCurve++;
                assertArrayEquals(b, Edwards25519.decode(b).encode(), "encoding round trip");
            }
            valid += ours ? 1 : 0;
        }
        // About half of all strings are points, one in eight of those lies in the prime-order subgroup.
        assertTrue(onCurve > 200 && valid > 10 && valid < onCurve, onCurve + " points, " + valid + " valid");
    }

    @Test
    void nonCanonicalEncodingsAreNotPoints() {
        // y = p + 1 (the point y = 1 written with a y that is not reduced).
        assertNull(Edwards25519.decode(Hex.bytes("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")));
        // y = 1 with the sign bit set: "negative zero" x.
        assertNull(Edwards25519.decode(Hex.bytes("0100000000000000000000000000000000000000000000000000000000000080")));
        assertNotNull(Edwards25519.decode(Hex.bytes("0100000000000000000000000000000000000000000000000000000000000000")));
    }

    @Test
    void baseMultiplicationMatchesBouncyCastlePublicKeys() {
        Random rnd = new Random(11);
        for (int i = 0; i < 40; i++) {
            byte[] seed = new byte[32];
            rnd.nextBytes(seed);
            byte[] bc = new byte[32];
            Ed25519.generatePublicKey(seed, 0, bc, 0);
            // Our multiplication, not the key's public key: seeded keys take theirs from Bouncy Castle.
            assertArrayEquals(bc, Edwards25519.multiplyBase(Ed25519ExpandedSecretKey.fromSeed(seed).scalar()).encode());
        }
    }

    @Test
    void scalarMultiplicationIsLinear() {
        // k·(a·B) = (k·a mod l)·B: multiply() on an arbitrary point against the base-point path.
        Random rnd = new Random(13);
        for (int i = 0; i < 20; i++) {
            BigInteger a = new BigInteger(256, rnd);
            BigInteger k = new BigInteger(256, rnd);
            var aB = Edwards25519.multiplyBase(a);
            assertArrayEquals(Edwards25519.multiplyBase(k.multiply(a)).encode(),
                    Edwards25519.multiply(k, aB).encode());
            assertArrayEquals(aB.add(aB).encode(), aB.twice().encode(), "doubling is adding to itself");
        }
        assertTrue(Edwards25519.multiply(BigInteger.ZERO, Edwards25519.BASE).isIdentity());
        assertTrue(Edwards25519.multiply(Edwards25519.L, Edwards25519.BASE).isIdentity());
        assertFalse(Edwards25519.multiply(Edwards25519.L.subtract(BigInteger.ONE), Edwards25519.BASE).isIdentity());
    }

    // ---------------------------------------------------------------- an independent reference

    private static final BigInteger P = Edwards25519.P;
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    /** Affine addition on -x² + y² = 1 + d x² y² (RFC 8032 §5.1.4, complete for a = -1), in BigInteger. */
    private static BigInteger[] affineAdd(BigInteger[] p, BigInteger[] q) {
        BigInteger xx = p[0].multiply(q[0]).mod(P);
        BigInteger yy = p[1].multiply(q[1]).mod(P);
        BigInteger dxy = D.multiply(xx).multiply(yy).mod(P);
        BigInteger x = p[0].multiply(q[1]).add(p[1].multiply(q[0])).multiply(BigInteger.ONE.add(dxy).modInverse(P)).mod(P);
        BigInteger y = yy.add(xx).multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P)).mod(P);
        return new BigInteger[] {x, y};
    }

    private static BigInteger[] affineMultiply(BigInteger k, BigInteger[] p) {
        BigInteger[] r = {BigInteger.ZERO, BigInteger.ONE};
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = affineAdd(r, r);
            if (k.testBit(i)) {
                r = affineAdd(r, p);
            }
        }
        return r;
    }

    private static byte[] affineEncode(BigInteger[] p) {
        byte[] out = Edwards25519.toLittleEndian(p[1], 32);
        if (p[0].testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** x from y and the sign bit (RFC 8032 §5.1.3), in BigInteger: the reference's own decoding. */
    private static BigInteger[] affineDecode(byte[] enc) {
        byte[] yb = enc.clone();
        boolean sign = (yb[31] & 0x80) != 0;
        yb[31] &= 0x7f;
        BigInteger y = Edwards25519.fromLittleEndian(yb);
        BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P)).mod(P);
        }
        if (x.testBit(0) != sign) {
            x = P.subtract(x).mod(P);
        }
        return new BigInteger[] {x, y};
    }

    /**
     * Guards the signed-digit multiplication: k·q against BigInteger double-and-add for random and
     * edge scalars (0, 1, digits at ±8, 2^255-1, 2^256-1, l, clamped blinding parameters) on random
     * points, some with a torsion component, and on B.
     */
    @Test
    void signedDigitMultiplicationMatchesAnAffineReference() {
        Random rnd = new Random(17);
        BigInteger two256 = BigInteger.ONE.shiftLeft(256);
        BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(8), BigInteger.valueOf(0x88),
                new BigInteger("88".repeat(32), 16), new BigInteger("77".repeat(32), 16),
                BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE), two256.subtract(BigInteger.ONE), Edwards25519.L,
                // NAF windows: 15 and 17 on either side of a window's sign, carries that run to bit 256
                BigInteger.valueOf(15), BigInteger.valueOf(17), BigInteger.valueOf(31), BigInteger.valueOf(0x3f1),
                new BigInteger("f0".repeat(32), 16), two256.subtract(BigInteger.ONE.shiftLeft(251)),
                new BigInteger("1f".repeat(32), 16)};
        int points = 0;
        while (points < 24) {
            byte[] b = new byte[32];
            rnd.nextBytes(b);
            Edwards25519.Point q = Edwards25519.decode(b);
            if (q == null) {
                continue;
            }
            points++;
            BigInteger[] ref = affineDecode(b);
            assertArrayEquals(b, affineEncode(ref), "reference decoding");
            for (int i = 0; i < 6; i++) {
                BigInteger k = i < 2 ? edges[(points * 2 + i + points / 8) % edges.length] : new BigInteger(i == 5 ? 256 : 255, rnd);
                if (i == 4) {
                    byte[] h = new byte[32];
                    rnd.nextBytes(h);
                    h[0] &= (byte) 248;
                    h[31] &= 63;
                    h[31] |= 64;
                    k = Edwards25519.fromLittleEndian(h);
                }
                assertArrayEquals(affineEncode(affineMultiply(k, ref)), Edwards25519.multiply(k, q).encode(),
                        "k = " + k.toString(16) + " on " + Hex.of(b));
            }
        }
        BigInteger[] base = affineDecode(Edwards25519.BASE.encode());
        for (int i = 0; i < 20; i++) {
            BigInteger k = new BigInteger(300, rnd);
            assertArrayEquals(affineEncode(affineMultiply(k.mod(Edwards25519.L), base)), Edwards25519.multiplyBase(k).encode());
        }
    }

    /** The NAF digits add up to k, are odd and within ±15, and no two non-zero ones are closer than five. */
    @Test
    void wnafDigitsAddUpToTheScalarAndKeepTheirSpacing() {
        Random rnd = new Random(5);
        BigInteger two256 = BigInteger.ONE.shiftLeft(256);
        for (int round = 0; round < 500; round++) {
            BigInteger k = round == 0 ? two256.subtract(BigInteger.ONE) : round == 1 ? BigInteger.ZERO
                    : new BigInteger(1 + rnd.nextInt(256), rnd);
            byte[] d = Edwards25519.wnaf(k);
            BigInteger sum = BigInteger.ZERO;
            int last = -5;
            for (int i = 0; i < d.length; i++) {
                if (d[i] != 0) {
                    assertTrue(Math.abs(d[i]) <= 15 && (d[i] & 1) == 1, "digit " + d[i] + " at " + i);
                    assertTrue(i - last >= 5, "digits at " + last + " and " + i + " for " + k.toString(16));
                    last = i;
                    sum = sum.add(BigInteger.valueOf(d[i]).shiftLeft(i));
                }
            }
            assertEquals(k, sum, k.toString(16));
        }
    }
}
