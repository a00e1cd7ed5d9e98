package net.onionbalance.engine.snapshot;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.engine.UploadState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One of the two master descriptors of a service, as last built and uploaded.
 *
 * @param introPoints   the intro points in the descriptor (in all its distinct descriptors), each with
 *                      the backend it came from
 * @param hsDirs        each responsible HSDir of the last upload, with its result
 * @param groups        the distinct descriptors when there is more than one, else empty
 * @param fetchHsDirs   how many HSDirs clients fetch this slot's descriptor from
 * @param fetchCoverage per backend, how many of those fetch HSDirs hold a descriptor with it
 * @param otherPublishers HSDirs holding a descriptor of this slot another obhost published with our key
 */
public record DescriptorStatus(
        DescriptorSlot slot,
        Optional<TimePeriod> timePeriod,
        OptionalLong revisionCounter,
        Optional<Instant> lastPublishAttempt,
        Optional<Instant> lastUploaded,
        List<IntroPointOrigin> introPoints,
        List<HsDirUpload> hsDirs,
        String state,
        List<DescriptorGroup> groups,
        int fetchHsDirs,
        Map<OnionAddress, Integer> fetchCoverage,
        List<OtherPublisher> otherPublishers) {
    public DescriptorStatus {
        otherPublishers = List.copyOf(otherPublishers);
        introPoints = List.copyOf(introPoints);
        hsDirs = List.copyOf(hsDirs);
        groups = List.copyOf(groups);
        fetchCoverage = Map.copyOf(fetchCoverage);
    }

    public DescriptorStatus(DescriptorSlot slot, Optional<TimePeriod> timePeriod, OptionalLong revisionCounter,
                            Optional<Instant> lastPublishAttempt, Optional<Instant> lastUploaded,
                            List<IntroPointOrigin> introPoints, List<HsDirUpload> hsDirs, String state,
                            List<DescriptorGroup> groups, int fetchHsDirs, Map<OnionAddress, Integer> fetchCoverage) {
        this(slot, timePeriod, revisionCounter, lastPublishAttempt, lastUploaded, introPoints, hsDirs, state, groups,
                fetchHsDirs, fetchCoverage, List.of());
    }

    public DescriptorStatus(DescriptorSlot slot, Optional<TimePeriod> timePeriod, OptionalLong revisionCounter,
                            Optional<Instant> lastPublishAttempt, Optional<Instant> lastUploaded,
                            List<IntroPointOrigin> introPoints, List<HsDirUpload> hsDirs, String state) {
        this(slot, timePeriod, revisionCounter, lastPublishAttempt, lastUploaded, introPoints, hsDirs, state,
                List.of(), 0, Map.of());
    }

    /** How many fetch HSDirs carry {@code backend} (0 when none does). */
    public int fetchCoverage(OnionAddress backend) {
        return fetchCoverage.getOrDefault(backend, 0);
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
