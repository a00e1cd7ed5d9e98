package net.onionbalance.engine.snapshot;

import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.engine.UploadState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One of the two master descriptors of a service, as last built and uploaded.
 *
 * @param introPoints the intro points in the descriptor, each with the backend it came from
 * @param hsDirs      each responsible HSDir of the last upload, with its result
 */
public record DescriptorStatus(
        DescriptorSlot slot,
        Optional<TimePeriod> timePeriod,
        OptionalLong revisionCounter,
        Optional<Instant> lastPublishAttempt,
        Optional<Instant> lastUploaded,
        List<IntroPointOrigin> introPoints,
        List<HsDirUpload> hsDirs,
        String state) {
    public DescriptorStatus {
        introPoints = List.copyOf(introPoints);
        hsDirs = List.copyOf(hsDirs);
    }

    /** "uploaded to n of m HSDirs". */
    public long uploadedCount() {
        return hsDirs.stream().filter(h -> h.state() == UploadState.UPLOADED).count();
    }

    public static DescriptorStatus never(DescriptorSlot slot) {
        return new DescriptorStatus(slot, Optional.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), "not published yet");
    }
}
