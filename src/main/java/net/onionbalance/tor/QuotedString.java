package net.onionbalance.tor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
/**
 * control-spec §2.1.1 QuotedString: {@code DQUOTE *qcontent DQUOTE} with C-style backslash
 * escapes. Tor writes {@code \\ \" \n \r \t} and octal {@code \NNN}; {@code \'} and {@code \xHH}
 * are accepted too, as tor's own unescaping does.
 */
public final class QuotedString {
    private QuotedString() {}

    /** The decoded value and the index just after the closing quote. */
    public record Decoded(String value, int end) {}

    /** Encodes a value for a command argument, escaping what would end the string or the line. */
    public static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\%03o", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Decodes the quoted string starting at {@code start} (which must be a {@code "}). */
    public static Decoded decode(String s, int start) throws ControlProtocolException {
        if (start >= s.length() || s.charAt(start) != '"') {
            throw new ControlProtocolException("expected a quoted string at column " + start + " of \"" + s + "\"");
        }
        // Escapes stand for bytes (tor escapes each byte of a UTF-8 path), so collect bytes.
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return new Decoded(sb.toString(StandardCharsets.UTF_8), i + 1);
            }
            if (c != '\\') {
                int cp = s.codePointAt(i);
                sb.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= s.length()) {
                break;
            }
            char e = s.charAt(i + 1);
            switch (e) {
                case 'n' -> { sb.write('\n'); i += 2; }
                case 'r' -> { sb.write('\r'); i += 2; }
                case 't' -> { sb.write('\t'); i += 2; }
                case '\\', '"', '\'' -> { sb.write(e); i += 2; }
                case 'x' -> {
                    if (i + 3 >= s.length() || hex(s.charAt(i + 2)) < 0 || hex(s.charAt(i + 3)) < 0) {
                        throw new ControlProtocolException("bad \\x escape at column " + i + " of \"" + s + "\"");
                    }
                    sb.write(hex(s.charAt(i + 2)) * 16 + hex(s.charAt(i + 3)));
                    i += 4;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = 0;
                        int j = i + 1;
                        while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                            v = v * 8 + (s.charAt(j) - '0');
                            j++;
                        }
                        if (v > 0xff) {
                            throw new ControlProtocolException("octal escape above \\377 at column " + i + " of \"" + s + "\"");
                        }
                        sb.write(v);
                        i = j;
                    } else {
                        throw new ControlProtocolException("unknown escape \\" + e + " at column " + i + " of \"" + s + "\"");
                    }
                }
            }
        }
        throw new ControlProtocolException("quoted string starting at column " + start + " is not closed in \"" + s + "\"");
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
