package net.onionbalance.doc.hsdesc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The item reader's rules (dir-spec §1.2), each error with the line an operator would look at. */
class NetdocReaderTest {
    private static List<NetdocItem> read(String text) throws DescriptorParseException {
        return NetdocReader.read(text, Check.OUTER_LAYER_FORMAT);
    }

    private static DescriptorParseException refused(String text) {
        return assertThrows(DescriptorParseException.class, () -> read(text));
    }

    @Test
    void itemsKeepTheirArgumentsObjectsLinesAndOffsets() throws Exception {
        String text = "a 1  2\t3 \n\n \t\nb-2\n-----BEGIN X Y-----\n  QUJD \n\t\nREVG\n-----END X Y-----\nc";
        List<NetdocItem> items = read(text);
        assertEquals(3, items.size());
        assertEquals("a", items.get(0).keyword());
        assertEquals(List.of("1", "2", "3"), items.get(0).arguments());
        assertEquals(1, items.get(0).lineNumber());
        assertEquals(0, items.get(0).startOffset());
        assertEquals("b-2", items.get(1).keyword());
        assertEquals(List.of(), items.get(1).arguments());
        assertEquals(4, items.get(1).lineNumber());
        assertEquals(text.indexOf("b-2"), items.get(1).startOffset());
        NetdocObject object = items.get(1).object().orElseThrow();
        assertEquals("X Y", object.label());
        assertArrayEquals("ABCDEF".getBytes(StandardCharsets.US_ASCII), object.content());
        // The last line has no LF: it still is an item, ending at the text's end.
        assertEquals("c", items.get(2).keyword());
        assertEquals(10, items.get(2).lineNumber());
        assertTrue(items.get(2).object().isEmpty());
    }

    @Test
    void anEmptyTextOrBlankLinesHoldNoItems() throws Exception {
        assertEquals(List.of(), read(""));
        assertEquals(List.of(), read("\n \n\t\n"));
    }

    @Test
    void badCharactersAreReportedFirstWithTheirLine() {
        // A bad character on line 3 is named even though line 1 already breaks the structure.
        DescriptorParseException e = refused("-----END X-----\nok\nx\u00e9\n");
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().contains("U+00E9 at column 2 is not printable ASCII"), e.getMessage());
        assertTrue(refused("a\r\n").getMessage().contains("carriage return"));
        assertEquals(2, refused("a\nb\u0000\n").lineNumber());
        assertTrue(refused("a\nb\u0000\n").getMessage().contains("NUL character"));
        assertTrue(refused("a\u0100\n").getMessage().contains("U+0100 at column 2"));
    }

    @Test
    void structureErrorsNameTheirLine() {
        DescriptorParseException stray = refused("a\n\n-----END X-----\n");
        assertEquals(3, stray.lineNumber());
        assertTrue(stray.getMessage().contains("object delimiter \"-----END X-----\" without a keyword line"), stray.getMessage());

        DescriptorParseException keyword = refused("a\n-x y\n");
        assertEquals(2, keyword.lineNumber());
        assertTrue(keyword.getMessage().contains("\"-x\" is not a keyword"), keyword.getMessage());
        assertTrue(refused("a_b\n").getMessage().contains("\"a_b\" is not a keyword"));

        DescriptorParseException start = refused("a\n-----BEGIN X----\n");
        assertEquals(2, start.lineNumber());
        assertTrue(start.getMessage().contains("malformed object start"), start.getMessage());
        assertTrue(refused("a\n-----BEGIN -----\n").getMessage().contains("malformed object start"));

        DescriptorParseException open = refused("a\n-----BEGIN X-----\nQUJD\n");
        assertEquals(2, open.lineNumber());
        assertTrue(open.getMessage().contains("object \"X\" has no \"-----END X-----\" line"), open.getMessage());

        DescriptorParseException wrongEnd = refused("a\n-----BEGIN X-----\nQUJD\n-----END Y-----\n");
        assertEquals(4, wrongEnd.lineNumber());
        assertTrue(wrongEnd.getMessage().contains("expected \"-----END X-----\" but found \"-----END Y-----\""),
                wrongEnd.getMessage());
        assertTrue(refused("a\n-----BEGIN X-----\n-----END X----- \n").getMessage().contains("but found"));

        DescriptorParseException base64 = refused("a\n-----BEGIN X-----\nQU JD\n-----END X-----\n");
        assertEquals(2, base64.lineNumber());
        assertTrue(base64.getMessage().contains("object \"X\" is not valid base64"), base64.getMessage());
    }
}
