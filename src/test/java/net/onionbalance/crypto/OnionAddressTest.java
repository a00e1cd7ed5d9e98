package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnionAddressTest {
    @Test
    @SuppressWarnings("unchecked")
    void validVectorsEncodeAndDecode() {
        var valid = (List<Map<String, Object>>) SharedVectors.json("onion_address.json").get("valid");
        for (var c : valid) {
            var pk = Ed25519PublicKey.of(Hex.bytes(c.get("public_key")));
            String addr = (String) c.get("address");
            assertEquals(addr, OnionAddress.of(pk).toString());
            assertEquals(addr + ".onion", OnionAddress.of(pk).withOnionSuffix());
            assertEquals(pk, OnionAddress.parse(addr).publicKey());
            assertEquals(pk, OnionAddress.parse(addr.toUpperCase() + ".ONION").publicKey());
            assertEquals(OnionAddress.of(pk), OnionAddress.parse(addr + ".onion"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void invalidVectorsAreRejected() {
        var invalid = (List<Map<String, Object>>) SharedVectors.json("onion_address.json").get("invalid");
        for (var c : invalid) {
            String a = (String) c.get("address");
            var e = assertThrows(InvalidOnionAddressException.class, () -> OnionAddress.parse(a), a);
            String reason = (String) c.get("reason");
            if (reason.startsWith("invalid length")) {
                assertEquals(InvalidOnionAddressException.Reason.LENGTH, e.reason(), a);
            } else if (reason.startsWith("invalid checksum") || reason.contains("wrong checksum")) {
                assertEquals(InvalidOnionAddressException.Reason.CHECKSUM, e.reason(), a);
            } else if (reason.equals("not base32")) {
                assertEquals(InvalidOnionAddressException.Reason.NOT_BASE32, e.reason(), a);
            } else if (reason.contains("version byte 4")) {
                assertEquals(InvalidOnionAddressException.Reason.VERSION, e.reason(), a);
                assertTrue(e.getMessage().contains("version byte 4"), e.getMessage());
            }
            assertTrue(e.getMessage().contains("onion address"), e.getMessage());
        }
    }

    @Test
    void messagesNameTheProblem() {
        var e = assertThrows(InvalidOnionAddressException.class, () -> OnionAddress.parse("blah.onion"));
        assertTrue(e.getMessage().contains("4 characters"), e.getMessage());
        var b = assertThrows(InvalidOnionAddressException.class,
                () -> OnionAddress.parse("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5si1"));
        assertEquals(InvalidOnionAddressException.Reason.NOT_BASE32, b.reason());
        assertTrue(b.getMessage().contains("character 56 '1'"), b.getMessage());
    }

    @Test
    void everySingleCharacterTypoIsCaught() {
        String good = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid";
        for (int i = 0; i < good.length(); i++) {
            char[] cs = good.toCharArray();
            cs[i] = cs[i] == 'a' ? 'b' : 'a';
            String bad = new String(cs);
            assertThrows(InvalidOnionAddressException.class, () -> OnionAddress.parse(bad), bad);
        }
    }
}
