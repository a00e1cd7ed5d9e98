package net.onionbalance.doc.cert;

import net.onionbalance.crypto.Curve25519ToEd25519;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519CertTest {
    private static byte[] hex(Object s) {
        return HexFormat.of().parseHex(((String) s).toLowerCase());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vectors() {
        return SharedVectors.json("certs/tor_ed25519_certs.json");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> certs() {
        return (List<Map<String, Object>>) vectors().get("certs");
    }

    @Test
    @SuppressWarnings("unchecked")
    void knownCertsParseAndVerify() throws Exception {
        for (var c : certs()) {
            String name = (String) c.get("name");
            byte[] raw = hex(c.get("hex"));
            var cert = Ed25519Cert.parse(raw);
            assertArrayEquals(raw, cert.encoded(), name);
            assertEquals(((Number) c.get("cert_type")).intValue(), cert.typeCode(), name);
            assertEquals(((Number) c.get("expiration_hours_since_epoch")).longValue(), cert.expirationHours(), name);
            assertEquals(Instant.parse((String) c.get("expiration_utc")), cert.expiration(), name);
            assertEquals(((Number) c.get("cert_key_type")).intValue(), cert.certKeyType(), name);
            assertEquals(c.get("certified_key"), HexFormat.of().formatHex(cert.certifiedKeyBytes()), name);
            var exts = (List<Map<String, Object>>) (List<?>) c.get("extensions");
            assertEquals(exts.size(), cert.extensions().size(), name);
            if (!exts.isEmpty()) {
                assertEquals(exts.get(0).get("data"), cert.signingKeyExtension().orElseThrow().hex(), name);
            }
            assertEquals(c.get("signature"), HexFormat.of().formatHex(cert.signature()), name);
            Object signerHex = c.get("signing_key") != null ? c.get("signing_key") : c.get("signing_key_derived_by_probe");
            var signer = Ed25519PublicKey.of(hex(signerHex));
            assertDoesNotThrow(() -> cert.verify(signer, cert.expiration()), name);
            var expired = assertThrows(CertVerificationException.class,
                    () -> cert.verify(signer, cert.expiration().plusSeconds(1)), name);
            assertEquals(CertVerificationException.Reason.EXPIRED, expired.reason());
            assertEquals(cert, Ed25519Cert.parsePem(cert.toPem()), name);
        }
    }

    @Test
    void hsCertTypesAreNamed() throws Exception {
        var types = certs().stream().map(c -> {
            try {
                return Ed25519Cert.parse(hex(c.get("hex"))).certType();
            } catch (CertParseException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertTrue(types.containsAll(List.of(CertType.IDENTITY_V_SIGNING, CertType.SIGNING_V_TLS_CERT,
                CertType.NTOR_CC_IDENTITY, CertType.HS_V3_DESC_SIGNING, CertType.HS_V3_INTRO_AUTH, CertType.HS_V3_NTOR_ENC)));
        assertEquals(CertType.UNKNOWN, CertType.fromCode(0x42));
    }

    @Test
    @SuppressWarnings("unchecked")
    void invalidCasesFromArti() throws Exception {
        var cases = (List<Map<String, Object>>) ((Map<String, Object>) vectors().get("invalid_cases_from_arti")).get("cases");
        var version = assertThrows(CertParseException.class, () -> Ed25519Cert.parse(hex(cases.get(0).get("hex"))));
        assertEquals(CertParseException.Reason.UNKNOWN_VERSION, version.reason());
        var extLen = assertThrows(CertParseException.class, () -> Ed25519Cert.parse(hex(cases.get(1).get("hex"))));
        assertEquals(CertParseException.Reason.BAD_SIGNING_KEY_EXTENSION, extLen.reason());
        assertTrue(extLen.getMessage().contains("33 bytes"), extLen.getMessage());
        var critical = assertThrows(CertParseException.class, () -> Ed25519Cert.parse(hex(cases.get(2).get("hex"))));
        assertEquals(CertParseException.Reason.UNKNOWN_CRITICAL_EXTENSION, critical.reason());
        assertTrue(critical.getMessage().contains("0x09"), critical.getMessage());

        // An unknown extension is ignored without the affects-validation flag, fatal with it.
        var signer = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        byte[] ignorable = withExtension(hex(cases.get(3).get("ext_hex")), signer);
        var ok = Ed25519Cert.parse(ignorable);
        assertEquals(0x99, ok.extensions().get(0).type());
        assertDoesNotThrow(() -> ok.verify(signer.publicKey(), Instant.EPOCH));
        var fatal = assertThrows(CertParseException.class,
                () -> Ed25519Cert.parse(withExtension(hex(cases.get(4).get("ext_hex")), signer)));
        assertEquals(CertParseException.Reason.UNKNOWN_CRITICAL_EXTENSION, fatal.reason());

        // The type-4 cert checked against another signer.
        var type4 = Ed25519Cert.parse(hex(certs().get(0).get("hex")));
        var other = Ed25519PublicKey.of(hex("dcb604db2034b00fd16986d4adb9d16b21cb4e4457a33dec0f538903683e96cc"));
        var wrong = assertThrows(CertVerificationException.class, () -> type4.verify(other, Instant.EPOCH));
        assertEquals(CertVerificationException.Reason.WRONG_SIGNER, wrong.reason());
    }

    private static byte[] withExtension(byte[] ext, Ed25519ExpandedSecretKey signer) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(hex("0104000f4240" + "01"));
        out.writeBytes(new byte[32]);
        out.write(1);
        out.writeBytes(ext);
        byte[] body = out.toByteArray();
        out.writeBytes(signer.sign(body));
        return out.toByteArray();
    }

    @Test
    void everyFlippedBitIsRejectedWithAReason() throws Exception {
        var signer = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        var certified = Ed25519ExpandedSecretKey.generate(new SecureRandom()).publicKey();
        var cert = Ed25519Cert.create(CertType.HS_V3_INTRO_AUTH, certified, Instant.parse("2030-01-01T00:00:00Z"), signer, true);
        byte[] good = cert.encoded();
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                var parsed = Ed25519Cert.parse(bad);
                var e = assertThrows(CertVerificationException.class,
                        () -> parsed.verify(signer.publicKey(), Instant.parse("2020-01-01T00:00:00Z")), "bit " + bit);
                assertTrue(e.reason() == CertVerificationException.Reason.BAD_SIGNATURE
                        || e.reason() == CertVerificationException.Reason.WRONG_SIGNER, "bit " + bit + ": " + e.reason());
                assertTrue(!e.getMessage().isBlank());
            } catch (CertParseException e) {
                assertTrue(!e.getMessage().isBlank(), "bit " + bit);
            }
        }
    }

    @Test
    void aWellSignedOnionServiceCertThatCertifiesNoEd25519KeyDoesNotVerify() {
        var signer = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        byte[] digest = new byte[32];
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (CertType type : List.of(CertType.HS_V3_DESC_SIGNING, CertType.HS_V3_INTRO_AUTH, CertType.HS_V3_NTOR_ENC)) {
            var cert = Ed25519Cert.create(type.code(), 600_000, 0x03, digest, List.of(), signer);
            var e = assertThrows(CertVerificationException.class, () -> cert.verify(signer.publicKey(), now), type.name());
            assertEquals(CertVerificationException.Reason.WRONG_KEY_TYPE, e.reason());
            assertTrue(e.getMessage().contains("type 0x03"), e.getMessage());
            assertTrue(cert.toString().contains("not ed25519"), cert.toString());
        }
        // A TLS link certificate (type 05) certifies a digest by definition (cert-spec A.1).
        var tls = Ed25519Cert.create(CertType.SIGNING_V_TLS_CERT.code(), 600_000, 0x03, digest, List.of(), signer);
        assertDoesNotThrow(() -> tls.verify(signer.publicKey(), now));
    }

    @Test
    void createdCertsRoundTripAndExpireOnTheHour() throws Exception {
        var signer = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        var certified = Ed25519ExpandedSecretKey.generate(new SecureRandom()).publicKey();
        Instant exp = Instant.parse("2030-01-01T10:20:00Z");
        var cert = Ed25519Cert.create(CertType.HS_V3_DESC_SIGNING, certified, exp, signer, true);
        assertEquals(Instant.parse("2030-01-01T11:00:00Z"), cert.expiration(), "rounded up to the hour");
        assertEquals(certified, cert.certifiedKey());
        assertEquals(signer.publicKey(), cert.signingKeyExtension().orElseThrow());
        cert.verify(exp);
        var parsed = Ed25519Cert.parsePem("descriptor-signing-key-cert\n" + cert.toPem());
        assertEquals(cert, parsed);
        var bare = Ed25519Cert.create(CertType.HS_V3_NTOR_ENC, certified, exp, signer, false);
        assertTrue(bare.signingKeyExtension().isEmpty());
        bare.verify(signer.publicKey(), exp);
        var none = assertThrows(CertVerificationException.class, () -> bare.verify(exp));
        assertEquals(CertVerificationException.Reason.NO_SIGNING_KEY, none.reason());
        // Recertifying keeps type, expiration and key, changes the signer.
        var newSigner = Ed25519ExpandedSecretKey.generate(new SecureRandom());
        var re = bare.recertify(newSigner);
        assertEquals(bare.typeCode(), re.typeCode());
        assertEquals(bare.expirationHours(), re.expirationHours());
        assertEquals(bare.certifiedKey(), re.certifiedKey());
        re.verify(exp);
        assertEquals(CertVerificationException.Reason.WRONG_SIGNER,
                assertThrows(CertVerificationException.class, () -> re.verify(signer.publicKey(), exp)).reason());
    }

    @Test
    void truncatedAndBadPemAreTyped() {
        assertEquals(CertParseException.Reason.TRUNCATED,
                assertThrows(CertParseException.class, () -> Ed25519Cert.parse(new byte[] {1, 4, 0})).reason());
        assertEquals(CertParseException.Reason.BAD_PEM,
                assertThrows(CertParseException.class, () -> Ed25519Cert.parsePem("nothing here")).reason());
        assertEquals(CertParseException.Reason.BAD_PEM, assertThrows(CertParseException.class,
                () -> Ed25519Cert.parsePem("-----BEGIN ED25519 CERT-----\n!!!\n-----END ED25519 CERT-----")).reason());
    }

    @Test
    void stemServerDescriptor() throws Exception {
        String doc = SharedVectors.read("certs/stem_server_descriptor_with_ed25519.txt");
        Instant published = Instant.parse("2015-08-22T15:21:45Z");
        int idAt = doc.indexOf("identity-ed25519\n");
        var identityCert = Ed25519Cert.parsePem(doc.substring(idAt, doc.indexOf("-----END ED25519 CERT-----", idAt) + 26));
        assertEquals(CertType.IDENTITY_V_SIGNING, identityCert.certType());
        var master = Ed25519PublicKey.fromBase64("Z6a1UabSK+N21j6NnyM6N7jssH6DK68qa6W5uB4QpGQ");
        assertEquals(master, identityCert.signingKeyExtension().orElseThrow());
        identityCert.verify(published);
        assertEquals(CertVerificationException.Reason.EXPIRED,
                assertThrows(CertVerificationException.class, () -> identityCert.verify(Instant.parse("2026-01-01T00:00:00Z"))).reason());

        // router-sig-ed25519 is made by the key the identity cert certifies.
        int docStart = doc.indexOf("router ");
        int sigLine = doc.indexOf("router-sig-ed25519 ") + "router-sig-ed25519 ".length();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                ("Tor router descriptor signature v1" + doc.substring(docStart, sigLine)).getBytes(StandardCharsets.US_ASCII));
        String sigB64 = doc.substring(sigLine, doc.indexOf('\n', sigLine));
        assertTrue(identityCert.certifiedKey().verify(digest, Base64.getDecoder().decode(sigB64)));

        // ntor-onion-key-crosscert: signed by the Edwards form of the ntor key, sign bit from the keyword line.
        int cc = doc.indexOf("ntor-onion-key-crosscert 0\n");
        var crossCert = Ed25519Cert.parsePem(doc.substring(cc, doc.indexOf("-----END ED25519 CERT-----", cc) + 26));
        var ntorKey = Base64.getDecoder().decode("JCj8BOqk0Khfp1hfoJaDbSTzNgeA/u2pSAXnaR3vhl0=");
        crossCert.verify(Curve25519ToEd25519.convert(ntorKey, 0), published);
        assertEquals(master, crossCert.certifiedKey());
        assertEquals(CertVerificationException.Reason.BAD_SIGNATURE, assertThrows(CertVerificationException.class,
                () -> crossCert.verify(Curve25519ToEd25519.convert(ntorKey, 1), published)).reason());
    }
}
