package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.snapshot.HsDirCheckView;
import net.onionbalance.ring.DescriptorSlot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to check which HSDir's copy of our master descriptor, and what the last check found. Each
 * HSDir that accepted an upload is checked {@code afterUpload} later, then about every
 * {@code interval} (each time drawn from 3/4 to 5/4 of it, so the checks spread out instead of
 * running in bursts), with at most {@code maxInFlight} fetches out at once. A fetch tor has not
 * answered within {@code answerTimeout} counts as {@link HsDirVerdict#UNANSWERED}. Engine thread only.
 */
final class HsDirAudit {
    /** One HSDir of one slot of one service. */
    record Key(OnionAddress master, DescriptorSlot slot, RelayFingerprint hsDir) {}

    private final Duration afterUpload;
    private final Duration interval;
    private final Duration answerTimeout;
    private final int maxInFlight;
    private final RandomGenerator rng;
    private final Map<Key, Instant> next = new HashMap<>();
    private final Map<Key, Instant> inFlight = new HashMap<>();
    private final Map<Key, HsDirCheckView> last = new HashMap<>();
    private final Map<HsDirVerdict, Long> counts = new EnumMap<>(HsDirVerdict.class);

    HsDirAudit(Duration afterUpload, Duration interval, Duration answerTimeout, int maxInFlight, RandomGenerator rng) {
        this.afterUpload = afterUpload;
        this.interval = interval;
        this.answerTimeout = answerTimeout;
        this.maxInFlight = maxInFlight;
        this.rng = rng;
    }

    /** The HSDir accepted an upload: check it soon after. */
    void uploaded(Key k, Instant now) {
        next.put(k, now.plus(afterUpload));
    }

    /**
     * Of {@code candidates} (HSDirs that accepted our upload and are in the current consensus), those
     * whose check is due now, within the in-flight bound; they are marked in flight. A candidate
     * never scheduled is due {@code afterUpload} from now.
     */
    List<Key> takeDue(Collection<Key> candidates, Instant now) {
        List<Key> due = new ArrayList<>();
        for (Key k : candidates) {
            if (inFlight.size() >= maxInFlight) {
                break;
            }
            if (inFlight.containsKey(k)) {
                continue;
            }
            Instant at = next.computeIfAbsent(k, x -> now.plus(afterUpload));
            if (!now.isBefore(at)) {
                inFlight.put(k, now);
                due.add(k);
            }
        }
        return due;
    }

    /** The check of this HSDir in flight for this service, if any (tor's events name no slot). */
    Optional<Key> inFlight(OnionAddress master, RelayFingerprint hsDir) {
        return inFlight.keySet().stream().filter(k -> k.master().equals(master) && k.hsDir().equals(hsDir)).findFirst();
    }

    /** A fetch could not even be asked for: not a verdict, tried again at the next interval. */
    void notAsked(Key k, Instant now) {
        inFlight.remove(k);
        next.put(k, now.plus(interval));
    }

    /** Checks tor never answered: each gets {@link HsDirVerdict#UNANSWERED}. */
    List<Key> expire(Instant now) {
        List<Key> out = new ArrayList<>();
        inFlight.forEach((k, since) -> {
            if (!now.isBefore(since.plus(answerTimeout))) {
                out.add(k);
            }
        });
        out.forEach(k -> record(k, HsDirVerdict.UNANSWERED, now));
        return out;
    }

    /** The check's verdict; the next check is scheduled. */
    void record(Key k, HsDirVerdict verdict, Instant now) {
        inFlight.remove(k);
        long repairs = last.containsKey(k) ? last.get(k).repairs() : 0;
        if (verdict.repair().isPresent()) {
            repairs++;
        }
        last.put(k, new HsDirCheckView(verdict, now, repairs));
        counts.merge(verdict, 1L, Long::sum);
        long spread = interval.toMillis() / 2;
        next.put(k, now.plus(interval).minusMillis(spread / 2).plusMillis(spread == 0 ? 0 : rng.nextLong(spread + 1)));
    }

    Optional<HsDirCheckView> last(Key k) {
        return Optional.ofNullable(last.get(k));
    }

    /** Forgets HSDirs no longer among {@code keep} (left the responsible set or the service). */
    void retain(Collection<Key> keep) {
        next.keySet().retainAll(keep);
        last.keySet().retainAll(keep);
        inFlight.keySet().retainAll(keep);
    }

    /** Verdicts since start, per verdict. */
    Map<HsDirVerdict, Long> counts() {
        return Map.copyOf(counts);
    }
}
