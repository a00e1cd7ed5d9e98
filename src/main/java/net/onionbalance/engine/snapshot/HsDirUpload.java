package net.onionbalance.engine.snapshot;

import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.UploadState;

import java.time.Instant;
import java.util.Optional;

/**
 * One descriptor upload to one HSDir: its result and when it came, and this HSDir's totals for the
 * slot since the balancer started (for counters that must not miss a result between two snapshots),
 * and the last check of what the HSDir really holds ({@code HSFETCH} by name), if one was made.
 */
public record HsDirUpload(
        RelayFingerprint hsDir,
        String nickname,
        UploadState state,
        Optional<String> reason,
        Instant since,
        int attempts,
        long acceptedTotal,
        long rejectedOlderTotal,
        long failedTotal,
        Optional<HsDirCheckView> check) {
    public HsDirUpload {
        java.util.Objects.requireNonNull(check, "check");
    }

    public HsDirUpload(RelayFingerprint hsDir, String nickname, UploadState state, Optional<String> reason, Instant since,
                       int attempts, long acceptedTotal, long rejectedOlderTotal, long failedTotal) {
        this(hsDir, nickname, state, reason, since, attempts, acceptedTotal, rejectedOlderTotal, failedTotal, Optional.empty());
    }

    /** This upload with the last check of what the HSDir holds. */
    public HsDirUpload withCheck(Optional<HsDirCheckView> c) {
        return new HsDirUpload(hsDir, nickname, state, reason, since, attempts, acceptedTotal, rejectedOlderTotal, failedTotal, c);
    }

    public HsDirUpload(RelayFingerprint hsDir, String nickname, UploadState state, Optional<String> reason, Instant since,
                       int attempts) {
        this(hsDir, nickname, state, reason, since, attempts, 0, 0, 0);
    }
}
