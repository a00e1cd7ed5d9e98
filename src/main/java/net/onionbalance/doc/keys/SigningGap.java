package net.onionbalance.doc.keys;

import net.onionbalance.crypto.TimePeriod;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a service cannot sign a descriptor for a time period: its key bundle does not cover it.
 * A typed state (the console, status and metrics read {@link #kind()}); {@link #describe()} is
 * for the operator.
 *
 * @param wanted        the period the network needs a descriptor for
 * @param kind          what is wrong
 * @param bundleLength  the bundle's period length
 * @param firstPeriod   the bundle's first period number
 * @param lastPeriod    the bundle's last period number
 */
public record SigningGap(TimePeriod wanted, Kind kind, Duration bundleLength, long firstPeriod, long lastPeriod) {
    /** What is wrong with the bundle for the wanted period. */
    public enum Kind {
        /** The bundle starts after the period (made with a later --start). */
        BEFORE_BUNDLE,
        /** The bundle ran out: renew it on the offline machine. */
        AFTER_BUNDLE,
        /** Made for another time-period length than the network uses (--time-period-length). */
        OTHER_TIME_PERIOD_LENGTH
    }

    public SigningGap {
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bundleLength, "bundleLength");
    }

    /** One line for the operator, e.g. "no key for time period 20431: the key bundle ends with 20430". */
    public String describe() {
        return switch (kind) {
            case BEFORE_BUNDLE -> "no key for " + wanted + ": the key bundle starts with period " + firstPeriod;
            case AFTER_BUNDLE -> "no key for " + wanted + ": the key bundle ends with period " + lastPeriod
                    + "; make a new one on the offline machine (onionbalance key offline) and reload";
            case OTHER_TIME_PERIOD_LENGTH -> "no key for " + wanted + ": the key bundle is for time periods of "
                    + bundleLength.toMinutes() + " minutes, the network's are " + wanted.lengthMinutes()
                    + " (make it with --time-period-length " + wanted.lengthMinutes() + ")";
        };
    }
}
