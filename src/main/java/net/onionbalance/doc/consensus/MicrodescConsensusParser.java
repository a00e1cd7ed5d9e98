package net.onionbalance.doc.consensus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the bytes of a microdesc consensus. Only the lines the ring needs are decoded;
 * everything else is skipped by its first bytes. The footer and signatures are not read.
 */
final class MicrodescConsensusParser {
    private MicrodescConsensusParser() {}

    private static final String DOC = "microdesc consensus";
    private static final byte[] NETWORK_STATUS_VERSION = Ascii.ascii("network-status-version");
    private static final byte[] VALID_AFTER = Ascii.ascii("valid-after");
    private static final byte[] FRESH_UNTIL = Ascii.ascii("fresh-until");
    private static final byte[] VALID_UNTIL = Ascii.ascii("valid-until");
    private static final byte[] PARAMS = Ascii.ascii("params");
    private static final byte[] SRV_CURRENT = Ascii.ascii("shared-rand-current-value");
    private static final byte[] SRV_PREVIOUS = Ascii.ascii("shared-rand-previous-value");
    private static final byte[] DIRECTORY_FOOTER = Ascii.ascii("directory-footer");
    private static final byte[] DIRECTORY_SIGNATURE = Ascii.ascii("directory-signature");

    /** {@code hsDirsOnly}: keep only the entries with the HSDir flag (every line is still checked). */
    static MicrodescConsensus parse(byte[] t, boolean hsDirsOnly) throws NetDocException {
        final int end = t.length;
        int pos = 0;
        int line = 0;
        long validAfter = Long.MIN_VALUE;
        long freshUntil = Long.MIN_VALUE;
        long validUntil = Long.MIN_VALUE;
        SharedRandomValue srvCurrent = null;
        SharedRandomValue srvPrevious = null;
        NetworkParameters params = NetworkParameters.empty();
        List<RouterStatus> routers = new ArrayList<>(hsDirsOnly ? 4096 : 8192);
        int routerCount = 0;
        // One builder for every router entry, reset at each r line (C1 does no escape analysis:
        // a builder per router was a tenth of what a consensus allocated). Null before the first r line.
        RouterBuilder r = null;
        final RouterBuilder builder = new RouterBuilder();
        boolean first = true;

        while (pos < end) {
            int eol = Ascii.endOfLine(t, pos, end);
            int to = Ascii.trimCr(t, pos, eol);
            line++;
            int from = pos;
            pos = eol + 1;
            if (from == to) {
                continue;
            }
            if (first) {
                first = false;
                if (!Ascii.isKeyword(t, from, to, NETWORK_STATUS_VERSION)) {
                    throw new NetDocException(DOC, line, "network-status-version",
                            "the document must start with \"network-status-version 3 microdesc\"");
                }
                String v = Ascii.string(t, from + NETWORK_STATUS_VERSION.length, to).trim();
                if (!v.equals("3 microdesc")) {
                    throw new NetDocException(DOC, line, "network-status-version",
                            "expected \"3 microdesc\" (the microdesc flavour tor caches as cached-microdesc-consensus), got \"" + v + "\"");
                }
                continue;
            }
            byte c0 = t[from];
            // Router section: the hot loop. Lines are keyed by their first one or two letters.
            if (c0 == 'r' && to - from > 1 && t[from + 1] == ' ') {
                if (r != null) {
                    routerCount++;
                    r.addTo(routers, hsDirsOnly);
                }
                r = builder.startAtRLine(t, from, to, line);
                continue;
            }
            if (r != null) {
                if (c0 == 'm' && to - from > 1 && t[from + 1] == ' ') {
                    r.mLine(t, from + 2, to, line);
                    continue;
                }
                if (c0 == 's' && (to - from == 1 || t[from + 1] == ' ')) {
                    r.sLine(t, from + 1, to);
                    continue;
                }
                if (c0 == 'v' && to - from > 1 && t[from + 1] == ' ') {
                    r.vLine(t, from + 2, to);
                    continue;
                }
                if (c0 == 'p' && to - from > 2 && t[from + 1] == 'r' && t[from + 2] == ' ') {
                    r.prLine(t, from + 3, to, line);
                    continue;
                }
                if ((c0 == 'w' || c0 == 'a' || c0 == 'p') && to - from > 1 && (t[from + 1] == ' ' || t[from + 1] == '6')) {
                    continue; // w, a, p, p6: not needed for the ring
                }
                if (Ascii.isKeyword(t, from, to, DIRECTORY_FOOTER) || Ascii.isKeyword(t, from, to, DIRECTORY_SIGNATURE)) {
                    routerCount++;
                    r.addTo(routers, hsDirsOnly);
                    r = null;
                    break;
                }
                continue; // unknown router line: dir-spec says ignore
            }
            // Header.
            if (Ascii.isKeyword(t, from, to, VALID_AFTER)) {
                validAfter = time(t, from + VALID_AFTER.length, to, line, "valid-after");
            } else if (Ascii.isKeyword(t, from, to, FRESH_UNTIL)) {
                freshUntil = time(t, from + FRESH_UNTIL.length, to, line, "fresh-until");
            } else if (Ascii.isKeyword(t, from, to, VALID_UNTIL)) {
                validUntil = time(t, from + VALID_UNTIL.length, to, line, "valid-until");
            } else if (Ascii.isKeyword(t, from, to, PARAMS)) {
                params = params(t, from + PARAMS.length, to, line);
            } else if (Ascii.isKeyword(t, from, to, SRV_CURRENT)) {
                srvCurrent = srv(t, from + SRV_CURRENT.length, to, line, "shared-rand-current-value");
            } else if (Ascii.isKeyword(t, from, to, SRV_PREVIOUS)) {
                srvPrevious = srv(t, from + SRV_PREVIOUS.length, to, line, "shared-rand-previous-value");
            } else if (Ascii.isKeyword(t, from, to, DIRECTORY_FOOTER) || Ascii.isKeyword(t, from, to, DIRECTORY_SIGNATURE)) {
                break;
            }
        }
        if (r != null) {
            routerCount++;
            r.addTo(routers, hsDirsOnly);
        }
        if (first) {
            throw new NetDocException(DOC, 0, "", "the document is empty");
        }
        requireTime(validAfter, "valid-after");
        requireTime(freshUntil, "fresh-until");
        requireTime(validUntil, "valid-until");
        if (!(validAfter < freshUntil && freshUntil <= validUntil)) {
            throw new NetDocException(DOC, 0, "fresh-until",
                    "times out of order: valid-after must be before fresh-until, and fresh-until not after valid-until");
        }
        return new MicrodescConsensus(Instant.ofEpochSecond(validAfter), Instant.ofEpochSecond(freshUntil),
                Instant.ofEpochSecond(validUntil), srvCurrent, srvPrevious, params, routers, routerCount);
    }

