package net.onionbalance.doc.hsdesc;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class MiddleLayerTest {
    @Test
    void parsesThePaddedFirstLayersAndWritesThemBackByteForByte() throws Exception {
        for (String f : new String[]{"hsdesc/stem_hidden_service_v3_outer_layer.txt",
                "hsdesc/arti_hsdesc1_decrypted_middle_layer.txt", "hsdesc/arti_hsdesc2_decrypted_middle_layer.txt"}) {
            byte[] padded = SharedVectors.readBytes(f);
            MiddleLayer m = MiddleLayer.parse(padded);
            assertEquals("x25519", m.authType(), f);
            assertEquals(16, m.authClients().size(), f);
            byte[] text = m.toText().getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(padded, Arrays.copyOf(text, padded.length), f + ": re-written text + NULs differs");
        }
    }

    @Test
    void namesMissingAndMalformedItemsWithTheirLine() {
        String good = "desc-auth-type x25519\n"
                + "desc-auth-ephemeral-key WjZCU9sV1oxkxaPcd7/YozeZgq0lEs6DhWyrdYRNJR4=\n"
                + "auth-client JNil86N07AA epkaL79NtajmgME/egi8oA qosYH4rXisxda3X7p9b6fw\n"
                + "encrypted\n-----BEGIN MESSAGE-----\nAAAA\n-----END MESSAGE-----";
        assertDoesNotThrow(() -> MiddleLayer.parse(good));

        var noClient = assertThrows(DescriptorParseException.class,
                () -> MiddleLayer.parse(good.replace("auth-client", "x-auth-client")));
        assertEquals(Check.MIDDLE_LAYER_FORMAT, noClient.check());
        assertTrue(noClient.getMessage().contains("auth-client"), noClient.getMessage());

        var shortId = assertThrows(DescriptorParseException.class,
                () -> MiddleLayer.parse(good.replace("JNil86N07AA", "JNil86N0")));
        assertEquals(3, shortId.lineNumber());
        assertEquals("auth-client", shortId.keyword().orElseThrow());
        assertTrue(shortId.getMessage().contains("client id must be 8 bytes"), shortId.getMessage());

        var badType = assertThrows(DescriptorParseException.class,
                () -> MiddleLayer.parse(good.replace("x25519", "rsa")));
        assertEquals(1, badType.lineNumber());

        var noEnd = assertThrows(DescriptorParseException.class,
                () -> MiddleLayer.parse(good.replace("-----END MESSAGE-----", "")));
        assertEquals(5, noEnd.lineNumber());
        assertTrue(noEnd.getMessage().contains("-----END MESSAGE-----"), noEnd.getMessage());

        var twice = assertThrows(DescriptorParseException.class,
                () -> MiddleLayer.parse("desc-auth-type x25519\n" + good));
        assertEquals(2, twice.lineNumber());
        assertTrue(twice.getMessage().contains("exactly once"), twice.getMessage());
    }

    @Test
    void toleratesUnknownItems() throws Exception {
        String text = "desc-auth-type x25519\nsome-future-item 1 2\n"
                + "desc-auth-ephemeral-key WjZCU9sV1oxkxaPcd7/YozeZgq0lEs6DhWyrdYRNJR4=\n"
                + "auth-client JNil86N07AA epkaL79NtajmgME/egi8oA qosYH4rXisxda3X7p9b6fw\n"
                + "encrypted\n-----BEGIN MESSAGE-----\nAAAA\n-----END MESSAGE-----\n";
        assertEquals(3, MiddleLayer.parse(text).encrypted().length);
    }
}
