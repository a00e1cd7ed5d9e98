package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519Test {
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> torCases() {
        return (List<Map<String, Object>>) SharedVectors.json("ed25519_blinding_tor.json").get("cases");
    }

    @Test
    void torVectorsExpansionPublicKeyAndSelfSignature() {
        for (var c : torCases()) {
            var sk = Ed25519ExpandedSecretKey.fromSeed(Hex.bytes(c.get("seed")));
            assertEquals(c.get("expanded_secret_key"), Hex.of(sk.expandedBytes()), "expansion, case " + c.get("index"));
            assertEquals(c.get("public_key"), sk.publicKey().hex(), "public key, case " + c.get("index"));
            byte[] msg = Hex.bytes(c.get("public_key"));
            byte[] sig = sk.sign(msg);
            assertEquals(c.get("self_signature"), Hex.of(sig), "signature, case " + c.get("index"));
            assertTrue(sk.publicKey().verify(msg, sig));
        }
    }

    @Test
    void blindedKeysSignAndBouncyCastleVerifies() {
        for (var c : torCases()) {
            var blinded = Ed25519ExpandedSecretKey.of(Hex.bytes(c.get("blinded_secret_key")));
            assertEquals(c.get("blinded_public_key"), blinded.publicKey().hex());
            byte[] msg = ("descriptor signing key cert " + c.get("index")).getBytes(StandardCharsets.US_ASCII);
            byte[] sig = blinded.sign(msg);
            // Standard RFC 8032 verification, independent of our code.
            assertTrue(Ed25519.verify(sig, 0, blinded.publicKey().bytes(), 0, msg, 0, msg.length),
                    "BC verifies blinded signature, case " + c.get("index"));
        }
    }

    @Test
    void twoMessagesGetDifferentNoncesUnderOneKey() {
        var sk = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        byte[] s1 = sk.sign("first descriptor".getBytes(StandardCharsets.US_ASCII));
        byte[] s2 = sk.sign("second descriptor".getBytes(StandardCharsets.US_ASCII));
        assertFalse(Arrays.equals(Arrays.copyOf(s1, 32), Arrays.copyOf(s2, 32)),
                "R must differ between messages, or the key can be recovered from two signatures");
        // Same for a blinded key, whose prefix is derived, not random.
        var blinded = KeyBlinding.blindSecretKey(sk, new TimePeriod(19000, TimePeriod.DEFAULT_LENGTH, TimePeriod.DEFAULT_ROTATION_OFFSET));
        byte[] b1 = blinded.sign(new byte[] {1});
        byte[] b2 = blinded.sign(new byte[] {2});
        assertFalse(Arrays.equals(Arrays.copyOf(b1, 32), Arrays.copyOf(b2, 32)));
        // Deterministic for the same message (RFC 8032), so the nonce really comes from the prefix.
        assertArrayEquals(b1, blinded.sign(new byte[] {1}));
    }

    @Test
    void randomKeysRoundTripWithBouncyCastle() {
        var rng = new SecureRandom();
        for (int i = 0; i < 10; i++) {
            byte[] seed = new byte[32];
            rng.nextBytes(seed);
            var sk = Ed25519ExpandedSecretKey.fromSeed(seed);
            byte[] bcPub = new byte[32];
            Ed25519.generatePublicKey(seed, 0, bcPub, 0);
            assertArrayEquals(bcPub, sk.publicKey().bytes());
            byte[] msg = new byte[i * 7];
            rng.nextBytes(msg);
            byte[] bcSig = new byte[64];
            Ed25519.sign(seed, 0, msg, 0, msg.length, bcSig, 0);
            assertArrayEquals(bcSig, sk.sign(msg), "same deterministic signature as BC");
        }
    }

    @Test
    void tamperedSignatureOrMessageIsRejected() {
        var sk = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = sk.sign(msg);
        for (int bit = 0; bit < 512; bit += 37) {
            byte[] bad = sig.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(sk.publicKey().verify(msg, bad), "flipped signature bit " + bit);
        }
        assertFalse(sk.publicKey().verify("hellp".getBytes(StandardCharsets.US_ASCII), sig));
        assertFalse(sk.publicKey().verify(msg, Arrays.copyOf(sig, 63)));
    }

    @Test
    void secretsStayOutOfToString() {
        var sk = Ed25519ExpandedSecretKey.fromSeed(new byte[32]);
        String s = sk.toString();
        String hex = Hex.of(sk.expandedBytes());
        assertFalse(s.contains(hex.substring(0, 16)));
        assertFalse(s.contains(hex.substring(64, 80)));
        assertTrue(s.contains(sk.publicKey().base64()));
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519ExpandedSecretKey.of(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519ExpandedSecretKey.fromSeed(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519ExpandedSecretKey.of(new byte[64]), "zero scalar");
    }

    @Test
    void publicKeyValueSemanticsAndBase64() {
        byte[] b = Hex.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var k1 = Ed25519PublicKey.of(b);
        b[0] ^= 1;
        var k2 = Ed25519PublicKey.of(Hex.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        assertEquals(k1, k2, "of() copies its input");
        assertEquals(43, k1.base64().length());
        assertEquals(k1, Ed25519PublicKey.fromBase64(k1.base64()));
        assertNotEquals(k1, Ed25519PublicKey.of(b));
    }

    @Test
    void measureSignAndBlinding() {
        var sk = Ed25519ExpandedSecretKey.fromSeed(new byte[32]);
        var tp = new TimePeriod(19000, TimePeriod.DEFAULT_LENGTH, TimePeriod.DEFAULT_ROTATION_OFFSET);
        for (int i = 0; i < 50; i++) { // warm-up
            sk.sign(new byte[] {(byte) i});
            KeyBlinding.blindPublicKey(sk.publicKey(), tp);
        }
        int n = 100;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sk.sign(new byte[] {(byte) i});
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            KeyBlinding.blindPublicKey(sk.publicKey(), tp);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            KeyBlinding.blindSecretKey(sk, tp);
        }
        long t3 = System.nanoTime();
        System.out.printf("MEASURE sign %.3f ms, blindPublicKey %.3f ms, blindSecretKey %.3f ms%n",
                (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
        assertTrue((t2 - t1) / n < 100_000_000L, "one blinding under 100 ms");
    }

    /** Guards the Bouncy Castle signing path of seeded keys: the same bytes as RFC 8032 from the expanded key. */
    @Test
    void seededKeysSignAsTheExpandedKeyWould() {
        var rng = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            var sk = Ed25519ExpandedSecretKey.generate(rng);
            byte[] msg = new byte[rng.nextInt(300)];
            rng.nextBytes(msg);
            byte[] sig = sk.sign(msg);
            assertArrayEquals(sk.signWithExpanded(msg), sig, "signature " + i);
            assertArrayEquals(Edwards25519.multiplyBase(sk.scalar()).encode(), sk.publicKey().bytes(), "public key " + i);
            // A key that has lost its seed (tor's file form) signs the same.
            assertArrayEquals(sig, Ed25519ExpandedSecretKey.of(sk.expandedBytes()).sign(msg), "expanded form " + i);
        }
    }

    /**
     * Guards the kept decoded point: verification answers as Bouncy Castle's verification with the
     * key as bytes, the first time and again from the kept point, for good and altered signatures
     * and for keys that are not canonical, not on the curve, or of small order.
     */
    @Test
    void keptPointVerifiesAsBouncyCastleDoesWithTheBytes() {
        var rng = new SecureRandom();
        List<byte[]> oddKeys = List.of(
                Hex.bytes("0100000000000000000000000000000000000000000000000000000000000000"), // identity
                Hex.bytes("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // order 2
                Hex.bytes("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // y = p: not canonical
                Hex.bytes("0200000000000000000000000000000000000000000000000000000000000000")); // not on the curve
        for (int i = 0; i < 300; i++) {
            var sk = Ed25519ExpandedSecretKey.generate(rng);
            byte[] msg = new byte[rng.nextInt(200)];
            rng.nextBytes(msg);
            byte[] sig = sk.sign(msg);
            byte[] key = sk.publicKey().bytes();
            switch (i % 5) {
                case 1 -> sig[rng.nextInt(64)] ^= (byte) (1 << rng.nextInt(8));
                case 2 -> key[rng.nextInt(32)] ^= (byte) (1 << rng.nextInt(8));
                case 3 -> key = oddKeys.get(i / 5 % oddKeys.size()).clone();
                case 4 -> rng.nextBytes(key);
                default -> { }
            }
            boolean expected = Ed25519.verify(sig, 0, key, 0, msg, 0, msg.length);
            var pk = Ed25519PublicKey.of(key);
            assertEquals(expected, pk.verify(msg, sig), "first check, case " + i);
            assertEquals(expected, pk.verify(msg, sig), "check from the kept point, case " + i);
            if (expected && msg.length > 0) {
                byte[] other = msg.clone();
                other[0] ^= 1;
                assertFalse(pk.verify(other, sig), "kept point, other message, case " + i);
            }
        }
    }
}
