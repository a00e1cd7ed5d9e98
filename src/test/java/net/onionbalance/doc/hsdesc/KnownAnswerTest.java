package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The stem and arti descriptors in ../shared/vectors decrypt and verify as their sources say. */
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vector(int index) {
        return ((List<Map<String, Object>>) SharedVectors.json("hsdesc.json").get("descriptors")).get(index);
    }

    @Test
    void stemDescriptorDecryptsToItsLayersByteForByte() throws Exception {
        Map<String, Object> v = vector(0);
        OuterDocument doc = OuterDocument.parse(SharedVectors.read("hsdesc/stem_hidden_service_v3.txt"));
        OnionAddress address = OnionAddress.parse((String) v.get("onion_address"));
        Ed25519PublicKey blinded = doc.layer().signingKeyCert().signingKeyExtension().orElseThrow();
        assertEquals(v.get("blinded_public_key_from_cert"), blinded.hex());
        assertEquals(Instant.parse((String) v.get("signing_cert_expiration")), doc.layer().signingKeyCert().expiration());
        Ed25519PublicKey signingKey = doc.layer().signingKeyCert().certifiedKey();
        assertTrue(doc.signatureHolds(signingKey), "stem descriptor signature");

        Subcredential sub = Subcredential.of(address.publicKey(), blinded);
        assertEquals(v.get("subcredential_verified_by_probe"), HEX.formatHex(sub.bytes()));
        byte[] first = DescriptorLayers.decryptSuperencrypted(doc.layer(), blinded, sub.bytes());
        assertArrayEquals(SharedVectors.readBytes("hsdesc/stem_hidden_service_v3_outer_layer.txt"), first);
        MiddleLayer middle = MiddleLayer.parse(first);
        byte[] second = DescriptorLayers.decryptEncrypted(middle, blinded, sub.bytes(), 42, Optional.empty());
        assertArrayEquals(SharedVectors.readBytes("hsdesc/stem_hidden_service_v3_inner_layer.txt"), second);

        InnerLayer inner = InnerLayer.parse(second);
        assertEquals(4, inner.introPoints().size());
        assertTrue(inner.singleOnionService());
        assertEquals(List.of("ed25519"), inner.introAuthRequired());
        assertEquals(2, inner.introPoints().stream().filter(ip -> ip.legacy().isPresent()).count());
        Instant beforeExpiry = Instant.parse("2017-08-01T00:00:00Z");
        for (IntroPoint ip : inner.introPoints()) {
            ip.authKeyCert().verify(signingKey, beforeExpiry);
            ip.encKeyCert().verify(signingKey, beforeExpiry);
        }
    }

    @Test
    void artiHsdesc1DecryptsToItsLayersByteForByte() throws Exception {
        Map<String, Object> v = vector(1);
        OuterDocument doc = OuterDocument.parse(SharedVectors.read("hsdesc/arti_hsdesc1.txt"));
        Ed25519PublicKey blinded = doc.layer().signingKeyCert().signingKeyExtension().orElseThrow();
        assertEquals(v.get("blinded_public_key_from_cert"), blinded.hex());
        Ed25519PublicKey signingKey = doc.layer().signingKeyCert().certifiedKey();
        assertEquals(v.get("descriptor_signing_key"), signingKey.hex());
        assertTrue(doc.signatureHolds(signingKey));
        doc.layer().signingKeyCert().verify(blinded, Instant.parse("2023-01-23T15:00:00Z"));

        byte[] sub = HEX.parseHex((String) v.get("subcredential"));
        byte[] first = DescriptorLayers.decryptSuperencrypted(doc.layer(), blinded, sub);
        assertArrayEquals(SharedVectors.readBytes("hsdesc/arti_hsdesc1_decrypted_middle_layer.txt"), first);
        byte[] second = DescriptorLayers.decryptEncrypted(MiddleLayer.parse(first), blinded, sub,
                doc.layer().revisionCounter(), Optional.empty());
        byte[] expectedInner = SharedVectors.readBytes("hsdesc/arti_hsdesc1_decrypted_inner_layer.txt");
        assertArrayEquals(expectedInner, second);

        InnerLayer inner = InnerLayer.parse(second);
        assertEquals(3, inner.introPoints().size());
        assertEquals(v.get("first_intro_point_ntor_onion_key"), HEX.formatHex(inner.introPoints().get(0).onionKeyNtor()));
        assertEquals(new String(expectedInner, StandardCharsets.US_ASCII), inner.toText(), "inner layer written back");
        for (IntroPoint ip : inner.introPoints()) {
            ip.authKeyCert().verify(signingKey, Instant.parse("2023-01-24T03:00:00Z"));
            ip.encKeyCert().verify(signingKey, Instant.parse("2023-01-24T03:00:00Z"));
        }
    }

    @Test
    void artiHsdesc2VerifiesFullyWithItsClientKeyAndNotWithout() throws Exception {
        Map<String, Object> v = vector(2);
        String text = SharedVectors.read("hsdesc/arti_hsdesc2.txt");
        OnionAddress address = OnionAddress.parse((String) v.get("onion_address"));
        TimePeriod tp = new TimePeriod(((Number) v.get("time_period")).longValue(), Duration.ofMinutes(1440),
                TimePeriod.DEFAULT_ROTATION_OFFSET);
        Instant now = Instant.parse("2023-02-10T00:00:00Z");
        X25519PrivateKey client = X25519PrivateKey.of(HEX.parseHex((String) v.get("client_x25519_secret_key")));

        VerifiedDescriptor d = DescriptorVerifier.verify(text, address, List.of(tp.previous(), tp, tp.next()), now, client);
        assertEquals(tp, d.timePeriod());
        assertEquals(v.get("blinded_public_key"), d.blindedKey().hex());
        assertEquals(v.get("descriptor_signing_key"), d.signingKey().hex());
        assertEquals(((Number) v.get("revision_counter")).longValue(), d.revisionCounter());
        assertEquals(Instant.parse((String) v.get("signing_cert_expiration")), d.signingKeyExpiry());
        assertEquals(Duration.ofMinutes(180), d.lifetime());
        assertEquals(SharedVectors.read("hsdesc/arti_hsdesc2_inner_layer.txt"), d.inner().toText());
        assertEquals("1-2 31", d.inner().flowControl().orElseThrow().toString());
        assertEquals(31, d.inner().flowControl().orElseThrow().sendmeIncrement());
        assertFalse(d.introPoints().isEmpty());

        Subcredential sub = Subcredential.of(address.publicKey(), d.blindedKey());
        assertEquals(v.get("subcredential"), HEX.formatHex(sub.bytes()));
        assertEquals(v.get("descriptor_cookie_verified_by_probe"),
                HEX.formatHex(DescriptorLayers.descriptorCookie(d.middle(), sub, client)));

        var noKey = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(text, address, List.of(tp), now));
        // Not a parse or MAC error: the operator sees that the backend restricts its descriptor.
        assertEquals(Check.CLIENT_AUTHORIZATION, noKey.check());
        assertTrue(noKey.getMessage().startsWith("restricted to other clients"), noKey.getMessage());
        assertTrue(noKey.getMessage().contains("client-key"), noKey.getMessage());

        var otherClient = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verify(text, address,
                List.of(tp), now, X25519PrivateKey.of(new byte[32])));
        assertEquals(Check.CLIENT_AUTHORIZATION, otherClient.check());
        assertTrue(otherClient.getMessage().startsWith("restricted to other clients"), otherClient.getMessage());
    }

    @Test
    void innerLayerWithPowParamsParsesAndWritesBack() throws Exception {
        String text = SharedVectors.read("hsdesc/arti_hsdesc_inner_pow_v1.txt");
        InnerLayer inner = InnerLayer.parse(text);
        assertEquals(1, inner.powParams().size());
        assertEquals("v1", inner.powParams().get(0).type());
        assertEquals(List.of("FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo=", "614", "2024-04-11T05:15:37"),
                inner.powParams().get(0).arguments());
        assertEquals(text, inner.toText());
    }
}
