package net.onionbalance.doc.consensus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ed25519 identities of relays: what the ring needs of their microdescriptors. Two ways in:
 * <ul>
 * <li>by microdescriptor digest, joined to the consensus {@code m} lines: parsed from
 * {@code GETINFO md/all} or from tor's {@code cached-microdescs} / {@code cached-microdescs.new}
 * files (annotations such as {@code @last-listed} allowed). A microdescriptor's digest is
 * SHA-256 over its text from the {@code onion-key} line up to the next line that starts another
 * one ({@code onion-key} or an {@code @} annotation), as tor's microdesc_parse.c cuts it; the
 * line's TAP key object is optional (proposal 350, dir-spec "Computing microdescriptors"), the line
 * itself is not: it starts a microdescriptor ({@code NoTapKeyMicrodescsTest}). Only
 * microdescriptors that carry {@code id ed25519} are hashed and kept: a relay without one can
 * never be on the v3 HSDir ring.</li>
 * <li>by relay: the answers to {@code GETINFO md/id/<fingerprint>} (control-spec §3.9), which are
 * the microdescriptors tor itself has attached to those relays under its current consensus, the
 * ones its own ring uses (hs_common.c, node_get_ed25519_id). Keyed by the fingerprint asked, so
 * nothing needs hashing; asked only for the relays that can be on the ring (HSDir flag), a third
 * of md/all's text on today's network.</li>
 * </ul>
 */
public final class Microdescriptors {
    private static final String DOC = "microdescriptors";
    private static final byte[] ONION_KEY = Ascii.ascii("onion-key");
    private static final byte[] ID_ED25519 = Ascii.ascii("id ed25519 ");

    private final Map<MicrodescDigest, RelayEd25519Id> ed25519ById;
    /** Non-null when built from md/id answers: then the join is by relay, not by digest. */
    private final Map<RelayFingerprint, RelayEd25519Id> ed25519ByRelay;
    private final int parsedCount;

    private Microdescriptors(Map<MicrodescDigest, RelayEd25519Id> ed25519ById,
                             Map<RelayFingerprint, RelayEd25519Id> ed25519ByRelay, int parsedCount) {
        this.ed25519ById = ed25519ById;
        this.ed25519ByRelay = ed25519ByRelay;
        this.parsedCount = parsedCount;
    }

    public static Microdescriptors empty() {
        return new Microdescriptors(Map.of(), null, 0);
    }

    /**
     * From {@code GETINFO md/id/<fingerprint>} answers, each one microdescriptor's text as tor sent
     * it, by the relay asked about. A relay tor had no answer for is simply absent (tor skips such
     * a relay on its ring too). A text that is not one microdescriptor is an error naming the relay.
     */
    public static Microdescriptors ofRelays(Map<RelayFingerprint, String> answers) throws NetDocException {
        Map<RelayFingerprint, RelayEd25519Id> map = new HashMap<>(answers.size() * 2);
        // One buffer for every answer, one sink, and a relay's name only for an error: on today's
        // network these are ~2,500 answers per consensus, and C1 does no escape analysis.
        byte[] buffer = new byte[2048];
        RelayEd25519Id[] found = new RelayEd25519Id[1];
        Sink sink = (text, from, to, ed) -> found[0] = ed == null ? null : RelayEd25519Id.wrap(ed);
        for (Map.Entry<RelayFingerprint, String> e : answers.entrySet()) {
            String answer = e.getValue();
            if (answer.length() > buffer.length) {
                buffer = new byte[Math.max(answer.length(), 2 * buffer.length)];
            }
            latin1(answer, buffer);
            found[0] = null;
            RelayFingerprint relay = e.getKey();
            Supplier<String> doc = () -> "microdescriptor of relay " + relay;
            int n = scan(doc, buffer, answer.length(), sink);
            if (n != 1) {
                throw new NetDocException(doc.get(), 0, "onion-key", "expected one microdescriptor, got " + n);
            }
            if (found[0] != null) {
                map.put(relay, found[0]);
            }
        }
        return new Microdescriptors(Map.of(), map, answers.size());
    }

