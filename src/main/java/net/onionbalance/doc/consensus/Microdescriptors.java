package net.onionbalance.doc.consensus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ed25519 identities of relays, by microdescriptor digest: what the ring joins to the
 * consensus {@code m} lines. Parsed from {@code GETINFO md/all} or from tor's
 * {@code cached-microdescs} / {@code cached-microdescs.new} files (annotations such as
 * {@code @last-listed} allowed).
 *
 * <p>A microdescriptor's digest is SHA-256 over its text from the {@code onion-key} line up to
 * the next line that starts another one ({@code onion-key} or an {@code @} annotation), as tor's
 * microdesc_parse.c cuts it. Only microdescriptors that carry {@code id ed25519} are hashed and
 * kept: a relay without one can never be on the v3 HSDir ring, so hashing it would be wasted work.
 */
public final class Microdescriptors {
    private static final String DOC = "microdescriptors";
    private static final byte[] ONION_KEY = Ascii.ascii("onion-key");
    private static final byte[] ID_ED25519 = Ascii.ascii("id ed25519 ");

    private final Map<MicrodescDigest, RelayEd25519Id> ed25519ById;
    private final int parsedCount;

    private Microdescriptors(Map<MicrodescDigest, RelayEd25519Id> ed25519ById, int parsedCount) {
        this.ed25519ById = ed25519ById;
        this.parsedCount = parsedCount;
    }

    public static Microdescriptors empty() {
        return new Microdescriptors(Map.of(), 0);
    }

    public static Microdescriptors parse(String text) throws NetDocException {
        return parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Parses one or more concatenated documents (e.g. cached-microdescs then cached-microdescs.new). */
    public static Microdescriptors parse(byte[]... documents) throws NetDocException {
        Map<MicrodescDigest, RelayEd25519Id> map = new HashMap<>(8192);
        int count = 0;
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        for (byte[] t : documents) {
            count += parseInto(t, map, sha256);
        }
        return new Microdescriptors(map, count);
    }

    private static int parseInto(byte[] t, Map<MicrodescDigest, RelayEd25519Id> map, MessageDigest sha256)
            throws NetDocException {
        final int end = t.length;
        int pos = 0;
        int line = 0;
        int bodyStart = -1;
        byte[] ed = null;
        int count = 0;
        while (pos < end) {
            int eol = Ascii.endOfLine(t, pos, end);
            int to = Ascii.trimCr(t, pos, eol);
            line++;
            int from = pos;
            pos = eol < end ? eol + 1 : end;
            if (from == to) {
                continue;
            }
            byte c0 = t[from];
            boolean startsNext = c0 == '@' || (c0 == 'o' && Ascii.startsWith(t, from, to, ONION_KEY)
                    && (to - from == ONION_KEY.length || t[from + ONION_KEY.length] == ' '));
            if (startsNext) {
                if (bodyStart >= 0) {
                    count++;
                    if (ed != null) {
                        put(map, sha256, t, bodyStart, from, ed);
                    }
                }
                bodyStart = c0 == '@' ? -1 : from;
                ed = null;
                continue;
            }
            if (c0 == 'i' && bodyStart >= 0 && Ascii.startsWith(t, from, to, ID_ED25519)) {
                int a = Ascii.skipSpaces(t, from + ID_ED25519.length, to);
                int ae = Ascii.tokenEnd(t, a, to);
                if (ed != null) {
                    throw new NetDocException(DOC, line, "id", "a second \"id ed25519\" line in one microdescriptor");
                }
                ed = Ascii.base64(t, a, ae, 32);
                if (ed == null) {
                    throw new NetDocException(DOC, line, "id",
                            "ed25519 identity \"" + Ascii.string(t, a, ae) + "\" is not base64 of 32 bytes");
                }
            } else if (bodyStart < 0 && c0 != '@') {
                throw new NetDocException(DOC, line, Ascii.string(t, from, Ascii.tokenEnd(t, from, to)),
                        "text before the first \"onion-key\" line: not a microdescriptor");
            }
        }
        if (bodyStart >= 0) {
            count++;
            if (ed != null) {
                if (end > bodyStart && t[end - 1] != '\n') {
                    // A control-port reply may lose the final newline; tor's body always ends with one.
                    byte[] body = new byte[end - bodyStart + 1];
                    System.arraycopy(t, bodyStart, body, 0, end - bodyStart);
                    body[body.length - 1] = '\n';
                    put(map, sha256, body, 0, body.length, ed);
                } else {
                    put(map, sha256, t, bodyStart, end, ed);
                }
            }
        }
        return count;
    }

    private static void put(Map<MicrodescDigest, RelayEd25519Id> map, MessageDigest sha256,
                            byte[] t, int from, int to, byte[] ed) {
        sha256.update(t, from, to - from);
        map.put(MicrodescDigest.wrap(sha256.digest()), RelayEd25519Id.wrap(ed));
    }

    /** The ed25519 identity of the microdescriptor with this digest, when we have it and it lists one. */
    public Optional<RelayEd25519Id> ed25519Id(MicrodescDigest digest) {
        return Optional.ofNullable(ed25519ById.get(digest));
    }

    /** How many microdescriptors the input held (with or without an ed25519 id). */
    public int parsedCount() {
        return parsedCount;
    }

    /** How many of them carry an ed25519 identity. */
    public int withEd25519IdCount() {
        return ed25519ById.size();
    }

    @Override
    public String toString() {
        return parsedCount + " microdescriptors, " + ed25519ById.size() + " with an ed25519 id";
    }
}
