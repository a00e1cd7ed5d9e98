package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The rate limit on event-driven backend refetches ({@link RefetchReason}): at most one per
 * backend per {@code minGap}, whatever asks, so a backend whose checks fail every few seconds or
 * a burst of consensuses cannot make the balancer hammer the HSDirs. A refused refetch is not
 * queued: the next event, or the fetch-interval round, fetches it.
 */
final class BackendRefetches {
    private final Duration minGap;
    private final Map<OnionAddress, Instant> last = new HashMap<>();
    private final Map<RefetchReason, Long> counts = new EnumMap<>(RefetchReason.class);
    private long limited;
    /** Backends to refetch again soon after a health-driven refetch: a restarted backend uploads its new descriptor seconds later. */
    private final Map<OnionAddress, FollowUp> followUps = new HashMap<>();

    private record FollowUp(RefetchReason why, Instant at, int left) {}

    /** Follow-ups after a health-driven refetch: at +1, +2 and +4 gaps, unless cancelled. */
    static final int FOLLOW_UPS = 3;

    BackendRefetches(Duration minGap) {
        this.minGap = minGap;
    }

    /** Whether {@code backend} may be refetched now for {@code why}; counts it when so. */
    boolean allow(OnionAddress backend, RefetchReason why, Instant now) {
        Instant before = last.get(backend);
        if (before != null && now.isBefore(before.plus(minGap))) {
            limited++;
            return false;
        }
        last.put(backend, now);
        counts.merge(why, 1L, Long::sum);
        return true;
    }

    /**
     * Schedules follow-up refetches of {@code backend}: the first refetch after a failed check often
     * finds the old descriptor, the restarted backend's tor uploads its new one seconds later.
     */
    void followUp(OnionAddress backend, RefetchReason why, Instant now) {
        followUps.putIfAbsent(backend, new FollowUp(why, now.plus(minGap), FOLLOW_UPS));
    }

    /** The intro points changed or the backend answers again: no more follow-ups. */
    void cancelFollowUps(OnionAddress backend) {
        followUps.remove(backend);
    }

    /** Backends whose follow-up is due now, each with its reason; the next one is scheduled (doubling). */
    Map<OnionAddress, RefetchReason> dueFollowUps(Instant now) {
        Map<OnionAddress, RefetchReason> out = new HashMap<>();
        for (var it = followUps.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            FollowUp f = e.getValue();
            if (now.isBefore(f.at())) {
                continue;
            }
            out.put(e.getKey(), f.why());
            if (f.left() <= 1) {
                it.remove();
            } else {
                int done = FOLLOW_UPS - f.left() + 1;
                e.setValue(new FollowUp(f.why(), now.plus(minGap.multipliedBy(1L << done)), f.left() - 1));
            }
        }
        return out;
    }

    /** A refetch of every backend made for {@code why} outside this limit (a reconnect's full round). */
    void countRound(RefetchReason why) {
        counts.merge(why, 1L, Long::sum);
    }

    /** Refetches made since start, per reason. */
    Map<RefetchReason, Long> counts() {
        return Map.copyOf(counts);
    }

    /** Refetches refused by the rate limit since start. */
    long limited() {
        return limited;
    }
}
