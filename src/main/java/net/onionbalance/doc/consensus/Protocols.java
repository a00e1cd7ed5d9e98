package net.onionbalance.doc.consensus;

/**
 * The two questions the ring asks of a router's {@code pr} and {@code v} lines, answered on the
 * bytes (dir-spec §3.4.1 "pr", tor-spec §9 subprotocol versioning).
 */
final class Protocols {
    private Protocols() {}

    private static final byte[] HSDIR_EQ = Ascii.ascii("HSDir=");
    private static final byte[] PRE = Ascii.ascii("pre");
    private static final byte[] RC = Ascii.ascii("rc");

    /**
     * Whether the {@code pr} value in {@code t[from, to)} lists HSDir version 2. Returns
     * {@code Boolean}-like int: 1 yes, 0 no, -1 when the HSDir entry is malformed.
     */
    static int listsHsDirV2(byte[] t, int from, int to) {
        int i = from;
        while (i < to) {
            i = Ascii.skipSpaces(t, i, to);
            int end = Ascii.tokenEnd(t, i, to);
            if (Ascii.startsWith(t, i, end, HSDIR_EQ)) {
                return rangesContain(t, i + HSDIR_EQ.length, end, 2);
            }
            i = end;
        }
        return 0;
    }

    /** "1-2,4" style list: 1 when it contains {@code v}, 0 when not, -1 when malformed. */
    private static int rangesContain(byte[] t, int from, int to, int v) {
        if (from >= to) {
            return 0; // "HSDir=" with no versions: supports none
        }
        int i = from;
        int found = 0;
        while (i < to) {
            int comma = i;
            while (comma < to && t[comma] != ',') {
                comma++;
            }
            int dash = i;
            while (dash < comma && t[dash] != '-') {
                dash++;
            }
            long lo = Ascii.decimal(t, i, dash);
            long hi = dash < comma ? Ascii.decimal(t, dash + 1, comma) : lo;
            if (lo < 0 || hi < 0 || hi < lo) {
                return -1;
            }
            if (lo <= v && v <= hi) {
                found = 1;
            }
            i = comma + 1;
        }
        return found;
    }

    /**
     * tor ignores {@code pr HSDir=2} from relays whose {@code v} line names a tor older than
     * 0.3.0.8 (versions.c summarize_protover_flags, bug #22447). {@code t[from, to)} is the
     * {@code v} value, e.g. "Tor 0.3.0.7". An unparseable or non-"Tor " version counts as new,
     * as in tor_version_as_new_as.
     */
    static boolean versionOldForHsDirV3(byte[] t, int from, int to) {
        if (to - from < 4 || t[from] != 'T' || t[from + 1] != 'o' || t[from + 2] != 'r' || t[from + 3] != ' ') {
            return false;
        }
        int i = Ascii.skipSpaces(t, from + 4, to);
        int end = Ascii.tokenEnd(t, i, to);
        int major = 0;
        int minor = 0;
        int micro = 0;
        for (int k = 0; k < 3; k++) {
            int s = i;
            while (i < end && t[i] >= '0' && t[i] <= '9') {
                i++;
            }
            long n = Ascii.decimal(t, s, i);
            if (n < 0) {
                return false; // unparseable: tor says "new enough"
            }
            if (k == 0) {
                major = (int) n;
            } else if (k == 1) {
                minor = (int) n;
            } else {
                micro = (int) n;
            }
            if (k < 2) {
                if (i >= end || t[i] != '.') {
                    // "major.minor" only: micro 0, release
                    if (k == 1 && (i == end || t[i] == '-')) {
                        return compare(major, minor, 0, 2, 0) < 0;
                    }
                    return false;
                }
                i++;
            }
        }
        int status = 2; // tor's VER_RELEASE; VER_PRE 0, VER_RC 1
        int patch = 0;
        if (i < end && t[i] != '-') {
            if (t[i] == '.') {
                i++;
            } else if (Ascii.startsWith(t, i, end, PRE)) {
                status = 0;
                i += 3;
            } else if (Ascii.startsWith(t, i, end, RC)) {
                status = 1;
                i += 2;
            } else {
                return false;
            }
            int s = i;
            while (i < end && t[i] >= '0' && t[i] <= '9') {
                i++;
            }
            long n = Ascii.decimal(t, s, i);
            if (n < 0) {
                return false;
            }
            patch = (int) n;
        }
        // Equal numbers with any status tag compare >= the tagless cutoff, so tags never matter here.
        return compare(major, minor, micro, status, patch) < 0;
    }

    /**
     * (major, minor, micro, status, patch) against 0.3.0.8 (status 2 = release). Plain
     * comparisons, no arrays: the {@code v} line of every router comes through here, and the
     * launcher's C1 does no escape analysis, so two small arrays per router were real garbage
     * (a sixth of what parsing a consensus allocated).
     */
    private static int compare(int major, int minor, int micro, int status, int patch) {
        if (major != 0) {
            return Integer.compare(major, 0);
        }
        if (minor != 3) {
            return Integer.compare(minor, 3);
        }
        if (micro != 0) {
            return Integer.compare(micro, 0);
        }
        if (status != 2) {
            return Integer.compare(status, 2);
        }
        return Integer.compare(patch, 8);
    }
}
