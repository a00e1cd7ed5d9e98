package net.onionbalance.doc.hsdesc;

import net.onionbalance.io.InputLimits;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Splits the text of one descriptor layer into items (dir-spec §1.2). Strict where a
 * mistake could change meaning (line endings, object labels, base64), tolerant where tor is
 * (blank lines, runs of spaces or tabs between arguments). Every error names the layer and
 * the line.
 */
final class NetdocReader {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern WS = Pattern.compile("[ \t]+");
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
        List<String> lines = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            lines.add(text.substring(pos, end));
            offsets.add(pos);
            pos = nl < 0 ? text.length() : nl + 1;
        }
        for (int i = 0; i < lines.size(); i++) {
            checkCharacters(lines.get(i), i + 1, layer);
        }

        List<NetdocItem> items = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.isBlank()) {
                i++;
                continue;
            }
            if (line.startsWith(DASHES)) {
                throw new DescriptorParseException(layer, lineNumber, null,
                        "object delimiter \"" + abbreviate(line) + "\" without a keyword line before it");
            }
            String[] parts = WS.split(line.strip());
            String keyword = parts[0];
            if (!KEYWORD.matcher(keyword).matches()) {
                throw new DescriptorParseException(layer, lineNumber, null,
                        "\"" + abbreviate(keyword) + "\" is not a keyword (letters, digits and '-')");
            }
            List<String> args = List.of(parts).subList(1, parts.length);
            i++;
            Optional<NetdocObject> object = Optional.empty();
            if (i < lines.size() && lines.get(i).startsWith(BEGIN)) {
                int beginLine = i + 1;
                String begin = lines.get(i);
                if (!begin.endsWith(DASHES) || begin.length() <= BEGIN.length() + DASHES.length()) {
                    throw new DescriptorParseException(layer, beginLine, keyword, "malformed object start \"" + abbreviate(begin) + "\"");
                }
                String label = begin.substring(BEGIN.length(), begin.length() - DASHES.length());
                String expectedEnd = END + label + DASHES;
                StringBuilder b64 = new StringBuilder();
                i++;
                while (true) {
                    if (i >= lines.size()) {
                        throw new DescriptorParseException(layer, beginLine, keyword,
                                "object \"" + label + "\" has no \"" + expectedEnd + "\" line");
                    }
                    String l = lines.get(i);
                    if (l.startsWith(DASHES)) {
                        if (!l.equals(expectedEnd)) {
                            throw new DescriptorParseException(layer, i + 1, keyword,
                                    "expected \"" + expectedEnd + "\" but found \"" + abbreviate(l) + "\"");
                        }
                        i++;
                        break;
                    }
                    b64.append(l.strip());
                    i++;
                }
                byte[] content;
                try {
                    content = Base64.getDecoder().decode(b64.toString());
                } catch (IllegalArgumentException e) {
                    throw new DescriptorParseException(layer, beginLine, keyword,
                            "object \"" + label + "\" is not valid base64");
                }
                object = Optional.of(new NetdocObject(label, content));
            }
            items.add(new NetdocItem(keyword, args, object, lineNumber, offsets.get(lineNumber - 1)));
        }
        return items;
    }

    private static void checkCharacters(String line, int lineNumber, Check layer) throws DescriptorParseException {
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '\r') {
                throw new DescriptorParseException(layer, lineNumber, null,
                        "carriage return in line; descriptors use LF line endings only");
            }
            if (c == 0) {
                throw new DescriptorParseException(layer, lineNumber, null, "NUL character inside the text");
            }
            if (c > 0x7e || (c < 0x20 && c != '\t')) {
                throw new DescriptorParseException(layer, lineNumber, null,
                        String.format("character U+%04X at column %d is not printable ASCII", (int) c, k + 1));
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
