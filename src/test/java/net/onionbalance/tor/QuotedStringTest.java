package net.onionbalance.tor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuotedStringTest {

    @Test
    void escapesTorWrites() throws Exception {
        assertEquals("a\"b\\c\nd\te", QuotedString.decode("\"a\\\"b\\\\c\\nd\\te\"", 0).value());
        // Octal escapes are bytes: tor escapes each byte of a UTF-8 path.
        assertEquals("/home/é/cookie", QuotedString.decode("\"/home/\\303\\251/cookie\"", 0).value());
        QuotedString.Decoded d = QuotedString.decode("x=\"v\" rest", 2);
        assertEquals("v", d.value());
        assertEquals(5, d.end());
    }

    @Test
    void encodeDecodeRoundTrip() throws Exception {
        for (String s : List.of("", "plain", "with \"quotes\" and \\", "line\r\nbreak", "\u0001ctl", "ünïcode")) {
            assertEquals(s, QuotedString.decode(QuotedString.encode(s), 0).value(), s);
        }
    }

    @Test
    void badQuotedStrings() {
        assertThrows(ControlProtocolException.class, () -> QuotedString.decode("\"unterminated", 0));
        assertThrows(ControlProtocolException.class, () -> QuotedString.decode("\"bad \\q escape\"", 0));
        assertThrows(ControlProtocolException.class, () -> QuotedString.decode("\"ends in backslash\\", 0));
        assertThrows(ControlProtocolException.class, () -> QuotedString.decode("noquote", 0));
    }

    @Test
    void keywordArgumentsOfProtocolInfo() throws Exception {
        // control-spec §3.21 example reply line.
        KeywordArguments a = KeywordArguments.parse(
                "METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD COOKIEFILE=\"/home/user/.tor/control_auth_cookie\"");
        assertEquals(List.of(), a.positional());
        assertEquals(Map.of("METHODS", "COOKIE,SAFECOOKIE,HASHEDPASSWORD",
                "COOKIEFILE", "/home/user/.tor/control_auth_cookie"), a.keywords());
    }

    @Test
    void keywordArgumentsOfStatusEvents() throws Exception {
        // control-spec §4.1.10 examples.
        KeywordArguments a = KeywordArguments.parse("WARN DANGEROUS_SOCKS PROTOCOL=SOCKS4A ADDRESS=1.2.3.4:80");
        assertEquals(List.of("WARN", "DANGEROUS_SOCKS"), a.positional());
        assertEquals("SOCKS4A", a.keywords().get("PROTOCOL"));
        KeywordArguments b = KeywordArguments.parse("NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY=\"Starting with spaces\"");
        assertEquals("Starting with spaces", b.keywords().get("SUMMARY"));
        assertEquals(List.of("NOTICE", "BOOTSTRAP"), b.positional());
    }

    @Test
    void garbageAfterAQuotedValueIsRejected() {
        assertThrows(ControlProtocolException.class, () -> KeywordArguments.parse("A=\"x\"y B=1"));
        assertThrows(ControlProtocolException.class, () -> KeywordArguments.parse("=value"));
    }
}
