package net.onionbalance.engine.snapshot;

import net.onionbalance.doc.keys.SigningGap;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A service published from an offline key bundle: when the bundle stops covering what the
 * network needs, and the slots it already cannot sign (typed).
 *
 * @param signsUntil when the next-period descriptor first needs a period the bundle lacks
 * @param gaps       the slots not published now for want of a key, in slot order
 */
public record KeyBundleStatus(Instant signsUntil, List<SigningGap> gaps) {
    /** The console header and the status command speak up from this much before. */
    public static final Duration WARN_BEFORE = Duration.ofDays(7);

    public KeyBundleStatus {
        Objects.requireNonNull(signsUntil, "signsUntil");
        gaps = List.copyOf(gaps);
    }

    /** Whether the operator should hear of it now: a gap, or less than {@link #WARN_BEFORE} left. */
    public boolean needsAttention(Instant now) {
        return !gaps.isEmpty() || !now.plus(WARN_BEFORE).isBefore(signsUntil);
    }

    /** "4 d 3 h" / "5 h" / "expired": the time left, coarse, for a header. */
    public String left(Instant now) {
        Duration d = Duration.between(now, signsUntil);
        if (d.isNegative() || d.isZero()) {
            return "expired";
        }
        return d.toDays() > 0 ? d.toDays() + " d " + d.toHoursPart() + " h" : d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
