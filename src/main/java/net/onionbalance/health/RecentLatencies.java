package net.onionbalance.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The latest check latencies of one backend, oldest first, at most {@link #capacity()}; a failed
 * check is a gap. Immutable: {@link #with} returns a copy (a few dozen longs), so a state can be
 * handed to snapshot readers as is.
 */
public final class RecentLatencies {
    /** An hour of checks at the public 60 s interval; wider than any console line. */
    public static final int DEFAULT_CAPACITY = 60;
    private static final long FAILED = -1;
    private static final RecentLatencies EMPTY = new RecentLatencies(DEFAULT_CAPACITY, new long[0]);

    private final int capacity;
    /** Milliseconds, or FAILED; oldest first. */
    private final long[] millis;

    private RecentLatencies(int capacity, long[] millis) {
        this.capacity = capacity;
        this.millis = millis;
    }

    public static RecentLatencies empty() {
        return EMPTY;
    }

    public static RecentLatencies empty(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        return new RecentLatencies(capacity, new long[0]);
    }

    /** A copy with one more sample (empty = a failed check); the oldest falls out when full. */
    public RecentLatencies with(Optional<Duration> latency) {
        int keep = Math.min(millis.length, capacity - 1);
        long[] next = new long[keep + 1];
        System.arraycopy(millis, millis.length - keep, next, 0, keep);
        next[keep] = latency.map(d -> Math.max(0, d.toMillis())).orElse(FAILED);
        return new RecentLatencies(capacity, next);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return millis.length;
    }

    /** Oldest first; empty entries are failed checks. */
    public List<Optional<Duration>> samples() {
        List<Optional<Duration>> out = new ArrayList<>(millis.length);
        for (long m : millis) {
            out.add(m == FAILED ? Optional.empty() : Optional.of(Duration.ofMillis(m)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentLatencies r && r.capacity == capacity && Arrays.equals(r.millis, millis);
    }

    @Override
    public int hashCode() {
        return 31 * capacity + Arrays.hashCode(millis);
    }

    @Override
    public String toString() {
        return Arrays.toString(millis);
    }
}
