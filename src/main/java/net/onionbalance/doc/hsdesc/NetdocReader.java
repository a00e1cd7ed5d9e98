package net.onionbalance.doc.hsdesc;

import net.onionbalance.io.InputLimits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Splits the text of one descriptor layer into items (dir-spec §1.2). Strict where a
 * mistake could change meaning (line endings, object labels, base64), tolerant where tor is
 * (blank lines, runs of spaces or tabs between arguments). Every error names the layer and
 * the line.
 *
 * <p>Two passes over the characters: one that checks them all and finds the lines (a bad
 * character is reported before any error of structure, wherever it is), one over the items.
 * An object's base64 goes straight into one byte array for the decoder. Under the launcher's
 * C1 nothing here may allocate per character or per line: a backend descriptor is ~14,000
 * characters in its outer layer and 10,000 in its middle one, and the reader ran at a third of
 * a verification's CPU when it kept a String per line and split keyword lines with a regex.
 */
final class NetdocReader {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private NetdocReader() {}

    static List<NetdocItem> read(String text, Check layer) throws DescriptorParseException {
        // Refused before any splitting: parsing costs many times the text's size in objects, and no
        // layer of a descriptor tor accepts can be larger than the whole (HSV3MaxDescriptorSize).
        if (text.length() > InputLimits.DESCRIPTOR_BYTES) {
            throw new DescriptorParseException(layer, 0, null, "it is " + text.length() + " bytes; tor's HSDirs store"
                    + " descriptors of at most " + InputLimits.DESCRIPTOR_BYTES + " bytes (HSV3MaxDescriptorSize)");
        }
        int[] starts = lineStarts(text, layer);
        int lineCount = starts.length - 1;

        List<NetdocItem> items = new ArrayList<>();
        int i = 0;
        while (i < lineCount) {
            int from = starts[i];
            int to = lineEnd(starts, i);
            int lineNumber = i + 1;
            int first = skipBlanks(text, from, to);
            if (first == to) {
                i++;
                continue;
            }
            if (text.startsWith(DASHES, from)) {
                throw new DescriptorParseException(layer, lineNumber, null,
                        "object delimiter \"" + abbreviate(text.substring(from, to)) + "\" without a keyword line before it");
            }
            int kwEnd = skipNonBlanks(text, first, to);
            String keyword = text.substring(first, kwEnd);
            if (!isKeyword(keyword)) {
                throw new DescriptorParseException(layer, lineNumber, null,
                        "\"" + abbreviate(keyword) + "\" is not a keyword (letters, digits and '-')");
            }
            List<String> args = arguments(text, kwEnd, to);
            i++;
            Optional<NetdocObject> object = Optional.empty();
            if (i < lineCount && text.startsWith(BEGIN, starts[i])) {
                int beginLine = i + 1;
                String begin = text.substring(starts[i], lineEnd(starts, i));
                if (!begin.endsWith(DASHES) || begin.length() <= BEGIN.length() + DASHES.length()) {
                    throw new DescriptorParseException(layer, beginLine, keyword, "malformed object start \"" + abbreviate(begin) + "\"");
                }
                String label = begin.substring(BEGIN.length(), begin.length() - DASHES.length());
                String expectedEnd = END + label + DASHES;
                i++;
                int firstBody = i;
                int base64Chars = 0;
                while (true) {
                    if (i >= lineCount) {
                        throw new DescriptorParseException(layer, beginLine, keyword,
                                "object \"" + label + "\" has no \"" + expectedEnd + "\" line");
                    }
                    int lf = starts[i];
                    int lt = lineEnd(starts, i);
                    if (text.startsWith(DASHES, lf)) {
                        if (lt - lf != expectedEnd.length() || !text.startsWith(expectedEnd, lf)) {
                            throw new DescriptorParseException(layer, i + 1, keyword,
                                    "expected \"" + expectedEnd + "\" but found \"" + abbreviate(text.substring(lf, lt)) + "\"");
                        }
                        break;
                    }
                    int b = skipBlanks(text, lf, lt);
                    base64Chars += stripEnd(text, b, lt) - b;
                    i++;
                }
                byte[] b64 = new byte[base64Chars];
                int n = 0;
                for (int l = firstBody; l < i; l++) {
                    int b = skipBlanks(text, starts[l], lineEnd(starts, l));
                    int lt = stripEnd(text, b, lineEnd(starts, l));
                    for (int k = b; k < lt; k++) {
                        b64[n++] = (byte) text.charAt(k); // printable ASCII: checked above
                    }
                }
                i++; // the END line
                byte[] content;
                try {
                    content = Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    throw new DescriptorParseException(layer, beginLine, keyword,
                            "object \"" + label + "\" is not valid base64");
                }
                object = Optional.of(new NetdocObject(label, content));
            }
            items.add(new NetdocItem(keyword, args, object, lineNumber, from));
        }
        return items;
    }

    /**
     * Where each line starts, and one past the text's end last; checks every character on the way
     * (LF line endings, printable ASCII or tab).
     */
    private static int[] lineStarts(String text, Check layer) throws DescriptorParseException {
        int[] starts = new int[64];
        int lines = 0;
        int lineStart = 0;
        int n = text.length();
        for (int k = 0; k < n; k++) {
            char c = text.charAt(k);
            if (c == '\n') {
                if (lines + 1 >= starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[lines++] = lineStart;
                lineStart = k + 1;
            } else if (c > 0x7e || (c < 0x20 && c != '\t')) {
                throw badCharacter(c, lines + 1, k - lineStart + 1, layer);
            }
        }
        if (lines + 2 > starts.length) {
            starts = Arrays.copyOf(starts, lines + 2);
        }
        if (lineStart < n) {
            // A last line without LF ends at the text's end: a start one further makes lineEnd() say so.
            starts[lines++] = lineStart;
            starts[lines] = n + 1;
        } else {
            starts[lines] = n;
        }
        return Arrays.copyOf(starts, lines + 1);
    }

    private static DescriptorParseException badCharacter(char c, int lineNumber, int column, Check layer) {
        if (c == '\r') {
            return new DescriptorParseException(layer, lineNumber, null,
                    "carriage return in line; descriptors use LF line endings only");
        }
        if (c == 0) {
            return new DescriptorParseException(layer, lineNumber, null, "NUL character inside the text");
        }
        return new DescriptorParseException(layer, lineNumber, null,
                String.format("character U+%04X at column %d is not printable ASCII", (int) c, column));
    }

    /** Line {@code i} ends before its LF (or at the text's end). */
    private static int lineEnd(int[] starts, int i) {
        return starts[i + 1] - 1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(String text, int from, int to) {
        while (from < to && isBlank(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int skipNonBlanks(String text, int from, int to) {
        while (from < to && !isBlank(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int stripEnd(String text, int from, int to) {
        while (to > from && isBlank(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** The words after the keyword, split at runs of spaces and tabs. */
    private static List<String> arguments(String text, int from, int to) {
        int k = skipBlanks(text, from, to);
        if (k == to) {
            return List.of();
        }
        List<String> args = new ArrayList<>(4);
        while (k < to) {
            int e = skipNonBlanks(text, k, to);
            args.add(text.substring(k, e));
            k = skipBlanks(text, e, to);
        }
        return args;
    }

    /** dir-spec §1.2 KeywordChar: A-Z, a-z, 0-9 and '-', not starting with '-'. */
    private static boolean isKeyword(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (c != '-' || k == 0)) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
