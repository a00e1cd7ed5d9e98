package net.onionbalance.ui.console;

import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.HsDirVerdict;
import net.onionbalance.engine.UploadState;
import net.onionbalance.engine.snapshot.DescriptorStatus;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How states read and look on screen. */
final class Words {
    private static final DateTimeFormatter PERIOD_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Words() {}

    static Style style(InstanceState s) {
        return switch (s) {
            case VALID -> Style.OK;
            case STALE, MISSING -> Style.WARN;
            case INVALID -> Style.BAD;
        };
    }

    /** {@code holds ours}, {@code absent}, {@code other publisher}, ... */
    static String word(HsDirVerdict v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static Style style(HsDirVerdict v) {
        return switch (v) {
            case HOLDS_OURS -> Style.OK;
            case ABSENT, OLDER_REVISION, FOREIGN, OTHER_PUBLISHER -> Style.WARN;
            case UNREACHABLE, UNANSWERED -> Style.DIM;
        };
    }

    static String word(UploadState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static Style style(UploadState s) {
        return switch (s) {
            case UPLOADED -> Style.OK;
            case PENDING, RETRYING -> Style.WARN;
            case FAILED -> Style.BAD;
        };
    }

    /** "uploaded to 5 of 8 HSDirs", green when all took it, red when none did. */
    static Span uploaded(DescriptorStatus d) {
        long n = d.uploadedCount();
        int m = d.hsDirs().size();
        Style st = m > 0 && n == m ? Style.OK : n == 0 ? Style.BAD : Style.WARN;
        return Span.of("uploaded to " + n + " of " + m + " HSDirs", st);
    }

    /** "19876 (06-10 12:00Z .. 06-11 12:00Z)": time periods start at 12:00 UTC on the public network. */
    static String period(TimePeriod tp) {
        return tp.number() + " (" + PERIOD_TIME.format(tp.start()) + " .. " + PERIOD_TIME.format(tp.end()) + ")";
    }
}
