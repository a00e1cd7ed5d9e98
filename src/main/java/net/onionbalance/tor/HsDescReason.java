package net.onionbalance.tor;

import java.util.Locale;

/** The {@code REASON=} of a failed {@code HS_DESC} event (control-spec §4.1.25). */
public enum HsDescReason {
    BAD_DESC, QUERY_REJECTED, UPLOAD_REJECTED, NOT_FOUND, UNEXPECTED, QUERY_NO_HSDIR, QUERY_RATE_LIMITED,
    /** A reason this version does not know; the spec lets tor add reasons, so it is not an error. */
    UNRECOGNIZED;

    static HsDescReason parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNRECOGNIZED;
        }
    }
}
