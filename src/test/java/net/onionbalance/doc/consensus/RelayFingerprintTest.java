package net.onionbalance.doc.consensus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RelayFingerprintTest {
    private static final String FP = "14A2A6B29E6C7A9A8B3D6A0C3B0E6F6D7A8B9C0D";

    @Test
    void acceptsControlPortLongNames() {
        assertEquals(FP, RelayFingerprint.parse("$" + FP + "~relay1").hex());
        assertEquals(FP, RelayFingerprint.parse("$" + FP.toLowerCase() + "=relay1").hex());
        assertEquals(FP, RelayFingerprint.parse(FP).toString());
    }

    @Test
    void base64IdentityFromAConsensusRLine() {
        // dir-spec: the identity in an "r" line is base64 of the 20-byte digest, padding removed.
        String b64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(RelayFingerprint.parse(FP).bytes());
        assertEquals(FP, RelayFingerprint.fromBase64Identity(b64).hex());
    }

    @Test
    void rejectsWrongLengthAndNonHex() {
        assertThrows(IllegalArgumentException.class, () -> RelayFingerprint.parse("$ABC"));
        assertThrows(IllegalArgumentException.class, () -> RelayFingerprint.parse("Z".repeat(40)));
    }
}
