package net.onionbalance.doc.consensus;

import java.nio.charset.StandardCharsets;

/** The router status flags of a consensus {@code s} line (dir-spec §3.4.1). Unknown flags are ignored. */
public enum RelayFlag {
    AUTHORITY("Authority"),
    BAD_EXIT("BadExit"),
    EXIT("Exit"),
    FAST("Fast"),
    GUARD("Guard"),
    HSDIR("HSDir"),
    MIDDLE_ONLY("MiddleOnly"),
    NO_ED_CONSENSUS("NoEdConsensus"),
    RUNNING("Running"),
    STABLE("Stable"),
    STALE_DESC("StaleDesc"),
    SYBIL("Sybil"),
    V2DIR("V2Dir"),
    VALID("Valid");

    private final String keyword;
    private final byte[] ascii;

    RelayFlag(String keyword) {
        this.keyword = keyword;
        this.ascii = keyword.getBytes(StandardCharsets.US_ASCII);
    }

    /** The flag as written in the consensus. */
    public String keyword() {
        return keyword;
    }

    private static final RelayFlag[] ALL = values();

    /** The flag spelled by {@code text[from, to)}, or null when tor added one we do not know. */
    static RelayFlag lookup(byte[] text, int from, int to) {
        int len = to - from;
        for (RelayFlag f : ALL) {
            byte[] a = f.ascii;
            if (a.length == len && a[0] == text[from]) {
                boolean same = true;
                for (int i = 1; i < len; i++) {
                    if (a[i] != text[from + i]) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    return f;
                }
            }
        }
        return null;
    }
}
