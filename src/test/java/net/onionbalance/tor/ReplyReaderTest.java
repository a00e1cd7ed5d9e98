package net.onionbalance.tor;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies as control-spec §2.3/§2.4 and its §3 examples write them. */
class ReplyReaderTest {

    private static ReplyReader reader(String wire) {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void midAndEndLines() throws Exception {
        // control-spec §3.9 example: "C: GETINFO version desc/name/moria1 / S: 250+desc/name/moria=..."
        ReplyReader r = reader("250-version=0.4.8.10\r\n250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=0\r\n250 OK\r\n");
        Reply reply = r.read();
        assertEquals(3, reply.lines().size());
        assertEquals(new ReplyLine(250, '-', "version=0.4.8.10", Optional.empty()), reply.first());
        assertEquals(250, reply.status());
        assertTrue(reply.isOk());
        assertEquals("OK", reply.last().text());
        assertNull(r.read(), "clean end of stream between replies");
    }

    @Test
    void dataBlockIsDotDecoded() throws Exception {
        // control-spec §2.4: CRLF "." CRLF ends the data; a leading "." of a data line is doubled.
        ReplyReader r = reader("250+config-text=\r\nControlPort 9051\r\n..hidden line starting with a dot\r\n.\r\n250 OK\r\n");
        Reply reply = r.read();
        assertEquals(2, reply.lines().size());
        ReplyLine data = reply.first();
        assertEquals('+', data.separator());
        assertEquals("config-text=", data.text());
        assertEquals(Optional.of("ControlPort 9051\n.hidden line starting with a dot"), data.data());
    }

    @Test
    void emptyDataBlock() throws Exception {
        // An HS_DESC_CONTENT for a failed fetch carries an empty descriptor (control-spec §4.1.26).
        Reply reply = reader("650+HS_DESC_CONTENT UNKNOWN UNKNOWN UNKNOWN\r\n.\r\n650 OK\r\n").read();
        assertTrue(reply.isAsync());
        assertEquals(Optional.of(""), reply.first().data());
    }

    @Test
    void errorReplies() throws Exception {
        Reply reply = reader("552 Unrecognized key \"nosuchkey\"\r\n").read();
        assertFalse(reply.isOk());
        assertEquals(552, reply.status());
        assertEquals("Unrecognized key \"nosuchkey\"", reply.last().text());
    }

    @Test
    void eventInTheMiddleOfAReplyIsKeptApart() throws Exception {
        ReplyReader r = reader("250-version=0.4.8.10\r\n650 SIGNAL NEWNYM\r\n250 OK\r\n");
        Reply event = r.read();
        assertTrue(event.isAsync());
        assertEquals(List.of(new ReplyLine(650, ' ', "SIGNAL NEWNYM", Optional.empty())), event.lines());
        Reply reply = r.read();
        assertFalse(reply.isAsync());
        assertEquals(List.of("version=0.4.8.10", "OK"), reply.lines().stream().map(ReplyLine::text).toList());
    }

    @Test
    void bareLineFeedsAreAccepted() throws Exception {
        assertEquals("OK", reader("250 OK\n").read().last().text());
    }

    @Test
    void malformedLinesNameTheLine() {
        ControlProtocolException e = assertThrows(ControlProtocolException.class, () -> {
            ReplyReader r = reader("250 OK\r\n25 OK\r\n");
            r.read();
            r.read();
        });
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(ControlProtocolException.class, () -> reader("250*OK\r\n").read());
        assertTrue(e.getMessage().contains("'*'"), e.getMessage());
    }

    @Test
    void endOfStreamInsideAReplyIsAnError() {
        assertThrows(EOFException.class, () -> reader("250-version=1\r\n").read());
        assertThrows(EOFException.class, () -> reader("250+config-text=\r\nabc\r\n").read());
        assertThrows(EOFException.class, () -> reader("250 O").read());
    }

    @Test
    void dotEncodingRoundTripsThroughTheReader() throws Exception {
        String descriptor = "hs-descriptor 3\n.starts with a dot\n..two dots\n.\nlast";
        String wire = "650+HS_DESC_CONTENT a b UNKNOWN\r\n" + TorController.dotEncode(descriptor) + "\r\n650 OK\r\n";
        assertEquals(Optional.of(descriptor), reader(wire).read().first().data());
        // CR LF and a trailing newline in the input do not change what tor receives.
        assertEquals(TorController.dotEncode("a\nb"), TorController.dotEncode("a\r\nb\n"));
        assertEquals("a\r\n..b\r\n.", TorController.dotEncode("a\n.b"));
    }
}
