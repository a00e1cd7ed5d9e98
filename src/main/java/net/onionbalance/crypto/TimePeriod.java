package net.onionbalance.crypto;

import net.onionbalance.time.CivilTime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A time period of the onion-service protocol (rend-spec-v3 §2.2.1 [TIME-PERIODS]).
 *
 * <p>Period {@code n} starts at {@code epoch + rotationOffset + n * length}. On the public
 * network the length is the consensus {@code hsdir-interval} (default 1440 minutes) and the
 * offset 12 voting intervals of one hour, so periods start at 12:00 UTC. A tor with
 * {@code TestingTorNetwork 1} uses a length of 24 voting intervals and an offset of 12.
 *
 * <p>Blinding (rend-spec-v3 A.2) and the HSDir indexes (§2.2.3) hash the number and the
 * length <em>in minutes</em>, which is why {@link #lengthMinutes()} exists.
 */
public record TimePeriod(long number, Duration length, Duration rotationOffset) {
    /** Default period length on the public network (consensus {@code hsdir-interval}). */
    public static final Duration DEFAULT_LENGTH = Duration.ofMinutes(1440);
    /**
     * The longest period tor accepts: the consensus parameter hsdir-interval is clamped to at most
     * 14,400 minutes, 10 days (HS_TIME_PERIOD_LENGTH_MAX, param-spec). Longer ones would also
     * overflow the seconds-based arithmetic here long before any real use.
     */
    public static final Duration MAX_LENGTH = Duration.ofMinutes(14_400);
    /** 12 voting intervals of one hour. */
    public static final Duration DEFAULT_ROTATION_OFFSET = Duration.ofMinutes(12 * 60);

    public TimePeriod {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(rotationOffset, "rotationOffset");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("time period length must be positive, got " + length);
        }
        if (length.compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("time period length must be at most " + MAX_LENGTH.toMinutes()
                    + " minutes (tor's HS_TIME_PERIOD_LENGTH_MAX), got " + length);
        }
        if (rotationOffset.isNegative()) {
            throw new IllegalArgumentException("rotation offset must not be negative, got " + rotationOffset);
        }
    }

    /** The period containing {@code at}, with the public network's length and offset. */
    public static TimePeriod containing(Instant at) {
        return containing(at, DEFAULT_LENGTH, DEFAULT_ROTATION_OFFSET);
    }

    /** The period containing {@code at}. */
    public static TimePeriod containing(Instant at, Duration length, Duration rotationOffset) {
        long sinceOffset = at.getEpochSecond() - rotationOffset.getSeconds();
        long n = Math.floorDiv(sinceOffset, length.getSeconds());
        return new TimePeriod(n, length, rotationOffset);
    }

    /** For a tor with {@code TestingTorNetwork 1}: 24 voting intervals long, offset 12. */
    public static TimePeriod containingOnTestNetwork(Instant at, Duration votingInterval) {
        return containing(at, votingInterval.multipliedBy(24), votingInterval.multipliedBy(12));
    }

    /** The length in whole minutes, as hashed by blinding and the HSDir indexes. */
    public long lengthMinutes() {
        return length.toMinutes();
    }

    public Instant start() {
        return Instant.ofEpochSecond(rotationOffset.getSeconds() + number * length.getSeconds());
    }

    public Instant end() {
        return start().plus(length);
    }

    public TimePeriod next() {
        return new TimePeriod(number + 1, length, rotationOffset);
    }

    public TimePeriod previous() {
        return new TimePeriod(number - 1, length, rotationOffset);
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start()) && at.isBefore(end());
    }

    @Override
    public String toString() {
        // Written as tor writes times (CivilTime), which also keeps java.time's formatter out of the balancer.
        return "time period " + number + " (" + CivilTime.format(start().getEpochSecond()) + " .. "
                + CivilTime.format(end().getEpochSecond()) + " UTC)";
    }
}
