package net.onionbalance.metrics;

import net.onionbalance.engine.PublishReason;
import net.onionbalance.engine.UploadState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.HsDirUpload;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counters the snapshot does not carry, derived from successive snapshots: upload results per
 * HSDir, publishes by reason, control-port reconnects, and when an HSDir last accepted a slot's
 * descriptor. The sampler feeds it every new snapshot (about once a second), so a result is
 * missed only if one HSDir went through two results in between, which the retry waits (2 s at
 * least) rule out. Counts start at zero when the balancer starts, as Prometheus counters may.
 *
 * <p>The publish reason is inferred from what changed between two publishes of a slot, checked in
 * the engine's order: first publish, new time period, intro point set, HSDir set; otherwise a
 * republish that came at least {@code republishAge} after the previous one is "periodic", an
 * earlier one was forced by the operator. Not thread-safe: its owner synchronises.
 */
final class SnapshotCounters {
    enum UploadResult {
        ACCEPTED("accepted"), REJECTED_OLDER("rejected_older"), FAILED("failed");

        final String label;

        UploadResult(String label) {
            this.label = label;
        }
    }

    record SlotKey(String service, String slot) implements Comparable<SlotKey> {
        @Override
        public int compareTo(SlotKey o) {
            int c = service.compareTo(o.service);
            return c != 0 ? c : slot.compareTo(o.slot);
        }
    }

    record UploadKey(SlotKey slot, String hsDir, UploadResult result) implements Comparable<UploadKey> {
        @Override
        public int compareTo(UploadKey o) {
            int c = slot.compareTo(o.slot);
            c = c != 0 ? c : hsDir.compareTo(o.hsDir);
            return c != 0 ? c : result.compareTo(o.result);
        }
    }

    record PublishKey(SlotKey slot, PublishReason reason) implements Comparable<PublishKey> {
        @Override
        public int compareTo(PublishKey o) {
            int c = slot.compareTo(o.slot);
            return c != 0 ? c : reason.compareTo(o.reason);
        }
    }

    /** What was last seen of one HSDir's upload: a result is counted once per (state, since). */
    private record Seen(UploadState state, Instant since) {}

    private record LastPublish(Instant at, Optional<?> timePeriod, Set<String> introKeys, Set<String> hsDirs) {}

    private final Duration republishAge;
    private final Map<UploadKey, Long> uploads = new TreeMap<>();
    private final Map<PublishKey, Long> publishes = new TreeMap<>();
    private final Map<SlotKey, Instant> lastAccepted = new HashMap<>();
    private final Map<SlotKey, LastPublish> lastPublish = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private EngineSnapshot last;
    private boolean everConnected;
    private boolean connected;
    private long reconnects;

    SnapshotCounters(Duration republishAge) {
        this.republishAge = republishAge;
    }

    /** Takes in a snapshot; the same one again changes nothing. */
    void observe(EngineSnapshot s) {
        if (s == last) {
            return;
        }
        last = s;
        boolean nowConnected = s.tor().connected();
        if (nowConnected && !connected && everConnected) {
            reconnects++;
        }
        everConnected |= nowConnected;
        connected = nowConnected;
        for (ServiceStatus svc : s.services()) {
            String service = Labels.service(svc);
            for (DescriptorStatus d : svc.descriptors()) {
                SlotKey key = new SlotKey(service, d.slot().label());
                observePublish(key, d);
                for (HsDirUpload h : d.hsDirs()) {
                    observeUpload(key, h);
                }
            }
        }
    }

    private void observePublish(SlotKey key, DescriptorStatus d) {
        if (d.lastPublishAttempt().isEmpty()) {
            return;
        }
        Instant at = d.lastPublishAttempt().get();
        LastPublish before = lastPublish.get(key);
        if (before != null && before.at().equals(at)) {
            return;
        }
        // Plain loops: streams would load ~10 more classes into every balancer with metrics on.
        Set<String> introKeys = new HashSet<>();
        for (IntroPointOrigin ip : d.introPoints()) {
            introKeys.add(ip.authKey());
        }
        Set<String> hsDirs = new HashSet<>();
        for (HsDirUpload h : d.hsDirs()) {
            hsDirs.add(h.hsDir().hex());
        }
        LastPublish now = new LastPublish(at, d.timePeriod(), introKeys, hsDirs);
        lastPublish.put(key, now);
        publishes.merge(new PublishKey(key, reason(before, now)), 1L, Long::sum);
    }

    private PublishReason reason(LastPublish before, LastPublish now) {
        if (before == null) {
            return PublishReason.NEVER_PUBLISHED;
        }
        if (!before.timePeriod().equals(now.timePeriod())) {
            return PublishReason.TIME_PERIOD_CHANGED;
        }
        if (!before.introKeys().equals(now.introKeys())) {
            return PublishReason.INTRO_POINTS_CHANGED;
        }
        if (!before.hsDirs().equals(now.hsDirs())) {
            return PublishReason.HSDIRS_CHANGED;
        }
        return Duration.between(before.at(), now.at()).compareTo(republishAge) >= 0
                ? PublishReason.REPUBLISH_DUE : PublishReason.OPERATOR;
    }

    private void observeUpload(SlotKey key, HsDirUpload h) {
        // The engine's own totals: a failure retried within a second would never be seen by sampling.
        long[] totals = {h.acceptedTotal(), h.rejectedOlderTotal(), h.failedTotal()};
        UploadResult[] results = {UploadResult.ACCEPTED, UploadResult.REJECTED_OLDER, UploadResult.FAILED};
        for (int i = 0; i < 3; i++) {
            if (totals[i] > 0) {
                uploads.merge(new UploadKey(key, h.hsDir().hex(), results[i]), totals[i], Math::max);
            }
        }
        if (h.state() == UploadState.PENDING) {
            return;
        }
        String id = key.service() + "/" + key.slot() + "/" + h.hsDir().hex();
        Seen now = new Seen(h.state(), h.since());
        if (now.equals(seen.put(id, now))) {
            return;
        }
        if (h.state() == UploadState.UPLOADED) {
            lastAccepted.merge(key, h.since(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    Map<UploadKey, Long> uploads() {
        return uploads;
    }

    Map<PublishKey, Long> publishes() {
        return publishes;
    }

    Optional<Instant> lastAccepted(SlotKey key) {
        return Optional.ofNullable(lastAccepted.get(key));
    }

    long reconnects() {
        return reconnects;
    }
}