    private static void requireTime(long v, String keyword) throws NetDocException {
        if (v == Long.MIN_VALUE) {
            throw new NetDocException(DOC, 0, keyword, "required line \"" + keyword + "\" is missing");
        }
    }

    private static long time(byte[] t, int from, int to, int line, String keyword) throws NetDocException {
        int s = Ascii.skipSpaces(t, from, to);
        long v = Ascii.isoTime(t, s, to);
        if (v == Long.MIN_VALUE) {
            throw new NetDocException(DOC, line, keyword,
                    "expected a time \"YYYY-MM-DD HH:MM:SS\", got \"" + Ascii.string(t, s, to) + "\"");
        }
        return v;
    }

    private static SharedRandomValue srv(byte[] t, int from, int to, int line, String keyword) throws NetDocException {
        int a = Ascii.skipSpaces(t, from, to);
        int ae = Ascii.tokenEnd(t, a, to);
        int b = Ascii.skipSpaces(t, ae, to);
        int be = Ascii.tokenEnd(t, b, to);
        long reveals = Ascii.decimal(t, a, ae);
        byte[] value = Ascii.base64(t, b, be, 32);
        if (reveals < 0 || value == null) {
            throw new NetDocException(DOC, line, keyword,
                    "expected \"NumReveals Value\" with a base64 32-byte value, got \"" + Ascii.string(t, from, to).trim() + "\"");
        }
        return new SharedRandomValue((int) reveals, value);
    }

