package net.onionbalance.engine.snapshot;

import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.UploadState;

import java.time.Instant;
import java.util.Optional;

/** One descriptor upload to one HSDir: its result and when it came. */
public record HsDirUpload(
        RelayFingerprint hsDir,
        String nickname,
        UploadState state,
        Optional<String> reason,
        Instant since,
        int attempts) {}
