package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorLayerCipherTest {
    /** The base64 body of the first "-----BEGIN MESSAGE-----" block after {@code keyword}. */
    static byte[] messageAfter(String doc, String keyword) {
        int k = doc.indexOf("\n" + keyword + "\n");
        int b = doc.indexOf("-----BEGIN MESSAGE-----\n", k) + "-----BEGIN MESSAGE-----\n".length();
        int e = doc.indexOf("-----END MESSAGE-----", b);
        return Base64.getMimeDecoder().decode(doc.substring(b, e));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> descriptor(String file) {
        var list = (List<Map<String, Object>>) SharedVectors.json("hsdesc.json").get("descriptors");
        return list.stream().filter(d -> file.equals(d.get("file"))).findFirst().orElseThrow();
    }

    @Test
    void decryptsArtiHsdesc1BothLayers() throws Exception {
        var d = descriptor("hsdesc/arti_hsdesc1.txt");
        byte[] blinded = Hex.bytes(d.get("blinded_public_key_from_cert"));
        byte[] subcred = Hex.bytes(d.get("subcredential"));
        long rev = ((Number) d.get("revision_counter")).longValue();
        String doc = SharedVectors.read("hsdesc/arti_hsdesc1.txt");
        byte[] middle = DescriptorLayerCipher.decrypt(blinded, subcred, rev, DescriptorLayerCipher.SUPERENCRYPTED,
                messageAfter(doc, "superencrypted"));
        assertArrayEquals(SharedVectors.readBytes("hsdesc/arti_hsdesc1_decrypted_middle_layer.txt"), middle);
        byte[] inner = DescriptorLayerCipher.decrypt(blinded, subcred, rev, DescriptorLayerCipher.ENCRYPTED,
                messageAfter(new String(middle, StandardCharsets.US_ASCII), "encrypted"));
        assertArrayEquals(SharedVectors.readBytes("hsdesc/arti_hsdesc1_decrypted_inner_layer.txt"), inner);
    }

    @Test
    void decryptsStemDescriptorFromTheAddressAlone() throws Exception {
        var d = descriptor("hsdesc/stem_hidden_service_v3.txt");
        var identity = OnionAddress.parse((String) d.get("onion_address")).publicKey();
        var blinded = Ed25519PublicKey.of(Hex.bytes(d.get("blinded_public_key_from_cert")));
        byte[] subcred = Subcredential.of(identity, blinded).bytes();
        assertEquals(d.get("subcredential_verified_by_probe"), Hex.of(subcred));
        String doc = SharedVectors.read("hsdesc/stem_hidden_service_v3.txt");
        byte[] middle = DescriptorLayerCipher.decrypt(blinded.bytes(), subcred, 42, DescriptorLayerCipher.SUPERENCRYPTED,
                messageAfter(doc, "superencrypted"));
        assertArrayEquals(SharedVectors.readBytes("hsdesc/stem_hidden_service_v3_outer_layer.txt"), middle);
    }

    @Test
    void roundTripAndEveryFlippedBitIsRejected() throws Exception {
        var rng = new SecureRandom();
        byte[] secret = new byte[32];
        byte[] subcred = new byte[32];
        rng.nextBytes(secret);
        rng.nextBytes(subcred);
        byte[] plain = "introduction-point AAAA\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        byte[] blob = DescriptorLayerCipher.encrypt(secret, subcred, 7, DescriptorLayerCipher.ENCRYPTED, plain, rng);
        assertEquals(16 + plain.length + 32, blob.length);
        assertArrayEquals(plain, DescriptorLayerCipher.decrypt(secret, subcred, 7, DescriptorLayerCipher.ENCRYPTED, blob));
        byte[] again = DescriptorLayerCipher.encrypt(secret, subcred, 7, DescriptorLayerCipher.ENCRYPTED, plain, rng);
        assertFalse(java.util.Arrays.equals(blob, again), "fresh salt each time");
        for (int bit = 0; bit < blob.length * 8; bit += 13) {
            byte[] bad = blob.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(LayerMacMismatchException.class,
                    () -> DescriptorLayerCipher.decrypt(secret, subcred, 7, DescriptorLayerCipher.ENCRYPTED, bad));
        }
        var wrongRev = assertThrows(LayerMacMismatchException.class,
                () -> DescriptorLayerCipher.decrypt(secret, subcred, 8, DescriptorLayerCipher.ENCRYPTED, blob));
        assertTrue(wrongRev.getMessage().contains("encrypted (second) layer"), wrongRev.getMessage());
        assertThrows(LayerMacMismatchException.class,
                () -> DescriptorLayerCipher.decrypt(secret, subcred, 7, DescriptorLayerCipher.SUPERENCRYPTED, blob));
    }

    @Test
    void tooShortBlobIsItsOwnError() {
        var e = assertThrows(LayerTooShortException.class,
                () -> DescriptorLayerCipher.decrypt(new byte[32], new byte[32], 1, DescriptorLayerCipher.SUPERENCRYPTED, new byte[47]));
        assertTrue(e.getMessage().contains("47 bytes"), e.getMessage());
    }

    @Test
    void emptyPlaintextRoundTrips() throws Exception {
        byte[] blob = DescriptorLayerCipher.encryptWithSalt(new byte[32], new byte[32], 1, "x", new byte[0], new byte[16]);
        assertEquals(48, blob.length);
        assertEquals(0, DescriptorLayerCipher.decrypt(new byte[32], new byte[32], 1, "x", blob).length);
    }

    @Test
    void shakeKdfMatchesClientAuthVectorShape() {
        // SHAKE-256 of the empty string (FIPS 202 example) as a known answer for the KDF itself.
        assertEquals("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f",
                Hex.of(Shake256Kdf.derive(32)));
        assertArrayEquals(Shake256Kdf.derive(40, new byte[] {1, 2}, new byte[] {3}),
                Shake256Kdf.derive(40, new byte[] {1, 2, 3}));
    }
}
