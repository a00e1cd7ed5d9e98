package net.onionbalance.doc.hsdesc;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class OuterDocumentTest {
    private static final String[] FILES = {"hsdesc/stem_hidden_service_v3.txt", "hsdesc/arti_hsdesc1.txt", "hsdesc/arti_hsdesc2.txt"};
    private static final long[] REVISIONS = {42, 19655750, 1763078644};

    @Test
    void parsesTheSampleDescriptorsAndWritesThemBackByteForByte() throws Exception {
        for (int i = 0; i < FILES.length; i++) {
            String text = SharedVectors.read(FILES[i]);
            OuterDocument d = OuterDocument.parse(text);
            assertEquals(REVISIONS[i], d.layer().revisionCounter(), FILES[i]);
            assertEquals(180, d.layer().lifetimeMinutes(), FILES[i]);
            assertEquals(text, d.text(), FILES[i]);
            assertEquals(d.signedText(), d.layer().toSignedText(), FILES[i]);
            assertEquals(text, d.signedText() + "signature " + NetdocWriter.base64Unpadded(d.signature()) + "\n", FILES[i]);
            assertTrue(d.signedText().endsWith("-----END MESSAGE-----\n"));
        }
    }

    @Test
    void textIsExactlyWhatWasReceived() throws Exception {
        // Tor's HS_DESC_CONTENT body need not end the way our writer ends a document; a
        // descriptor fetched again is recognised by its exact text (DescriptorVerifier.verifyRefetched).
        String text = SharedVectors.read(FILES[0]);
        String withoutFinalNewline = text.substring(0, text.length() - 1);
        assertEquals(withoutFinalNewline, OuterDocument.parse(withoutFinalNewline).text());
    }

    @Test
    void syntaxErrorsNameLineAndKeyword() throws Exception {
        String text = SharedVectors.read(FILES[0]);

        var version = assertThrows(DescriptorParseException.class,
                () -> OuterDocument.parse(text.replace("hs-descriptor 3", "hs-descriptor 4")));
        assertEquals(1, version.lineNumber());
        assertTrue(version.getMessage().contains("unsupported descriptor version"), version.getMessage());

        var lifetime = assertThrows(DescriptorParseException.class,
                () -> OuterDocument.parse(text.replace("descriptor-lifetime 180", "descriptor-lifetime 900")));
        assertEquals(2, lifetime.lineNumber());
        assertEquals("descriptor-lifetime", lifetime.keyword().orElseThrow());

        var rev = assertThrows(DescriptorParseException.class,
                () -> OuterDocument.parse(text.replace("revision-counter 42", "revision-counter -1")));
        assertTrue(rev.getMessage().contains("unsigned 64-bit"), rev.getMessage());

        var crlf = assertThrows(DescriptorParseException.class, () -> OuterDocument.parse(text.replace("\n", "\r\n")));
        assertEquals(1, crlf.lineNumber());
        assertTrue(crlf.getMessage().contains("LF line endings"), crlf.getMessage());

        var after = assertThrows(DescriptorParseException.class, () -> OuterDocument.parse(text + "extra-item\n"));
        assertTrue(after.getMessage().contains("must be the last item"), after.getMessage());

        var missing = assertThrows(DescriptorParseException.class,
                () -> OuterDocument.parse(text.replace("revision-counter 42\n", "")));
        assertTrue(missing.getMessage().contains("\"revision-counter\" is missing"), missing.getMessage());
        assertEquals(Check.OUTER_LAYER_FORMAT, missing.check());

        var wrongObject = assertThrows(DescriptorParseException.class,
                () -> OuterDocument.parse(text.replace("BEGIN ED25519 CERT", "BEGIN RSA KEY").replace("END ED25519 CERT", "END RSA KEY")));
        assertEquals(3, wrongObject.lineNumber());
        assertTrue(wrongObject.getMessage().contains("\"ED25519 CERT\" object"), wrongObject.getMessage());

        var start = assertThrows(DescriptorParseException.class, () -> OuterDocument.parse("descriptor-lifetime 180\n" + text));
        assertTrue(start.getMessage().contains("must start with"), start.getMessage());

        assertThrows(DescriptorParseException.class, () -> OuterDocument.parse(""));
        assertThrows(DescriptorParseException.class, () -> OuterDocument.parse(text.replace("Q\n", "Q\u00e9\n")));
    }

    @Test
    void unknownItemsAreToleratedAndStayInsideTheSignedText() throws Exception {
        String text = SharedVectors.read(FILES[1]).replace("revision-counter", "future-item x\nrevision-counter");
        OuterDocument d = OuterDocument.parse(text);
        assertTrue(d.signedText().contains("future-item x\n"));
        assertEquals(text, d.text());
    }
}
