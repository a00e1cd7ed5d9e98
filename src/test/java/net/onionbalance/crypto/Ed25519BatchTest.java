package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Ed25519Batch#allHold} gives what a single {@link Ed25519PublicKey#verify} of each
 * signature gives, and Bouncy Castle's own verification (independent of our code) decides
 * every case it is compared with.
 */
class Ed25519BatchTest {
    /** The points of order 2, 4 and 8 (cr.yp.to/ecdh.html#validate lists all small-order points). */
    private static final String[] SMALL_ORDER = {
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    };

    private record Set(Ed25519ExpandedSecretKey key, List<byte[]> messages, List<byte[]> signatures) {}

    private static Set signed(Random rng, int n) {
        byte[] seed = new byte[32];
        rng.nextBytes(seed);
        Ed25519ExpandedSecretKey key = Ed25519ExpandedSecretKey.fromSeed(seed);
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[rng.nextInt(200)];
            rng.nextBytes(m);
            messages.add(m);
            signatures.add(key.sign(m));
        }
        return new Set(key, messages, signatures);
    }

    /** Bouncy Castle's verification of each pair, straight from the bytes. */
    private static boolean eachByBouncyCastle(Ed25519PublicKey key, List<byte[]> messages, List<byte[]> signatures) {
        byte[] pk = key.bytes();
        for (int i = 0; i < messages.size(); i++) {
            byte[] m = messages.get(i);
            byte[] s = signatures.get(i);
            if (s.length != 64 || !Ed25519.verify(s, 0, pk, 0, m, 0, m.length)) {
                return false;
            }
        }
        return true;
    }

    private static boolean batch(Ed25519PublicKey key, List<byte[]> messages, List<byte[]> signatures) {
        Ed25519Batch b = new Ed25519Batch();
        for (int i = 0; i < messages.size(); i++) {
            b.add(key, messages.get(i), signatures.get(i));
        }
        return b.allHold();
    }

    @Test
    void signaturesUnderSeveralKeysHoldTogetherAndAFailureIsNamed() {
        Random rng = new Random(7);
        Set one = signed(rng, 6);
        Set two = signed(rng, 6);
        Ed25519Batch good = new Ed25519Batch();
        for (int i = 0; i < 6; i++) {
            good.add(one.key().publicKey(), one.messages().get(i), one.signatures().get(i));
            good.add(two.key().publicKey(), two.messages().get(i), two.signatures().get(i));
        }
        assertTrue(good.allHold());
        assertEquals(-1, good.firstFailure());
        for (int bad = 0; bad < 12; bad++) {
            Ed25519Batch b = new Ed25519Batch();
            for (int i = 0; i < 12; i++) {
                Set s = i % 2 == 0 ? one : two;
                Set claimed = i == bad ? (i % 2 == 0 ? two : one) : s; // signed by one key, claimed for the other
                b.add(claimed.key().publicKey(), s.messages().get(i / 2), s.signatures().get(i / 2));
            }
            assertFalse(b.allHold(), "signature " + bad + " under the wrong key");
            assertEquals(bad, b.firstFailure());
        }
    }

    @Test
    void validSetsOfEverySizeHold() {
        Random rng = new Random(1);
        for (int n = 0; n <= 42; n++) {
            Set s = signed(rng, n);
            assertTrue(batch(s.key().publicKey(), s.messages(), s.signatures()), "valid set of " + n);
        }
    }

    @Test
    void everySingleCorruptedSignatureOrMessageFailsTheBatch() {
        Random rng = new Random(2);
        Set s = signed(rng, 9);
        Ed25519PublicKey pk = s.key().publicKey();
        for (int i = 0; i < 9; i++) {
            for (int bytePos : new int[] {0, 17, 31, 32, 40, 63}) {
                List<byte[]> sigs = new ArrayList<>(s.signatures());
                byte[] bad = sigs.get(i).clone();
                bad[bytePos] ^= (byte) (1 << rng.nextInt(8));
                sigs.set(i, bad);
                assertFalse(batch(pk, s.messages(), sigs), "signature " + i + " byte " + bytePos);
                assertFalse(eachByBouncyCastle(pk, s.messages(), sigs));
            }
            List<byte[]> msgs = new ArrayList<>(s.messages());
            byte[] m = java.util.Arrays.copyOf(msgs.get(i), msgs.get(i).length + 1);
            msgs.set(i, m);
            assertFalse(batch(pk, msgs, s.signatures()), "message " + i + " altered");
            // Two signatures swapped: each is valid, for the other message.
            List<byte[]> swapped = new ArrayList<>(s.signatures());
            swapped.set(i, s.signatures().get((i + 1) % 9));
            swapped.set((i + 1) % 9, s.signatures().get(i));
            assertFalse(batch(pk, s.messages(), swapped), "signatures " + i + " and " + (i + 1) % 9 + " swapped");
        }
        Ed25519PublicKey other = signed(rng, 0).key().publicKey();
        assertFalse(batch(other, s.messages(), s.signatures()), "another key");
    }

    @Test
    void agreesWithSingleChecksOnRandomMixesOfValidAndDamagedSignatures() {
        Random rng = new Random(3);
        int rejected = 0;
        for (int round = 0; round < 200; round++) {
            Set s = signed(rng, 2 + rng.nextInt(12));
            List<byte[]> sigs = new ArrayList<>();
            for (byte[] sig : s.signatures()) {
                byte[] x = sig.clone();
                if (rng.nextInt(30) == 0) {
                    x[rng.nextInt(64)] ^= (byte) (1 << rng.nextInt(8)); // sometimes still valid: a bit of S above l
                }
                sigs.add(x);
            }
            Ed25519PublicKey pk = s.key().publicKey();
            boolean expected = eachByBouncyCastle(pk, s.messages(), sigs);
            assertEquals(expected, batch(pk, s.messages(), sigs), "round " + round);
            if (!expected) {
                rejected++;
            }
        }
        assertTrue(rejected > 20 && rejected < 180, "both outcomes tested: " + rejected + " of 200 rejected");
    }

    /**
     * R with a small-order component added: S·B = R + k·A holds only up to that component, so
     * RFC 8032's cofactored check, Bouncy Castle's, accepts it and tor's cofactorless ref10 check
     * would not. The batch must say what the single check says.
     */
    @Test
    void aTorsionTweakedSignatureIsJudgedAsBouncyCastleJudgesIt() {
        Random rng = new Random(4);
        Set s = signed(rng, 5);
        Ed25519ExpandedSecretKey key = s.key();
        for (String small : SMALL_ORDER) {
            Edwards25519.Point q = Edwards25519.decode(HexFormat.of().parseHex(small));
            byte[] m = "torsion".getBytes(StandardCharsets.US_ASCII);
            BigInteger r = new BigInteger(250, rng);
            byte[] rBytes = Edwards25519.multiplyBase(r).add(q).encode();
            BigInteger k = Edwards25519.reduce512(Digests.sha512(rBytes, key.publicKey().bytes(), m));
            BigInteger sc = r.add(k.multiply(key.scalar())).mod(Edwards25519.L);
            byte[] sig = new byte[64];
            System.arraycopy(rBytes, 0, sig, 0, 32);
            System.arraycopy(Edwards25519.toLittleEndian(sc, 32), 0, sig, 32, 32);
            List<byte[]> msgs = new ArrayList<>(s.messages());
            List<byte[]> sigs = new ArrayList<>(s.signatures());
            msgs.add(2, m);
            sigs.add(2, sig);
            boolean single = eachByBouncyCastle(key.publicKey(), msgs, sigs);
            assertTrue(single, "Bouncy Castle's check is the cofactored one (if this changes, so must verifyAll's doc)");
            assertEquals(single, batch(key.publicKey(), msgs, sigs), small);
        }
    }

    @Test
    void malformedSignaturesAreRefusedAsSingleChecksRefuseThem() {
        Random rng = new Random(5);
        Set s = signed(rng, 4);
        Ed25519PublicKey pk = s.key().publicKey();
        List<byte[]> variants = new ArrayList<>();
        variants.add(new byte[63]);                                    // short
        byte[] plusL = s.signatures().get(1).clone();                  // S + l: the same S, not canonical
        BigInteger sPlusL = Edwards25519.fromLittleEndian(java.util.Arrays.copyOfRange(plusL, 32, 64)).add(Edwards25519.L);
        System.arraycopy(Edwards25519.toLittleEndian(sPlusL, 32), 0, plusL, 32, 32);
        variants.add(plusL);
        byte[] noPoint = s.signatures().get(1).clone();                // R = y 2 is not on the curve
        java.util.Arrays.fill(noPoint, 0, 32, (byte) 0);
        noPoint[0] = 2;
        variants.add(noPoint);
        for (int v = 0; v < variants.size(); v++) {
            List<byte[]> sigs = new ArrayList<>(s.signatures());
            sigs.set(1, variants.get(v));
            assertFalse(batch(pk, s.messages(), sigs), "variant " + v);
            assertFalse(eachByBouncyCastle(pk, s.messages(), sigs), "variant " + v);
        }
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertFalse(batch(Ed25519PublicKey.of(notAPoint), s.messages(), s.signatures()));
    }

    @Test
    void multiScalarIsTheSumOfSingleMultiplications() {
        Random rng = new Random(6);
        for (int round = 0; round < 20; round++) {
            int n = 1 + rng.nextInt(6);
            BigInteger[] k = new BigInteger[n];
            Edwards25519.Point[] q = new Edwards25519.Point[n];
            Edwards25519.Point expected = Edwards25519.IDENTITY;
            for (int j = 0; j < n; j++) {
                k[j] = new BigInteger(rng.nextBoolean() ? 128 : 256, rng);
                q[j] = j == 0 ? Edwards25519.BASE : Edwards25519.multiplyBase(new BigInteger(252, rng));
                expected = expected.add(Edwards25519.multiply(k[j], q[j]));
            }
            assertEquals(HexFormat.of().formatHex(expected.encode()),
                    HexFormat.of().formatHex(Edwards25519.multiScalar(k, q).encode()), "round " + round);
        }
    }
}
