package net.onionbalance.status;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Documents the streaming parser must refuse with its own error, whatever the YAML scanner throws underneath. */
class StatusDocumentParseTest {
    @Test
    void anEscapeWithoutHexDigitsIsNotJson() {
        // SnakeYAML's scanner throws NumberFormatException here (found by StatusDocumentFuzzTest).
        StatusDocument.FormatException e = assertThrows(StatusDocument.FormatException.class,
                () -> StatusDocument.parse("{\"services\": [{\"onionAddress\": \"\\x\"}]}"));
        assertTrue(e.getMessage().startsWith("it is not JSON"), e.getMessage());
    }

    @Test
    void aKeyBundleIsReadBesideTheInstances() throws Exception {
        StatusDocument d = StatusDocument.parse("{\"services\": [{\"onionAddress\": \"a.onion\", \"instances\": [],"
                + " \"keyBundle\": {\"signsUntil\": \"2026-12-30 00:00:00\", \"gaps\": [\"AFTER_BUNDLE 1\", {\"x\": 1}]}}]}");
        StatusDocument.KeyBundle k = d.services().get(0).keyBundle().orElseThrow();
        assertTrue(k.signsUntil().orElseThrow().equals("2026-12-30 00:00:00") && k.gaps().equals(java.util.List.of("AFTER_BUNDLE 1")), k.toString());
    }
}