    private static NetworkParameters params(byte[] t, int from, int to, int line) throws NetDocException {
        Map<String, Integer> m = new LinkedHashMap<>();
        int i = from;
        while (true) {
            i = Ascii.skipSpaces(t, i, to);
            if (i >= to) {
                break;
            }
            int e = Ascii.tokenEnd(t, i, to);
            int eq = i;
            while (eq < e && t[eq] != '=') {
                eq++;
            }
            String name = Ascii.string(t, i, eq);
            Integer value = eq < e ? parseInt32(t, eq + 1, e) : null;
            if (eq == i || value == null) {
                throw new NetDocException(DOC, line, "params",
                        "expected Keyword=Int32 entries, got \"" + Ascii.string(t, i, e) + "\"");
            }
            m.putIfAbsent(name, value); // tor uses the first occurrence
            i = e;
        }
        return new NetworkParameters(m);
    }

    private static Integer parseInt32(byte[] t, int from, int to) {
        boolean neg = from < to && t[from] == '-';
        long v = Ascii.decimal(t, neg ? from + 1 : from, to);
        if (v < 0) {
            return null;
        }
        v = neg ? -v : v;
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v;
    }

    /** Collects one router entry's lines. */
    private static final class RouterBuilder {
        /** The r line's bytes and where the nickname is in them: a String only for an entry that is kept. */
        private byte[] text;
        private int nicknameFrom;
        private int nicknameTo;
        private byte[] identity;
        private long flags;
        private MicrodescDigest digest;
        private int prHsDir;
        private boolean oldVersion;

        /** Forgets the entry before and starts the one whose r line is {@code t[from, to)}. */
        RouterBuilder startAtRLine(byte[] t, int from, int to, int line) throws NetDocException {
            int a = Ascii.skipSpaces(t, from + 2, to);
            int ae = Ascii.tokenEnd(t, a, to);
            int b = Ascii.skipSpaces(t, ae, to);
            int be = Ascii.tokenEnd(t, b, to);
            if (a == ae || b == be) {
                throw new NetDocException(DOC, line, "r", "expected \"r nickname identity ...\"");
            }
            byte[] id = Ascii.base64(t, b, be, 20);
            if (id == null) {
                throw new NetDocException(DOC, line, "r",
                        "identity \"" + Ascii.string(t, b, be) + "\" is not base64 of 20 bytes");
            }
            text = t;
            nicknameFrom = a;
            nicknameTo = ae;
            identity = id;
            flags = 0;
            digest = null;
            prHsDir = 0;
            oldVersion = false;
            return this;
        }

        void mLine(byte[] t, int from, int to, int line) throws NetDocException {
            int a = Ascii.skipSpaces(t, from, to);
            int ae = Ascii.tokenEnd(t, a, to);
            byte[] d = Ascii.base64(t, a, ae, 32);
            if (d == null) {
                throw new NetDocException(DOC, line, "m",
                        "microdescriptor digest \"" + Ascii.string(t, a, ae) + "\" is not base64 of 32 bytes");
            }
            digest = MicrodescDigest.wrap(d);
        }

        void sLine(byte[] t, int from, int to) {
            long bits = 0;
            int i = from;
            while (true) {
                i = Ascii.skipSpaces(t, i, to);
                if (i >= to) {
                    break;
                }
                int e = Ascii.tokenEnd(t, i, to);
                RelayFlag f = RelayFlag.lookup(t, i, e);
                if (f != null) {
                    bits |= 1L << f.ordinal();
                }
                i = e;
            }
            flags = bits;
        }

        void vLine(byte[] t, int from, int to) {
            oldVersion = Protocols.versionOldForHsDirV3(t, Ascii.skipSpaces(t, from, to), to);
        }

        void prLine(byte[] t, int from, int to, int line) throws NetDocException {
            int r = Protocols.listsHsDirV2(t, from, to);
            if (r < 0) {
                throw new NetDocException(DOC, line, "pr", "malformed HSDir protocol versions in \""
                        + Ascii.string(t, from, to).trim() + "\"");
            }
            prHsDir = r;
        }

        void addTo(List<RouterStatus> routers, boolean hsDirsOnly) {
            if (!hsDirsOnly || (flags & (1L << RelayFlag.HSDIR.ordinal())) != 0) {
                routers.add(new RouterStatus(Ascii.string(text, nicknameFrom, nicknameTo), identity, flags, digest,
                        prHsDir == 1 && !oldVersion));
            }
        }
    }
}
