package net.onionbalance.engine;

import net.onionbalance.ring.DescriptorSlot;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.IntroPointOrigin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One descriptor slot of one service: what was last built and how its uploads fared. */
final class SlotState {
    final DescriptorSlot slot;
    Optional<PublishPolicy.Published> published = Optional.empty();
    String descriptorText;
    Ed25519PublicKey blindedKey;
    long revisionCounter;
    Instant lastAttempt;
    List<IntroPointOrigin> introPoints = List.of();
    UploadTracker uploads;
    String state = "not published yet";

    SlotState(DescriptorSlot slot) {
        this.slot = slot;
    }

    /** Attributes tor's per-HSDir result to this slot when it awaits one from that HSDir. */
    boolean awaiting(RelayFingerprint hsDir) {
        return uploads != null && uploads.awaiting(hsDir);
    }

    DescriptorStatus view() {
        if (published.isEmpty() && lastAttempt == null) {
            return new DescriptorStatus(slot, Optional.empty(), OptionalLong.empty(), Optional.empty(),
                    Optional.empty(), List.of(), List.of(), state);
        }
        var p = published;
        Optional<Instant> lastUploaded = uploads == null || uploads.uploadedCount() == 0
                ? Optional.empty() : p.map(PublishPolicy.Published::at);
        return new DescriptorStatus(slot, p.map(PublishPolicy.Published::timePeriod),
                lastAttempt == null ? OptionalLong.empty() : OptionalLong.of(revisionCounter),
                Optional.ofNullable(lastAttempt), lastUploaded, introPoints,
                uploads == null ? List.of() : uploads.view(), state);
    }
}
