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
            assertArrayEquals(bc, Ed25519ExpandedSecretKey.fromSeed(seed).publicKey().bytes());
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
}
