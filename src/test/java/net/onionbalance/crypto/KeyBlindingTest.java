package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyBlindingTest {
    private static TimePeriod period(Map<String, Object> c) {
        return new TimePeriod(((Number) c.get("period_num")).longValue(),
                java.time.Duration.ofMinutes(((Number) c.get("period_length_minutes")).longValue()),
                TimePeriod.DEFAULT_ROTATION_OFFSET);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hsCommon(String key) {
        return (Map<String, Object>) SharedVectors.json("hs_common.json").get(key);
    }

    @Test
    void torVectorsWithRawParameter() {
        for (var c : Ed25519Test.torCases()) {
            byte[] h = Hex.bytes(c.get("blinding_param"));
            var sk = Ed25519ExpandedSecretKey.fromSeed(Hex.bytes(c.get("seed")));
            var bsk = KeyBlinding.blindSecretKeyWithParameter(sk, h);
            assertEquals(c.get("blinded_secret_key"), Hex.of(bsk.expandedBytes()), "case " + c.get("index"));
            var bpk = KeyBlinding.blindPublicKeyWithParameter(sk.publicKey(), h);
            assertEquals(c.get("blinded_public_key"), bpk.hex(), "case " + c.get("index"));
            assertEquals(bpk, bsk.publicKey(), "a'·B = clamp(h)·A");
        }
    }

    @Test
    void blindingBasicsFromTor() {
        var c = hsCommon("blinding_basics");
        var sk = Ed25519ExpandedSecretKey.of(Hex.bytes(c.get("identity_expanded_secret_key")));
        var pk = Ed25519PublicKey.of(Hex.bytes(c.get("identity_public_key")));
        assertEquals(pk, sk.publicKey());
        var tp = period(c);
        assertEquals(c.get("blinding_param_h_unclamped"), Hex.of(KeyBlinding.blindingParameter(pk, tp)));
        var blinded = KeyBlinding.blindPublicKey(pk, tp);
        assertEquals(c.get("blinded_public_key"), blinded.hex());
        assertEquals(c.get("blinded_expanded_secret_key"), Hex.of(KeyBlinding.blindSecretKey(sk, tp).expandedBytes()));
        assertEquals(c.get("subcredential"), Hex.of(Subcredential.of(pk, blinded).bytes()));
        assertEquals(Subcredential.of(pk, blinded), Subcredential.of(pk, tp));
    }

    @Test
    void artiHsdesc2Blinding() {
        var c = hsCommon("arti_hsdesc2_blinding");
        var pk = Ed25519PublicKey.of(Hex.bytes(c.get("identity_public_key")));
        assertEquals(c.get("onion_address"), OnionAddress.of(pk).withOnionSuffix());
        var blinded = KeyBlinding.blindPublicKey(pk, period(c));
        assertEquals(c.get("blinded_public_key"), blinded.hex());
        assertEquals(c.get("subcredential"), Hex.of(Subcredential.of(pk, blinded).bytes()));
    }

    @Test
    void stemBlindingWithNonceAsParameter() {
        var c = hsCommon("stem_blinding");
        var sk = Ed25519ExpandedSecretKey.fromSeed(Hex.bytes(c.get("identity_seed")));
        var blinded = KeyBlinding.blindPublicKeyWithParameter(sk.publicKey(),
                Hex.bytes(c.get("blinding_nonce_used_directly_as_h")));
        assertEquals(c.get("expected_blinded_public_key"), blinded.hex());
    }

    @Test
    void hsMacVectors() {
        var c = hsCommon("hs_mac");
        byte[] key = ((String) c.get("key_ascii")).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] msg = ((String) c.get("msg_ascii")).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(c.get("expected"), Hex.of(HsMac.compute(key, msg)));
        assertEquals(Hex.of(Digests.sha3_256(new byte[8])), Hex.of(HsMac.compute(new byte[0], new byte[0])));
        assertEquals(Hex.of(Digests.sha3_256("\0\0\0\0\0\0\0\u0005helloworld".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
                Hex.of(HsMac.compute("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "world".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    }

    @Test
    void blindedKeysDifferPerPeriodAndVerify() {
        var sk = Ed25519ExpandedSecretKey.fromSeed(new byte[32]);
        var tp = new TimePeriod(20000, TimePeriod.DEFAULT_LENGTH, TimePeriod.DEFAULT_ROTATION_OFFSET);
        var b1 = KeyBlinding.blindSecretKey(sk, tp);
        var b2 = KeyBlinding.blindSecretKey(sk, tp.next());
        assertNotEquals(b1.publicKey(), b2.publicKey());
        assertEquals(KeyBlinding.blindPublicKey(sk.publicKey(), tp.next()), b2.publicKey());
        byte[] msg = {1, 2, 3};
        assertTrue(b2.publicKey().verify(msg, b2.sign(msg)));
        assertTrue(!b1.publicKey().verify(msg, b2.sign(msg)));
    }
}
