package net.onionbalance.engine;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorSigningKey;
import net.onionbalance.doc.keys.SigningGap;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.engine.snapshot.DescriptorGroup;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.HsDirCheckView;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.OtherPublisher;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.HsDir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * One descriptor slot of one service: what each responsible HSDir was last sent, the assignment
 * of backends to HSDirs it came from, and how the uploads fared.
 */
final class SlotState {
    /** What one HSDir was last sent: the policy's record of it, the text (for retries) and its revision counter. */
    record Sent(PublishPolicy.Published published, String descriptorText, long revisionCounter) {}

    final DescriptorSlot slot;
    /** Per responsible HSDir; an HSDir that leaves the responsible set leaves this map. */
    final Map<RelayFingerprint, Sent> sent = new LinkedHashMap<>();
    Ed25519PublicKey blindedKey;
    long revisionCounter;
    Instant lastAttempt;
    /** The last assignment computed (also when nothing had to be uploaded). */
    HsDirAssignment<InstanceRef, IntroPoint> assignment;
    /** Created at the first upload, with the timings' retry bounds. */
    UploadTracker uploads;
    String state = "not published yet";
    /** Why this slot's period cannot be signed (an offline key bundle that does not cover it), or null. */
    SigningGap keyGap;
    /** HSDirs found holding a descriptor of this slot that another obhost published with our key. */
    final Map<RelayFingerprint, OtherPublisher> otherPublishers = new LinkedHashMap<>();
    /** The slot's descriptor signing key and the certificates it made: memory only, rotated by the builder. */
    final DescriptorSigningKey signingKey = new DescriptorSigningKey();

    SlotState(DescriptorSlot slot) {
        this.slot = slot;
    }

    /** Whether any descriptor of this slot was ever sent (an HSDir new to the set then means the ring changed). */
    boolean everPublished() {
        return lastAttempt != null;
    }

    /** Attributes tor's per-HSDir result to this slot when it awaits one from that HSDir. */
    boolean awaiting(RelayFingerprint hsDir) {
        return uploads != null && uploads.awaiting(hsDir);
    }

    DescriptorStatus view() {
        return view(fp -> Optional.empty());
    }

    /** With each HSDir's last check as {@code checks} says. */
    DescriptorStatus view(Function<RelayFingerprint, Optional<HsDirCheckView>> checks) {
        if (lastAttempt == null || uploads == null) {
            return new DescriptorStatus(slot, Optional.empty(), OptionalLong.empty(), Optional.empty(),
                    Optional.empty(), List.of(), List.of(), state);
        }
        Optional<PublishPolicy.Published> any = sent.values().stream().map(Sent::published).findFirst();
        Optional<Instant> lastUploaded = uploads.lastUploaded();
        List<IntroPointOrigin> all = new ArrayList<>();
        List<DescriptorGroup> groups = new ArrayList<>();
        Map<OnionAddress, Integer> coverage = new HashMap<>();
        int fetchDirs = 0;
        if (assignment != null) {
            Set<IntroPointOrigin> seen = new LinkedHashSet<>();
            for (var g : assignment.groups()) {
                List<IntroPointOrigin> origins = origins(g.selection());
                seen.addAll(origins);
                List<RelayFingerprint> fetch = new ArrayList<>();
                List<RelayFingerprint> storeOnly = new ArrayList<>();
                for (HsDir d : g.hsDirs()) {
                    (assignment.fetchDirs().contains(d) ? fetch : storeOnly).add(d.fingerprint());
                }
                groups.add(new DescriptorGroup(fetch, storeOnly, origins));
            }
            all.addAll(seen);
            assignment.fetchCoverage().forEach((b, n) -> coverage.put(b.address(), n));
            fetchDirs = assignment.fetchHsDirs();
        }
        return new DescriptorStatus(slot, any.map(PublishPolicy.Published::timePeriod),
                OptionalLong.of(revisionCounter), Optional.of(lastAttempt), lastUploaded, all,
                uploads.view().stream().map(u -> u.withCheck(checks.apply(u.hsDir()))).toList(), state,
                assignment != null && assignment.split() ? groups : List.of(), fetchDirs, coverage,
                List.copyOf(otherPublishers.values()));
    }

    static List<IntroPointOrigin> origins(IntroPointSelection<InstanceRef, IntroPoint> selection) {
        return selection.chosen().stream()
                .map(c -> new IntroPointOrigin(c.backend().address(), c.backend().label(),
                        c.introPoint().authKey().base64(), IntroPointDescriptions.relay(c.introPoint())))
                .toList();
    }
}
