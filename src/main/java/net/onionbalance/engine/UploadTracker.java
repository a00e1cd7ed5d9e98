package net.onionbalance.engine;

import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.snapshot.HsDirUpload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-HSDir fate of one published descriptor: pending until tor's {@code HS_DESC UPLOADED}
 * or {@code FAILED} event (control-spec §4.1.25) for that HSDir, and failed uploads retried with
 * capped exponential backoff (onionbalance 0.2.x never retries: its issue #38).
 */
final class UploadTracker {
    static final int MAX_ATTEMPTS = 6;
    private final Duration firstRetry;
    private final Duration maxRetry;

    private static final class Entry {
        final String nickname;
        UploadState state = UploadState.PENDING;
        String reason;
        Instant since;
        Instant retryAt;
        int attempts = 1;
        /** Counted as failed for want of an answer: a late answer from tor is still taken. */
        boolean unanswered;

        Entry(String nickname, Instant since) {
            this.nickname = nickname;
            this.since = since;
        }
    }

    private final Map<RelayFingerprint, Entry> entries = new LinkedHashMap<>();
    private Instant lastUploaded;
    /** Per HSDir since start, kept across publishes: accepted, rejected as older, failed attempts. */
    private final Map<RelayFingerprint, long[]> totals = new LinkedHashMap<>();

    private void count(RelayFingerprint hsDir, int which) {
        totals.computeIfAbsent(hsDir, k -> new long[3])[which]++;
    }

    UploadTracker(Duration firstRetry, Duration maxRetry) {
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    UploadTracker(Map<RelayFingerprint, String> hsDirs, Instant now, Duration firstRetry, Duration maxRetry) {
        this(firstRetry, maxRetry);
        hsDirs.forEach((fp, nick) -> begin(fp, nick, now));
    }

    /** A new descriptor goes to this HSDir: pending, first attempt. */
    void begin(RelayFingerprint hsDir, String nickname, Instant now) {
        entries.put(hsDir, new Entry(nickname, now));
    }

    /** This HSDir's upload state, if it is one of the slot's. */
    Optional<UploadState> state(RelayFingerprint hsDir) {
        return Optional.ofNullable(entries.get(hsDir)).map(e -> e.state);
    }

    /**
     * The HSDir lost what it accepted (an HSDir check found it absent, older or not ours): the same
     * descriptor goes to it again, a first attempt with its own retries.
     */
    void resend(RelayFingerprint hsDir, Instant now) {
        Entry e = entries.get(hsDir);
        if (e != null) {
            Entry fresh = new Entry(e.nickname, now);
            entries.put(hsDir, fresh);
        }
    }

    /** Forgets HSDirs no longer responsible for the slot. */
    void retain(java.util.Set<RelayFingerprint> hsDirs) {
        entries.keySet().retainAll(hsDirs);
    }

    /** When an HSDir last accepted one of this slot's descriptors. */
    Optional<Instant> lastUploaded() {
        return Optional.ofNullable(lastUploaded);
    }

    boolean covers(RelayFingerprint hsDir) {
        return entries.containsKey(hsDir);
    }

    /** Whether this HSDir still awaits a result of ours (used to attribute tor's events). */
    boolean awaiting(RelayFingerprint hsDir) {
        Entry e = entries.get(hsDir);
        return e != null && (e.state == UploadState.PENDING || (e.state == UploadState.RETRYING && e.unanswered));
    }

    void uploaded(RelayFingerprint hsDir, Instant now) {
        Entry e = entries.get(hsDir);
        if (e != null) {
            count(hsDir, 0);
            e.state = UploadState.UPLOADED;
            e.unanswered = false;
            e.reason = null;
            e.since = now;
            e.retryAt = null;
            lastUploaded = now;
        }
    }

    /** Tor dropped this HSDir from the HSPOST (552: it no longer knows it): not worth a retry. */
    void dropped(RelayFingerprint hsDir, String why, Instant now) {
        drop(hsDir, why, now, 2);
    }

    /** The HSDir keeps a descriptor with a higher revision counter (rend-spec-v3 §2.4): not retried. */
    void rejectedAsOlder(RelayFingerprint hsDir, String why, Instant now) {
        drop(hsDir, why, now, 1);
    }

    private void drop(RelayFingerprint hsDir, String why, Instant now, int which) {
        Entry e = entries.get(hsDir);
        if (e != null) {
            count(hsDir, which);
            e.state = UploadState.FAILED;
            e.reason = why;
            e.since = now;
            e.retryAt = null;
        }
    }

    void failed(RelayFingerprint hsDir, String reason, Instant now) {
        Entry e = entries.get(hsDir);
        if (e == null) {
            return;
        }
        count(hsDir, 2);
        e.reason = reason;
        e.since = now;
        if (e.attempts >= MAX_ATTEMPTS) {
            e.state = UploadState.FAILED;
            e.retryAt = null;
        } else {
            e.state = UploadState.RETRYING;
            long factor = 1L << Math.min(16, e.attempts - 1);
            Duration wait = firstRetry.multipliedBy(factor);
            e.retryAt = now.plus(wait.compareTo(maxRetry) > 0 ? maxRetry : wait);
        }
    }

    /**
     * Pending uploads with no answer for {@code answerTimeout}: tor sends no HS_DESC event when it
     * cannot reach the HSDir at all (a relay that died but is still in the consensus), so they are
     * counted as failed here, and retried like any failure. Returns those HSDirs.
     */
    List<RelayFingerprint> expireUnanswered(Instant now, Duration answerTimeout) {
        List<RelayFingerprint> out = new ArrayList<>();
        entries.forEach((fp, e) -> {
            if (e.state == UploadState.PENDING && !now.isBefore(e.since.plus(answerTimeout))) {
                out.add(fp);
            }
        });
        String why = "no answer within " + answerTimeout.toSeconds() + " s (HSDir unreachable?)";
        out.forEach(fp -> {
            failed(fp, why, now);
            entries.get(fp).unanswered = true;
        });
        return out;
    }

    /** HSDirs whose retry is due; they are marked pending again. */
    List<RelayFingerprint> takeDueRetries(Instant now) {
        List<RelayFingerprint> due = new ArrayList<>();
        entries.forEach((fp, e) -> {
            if (e.state == UploadState.RETRYING && e.retryAt != null && !now.isBefore(e.retryAt)) {
                e.state = UploadState.PENDING;
                e.unanswered = false;
                e.attempts++;
                e.since = now;
                e.retryAt = null;
                due.add(fp);
            }
        });
        return due;
    }

    Optional<Instant> nextRetry() {
        return entries.values().stream().filter(e -> e.retryAt != null).map(e -> e.retryAt).min(Instant::compareTo);
    }

    long uploadedCount() {
        return entries.values().stream().filter(e -> e.state == UploadState.UPLOADED).count();
    }

    int size() {
        return entries.size();
    }

    List<HsDirUpload> view() {
        List<HsDirUpload> out = new ArrayList<>();
        entries.forEach((fp, e) -> {
            long[] t = totals.getOrDefault(fp, new long[3]);
            out.add(new HsDirUpload(fp, e.nickname, e.state, Optional.ofNullable(e.reason), e.since, e.attempts,
                    t[0], t[1], t[2]));
        });
        return out;
    }
}
