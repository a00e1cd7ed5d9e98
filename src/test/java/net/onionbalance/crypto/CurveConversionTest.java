package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CurveConversionTest {
    @Test
    void torVectorsWithTheirSignBits() {
        for (var c : Ed25519Test.torCases()) {
            int sign = ((Number) c.get("ed25519_sign_bit")).intValue();
            var ed = Curve25519ToEd25519.convert(Hex.bytes(c.get("curve25519_public_key")), sign);
            assertEquals(c.get("public_key"), ed.hex(), "case " + c.get("index"));
        }
    }

    @Test
    void x25519PublicKeyOfTheEd25519ScalarMatchesTor() {
        for (var c : Ed25519Test.torCases()) {
            byte[] scalar = java.util.Arrays.copyOf(Hex.bytes(c.get("expanded_secret_key")), 32);
            assertEquals(c.get("curve25519_public_key"), Hex.of(X25519PrivateKey.of(scalar).publicKey().bytes()));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void encKeyCertCertifiesTheConvertedEncKeyWithSignBitZero() {
        var certs = (List<Map<String, Object>>) SharedVectors.json("certs/tor_ed25519_certs.json").get("certs");
        var c0b = certs.stream().filter(c -> ((Number) c.get("cert_type")).intValue() == 11).findFirst().orElseThrow();
        assertEquals(c0b.get("certified_key"),
                Curve25519ToEd25519.convert(Hex.bytes(c0b.get("enc_key_ntor_curve25519")), 0).hex());
        var c0a = certs.stream().filter(c -> ((Number) c.get("cert_type")).intValue() == 10).findFirst().orElseThrow();
        assertEquals(c0a.get("signing_key_derived_by_probe"),
                Curve25519ToEd25519.convert(Hex.bytes(c0a.get("ntor_onion_key_curve25519")),
                        ((Number) c0a.get("sign_bit")).intValue()).hex());
    }

    @Test
    void x25519AgreementIsSymmetric() {
        var rng = new SecureRandom();
        var a = X25519PrivateKey.generate(rng);
        var b = X25519PrivateKey.generate(rng);
        assertArrayEquals(a.sharedSecret(b.publicKey()), b.sharedSecret(a.publicKey()));
        assertThrows(InvalidPublicKeyException.class, () -> a.sharedSecret(X25519PublicKey.of(new byte[32])));
    }

    @Test
    void rfc7748KnownAnswer() {
        // RFC 7748 §6.1 Alice's key pair.
        var alice = X25519PrivateKey.of(Hex.bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.of(alice.publicKey().bytes()));
        var bob = X25519PublicKey.of(Hex.bytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Hex.of(alice.sharedSecret(bob)));
    }
}