    /**
     * The text's characters as bytes into {@code buffer}: a plain array copy for a String of ASCII,
     * where getBytes would allocate a new array each time. Deprecated because it keeps only the low
     * byte of a character; a microdescriptor is ASCII (the authorities write them), and a character
     * above U+00FF in a broken answer becomes some other byte, as getBytes would make it a '?'.
     */
    @SuppressWarnings("deprecation")
    private static void latin1(String text, byte[] buffer) {
        text.getBytes(0, text.length(), buffer, 0);
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
            count += scan(() -> DOC, t, t.length, (text, from, to, ed) -> {
                if (ed != null) {
                    put(map, sha256, text, from, to, ed);
                }
            });
        }
        return new Microdescriptors(map, null, count);
    }

    /** Receives each microdescriptor found: its text {@code t[from, to)} and its ed25519 id, or null. */
    private interface Sink {
        void accept(byte[] t, int from, int to, byte[] ed25519);
    }

    /** Cuts {@code t[0, end)} into microdescriptors for {@code sink}; returns how many it held. */
    private static int scan(Supplier<String> doc, byte[] t, int end, Sink sink) throws NetDocException {
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
                    sink.accept(t, bodyStart, from, ed);
                }
                bodyStart = c0 == '@' ? -1 : from;
                ed = null;
                continue;
            }
            if (c0 == 'i' && bodyStart >= 0 && Ascii.startsWith(t, from, to, ID_ED25519)) {
                int a = Ascii.skipSpaces(t, from + ID_ED25519.length, to);
                int ae = Ascii.tokenEnd(t, a, to);
                if (ed != null) {
                    throw new NetDocException(doc.get(), line, "id", "a second \"id ed25519\" line in one microdescriptor");
                }
                ed = Ascii.base64(t, a, ae, 32);
                if (ed == null) {
                    throw new NetDocException(doc.get(), line, "id",
                            "ed25519 identity \"" + Ascii.string(t, a, ae) + "\" is not base64 of 32 bytes");
                }
            } else if (bodyStart < 0 && c0 != '@') {
                throw new NetDocException(doc.get(), line, Ascii.string(t, from, Ascii.tokenEnd(t, from, to)),
                        "text before the first \"onion-key\" line: not a microdescriptor");
            }
        }
        if (bodyStart >= 0) {
            count++;
            if (ed != null && end > bodyStart && t[end - 1] != '\n') {
                // A control-port reply may lose the final newline; tor's body always ends with one.
                byte[] body = new byte[end - bodyStart + 1];
                System.arraycopy(t, bodyStart, body, 0, end - bodyStart);
                body[body.length - 1] = '\n';
                sink.accept(body, 0, body.length, ed);
            } else {
                sink.accept(t, bodyStart, end, ed);
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

    /**
     * The ed25519 identity of this consensus entry's microdescriptor, when we have it and it lists
     * one: by the relay when these came from md/id answers, else by the entry's {@code m} digest.
     */
    public Optional<RelayEd25519Id> ed25519Id(RouterStatus router) {
        if (ed25519ByRelay != null) {
            return Optional.ofNullable(ed25519ByRelay.get(router.fingerprint()));
        }
        return router.microdescDigest().flatMap(this::ed25519Id);
    }

    /** True when these came from md/id answers (joined by relay, not by digest). */
    public boolean byRelay() {
        return ed25519ByRelay != null;
    }

    /** How many microdescriptors the input held (with or without an ed25519 id). */
    public int parsedCount() {
        return parsedCount;
    }

    /** How many of them carry an ed25519 identity. */
    public int withEd25519IdCount() {
        return ed25519ByRelay != null ? ed25519ByRelay.size() : ed25519ById.size();
    }

    @Override
    public String toString() {
        return parsedCount + " microdescriptors, " + withEd25519IdCount() + " with an ed25519 id"
                + (ed25519ByRelay != null ? " (by relay, from md/id)" : "");
    }
}
