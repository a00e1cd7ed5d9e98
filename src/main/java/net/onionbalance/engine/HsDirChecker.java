package net.onionbalance.engine;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorException;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.engine.snapshot.HsDirCheckView;
import net.onionbalance.engine.snapshot.OtherPublisher;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.HsDescReason;
import net.onionbalance.tor.TorEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Anti-entropy: checks the HSDirs, not our memory of them. Fetches our own master descriptor back
 * from each HSDir that accepted it ({@code HSFETCH <master> SERVER=<fp>}; tor answers with
 * {@code HS_DESC} and {@code HS_DESC_CONTENT} as for a backend), judges what came
 * ({@link HsDirCheck}) and uploads to that HSDir again at once when it lost our descriptor, holds an
 * older one or one that is not ours ({@link HsDirVerdict#repair()}). Another obhost's newer
 * descriptor is reported, never fought.
 *
 * <p>Only the slot of the current time period is checked: {@code HSFETCH} asks for the blinded key
 * of tor's current period (control-spec §3.26), so the other slot's descriptor cannot be asked for.
 */
final class HsDirChecker {
    private static final Logger LOG = Logger.getLogger(HsDirChecker.class.getName());

    private final TorGateway tor;
    private final ServiceRegistry registry;
    private final UploadAccounting uploads;
    private final HsDirAudit audit;
    private final Map<PublishReason, Long> repairs = new EnumMap<>(PublishReason.class);

    HsDirChecker(TorGateway tor, ServiceRegistry registry, UploadAccounting uploads, HsDirAudit audit) {
        this.tor = tor;
        this.registry = registry;
        this.uploads = uploads;
        this.audit = audit;
    }

    /** Expires unanswered checks and asks tor for the checks that are due. */
    void run(NetworkState view, Instant now) {
        for (HsDirAudit.Key k : audit.expire(now)) {
            LOG.fine(() -> "HSDir check of " + k.master() + " at " + k.hsDir() + ": no answer from tor");
        }
        Set<RelayFingerprint> inConsensus = new HashSet<>();
        view.view.hsDirs().relays().forEach(d -> inConsensus.add(d.fingerprint()));
        TimePeriod current = view.view.slots().currentTimePeriod();
        List<HsDirAudit.Key> keep = new ArrayList<>();
        List<HsDirAudit.Key> candidates = new ArrayList<>();
        for (ServiceState s : registry.services()) {
            for (SlotState slot : s.slots.values()) {
                if (slot.uploads == null) {
                    continue;
                }
                boolean checkable = view.view.slots().get(slot.slot).timePeriod().equals(current);
                slot.sent.forEach((fp, sent) -> {
                    HsDirAudit.Key k = new HsDirAudit.Key(s.master, slot.slot, fp);
                    keep.add(k);
                    if (checkable && sent.published().timePeriod().equals(current) && inConsensus.contains(fp)
                            && slot.uploads.state(fp).orElse(null) == UploadState.UPLOADED) {
                        candidates.add(k);
                    }
                });
            }
        }
        audit.retain(keep);
        Map<OnionAddress, List<HsDirAudit.Key>> byService = audit.takeDue(candidates, now).stream()
                .collect(Collectors.groupingBy(HsDirAudit.Key::master, LinkedHashMap::new, Collectors.toList()));
        byService.forEach((master, keys) -> {
            try {
                tor.hsFetch(master, keys.stream().map(HsDirAudit.Key::hsDir).toList());
            } catch (ControlException e) {
                LOG.warning("Could not ask tor to check the descriptor of " + master + " at " + keys.size() + " HSDirs: "
                        + e.getMessage());
                keys.forEach(k -> audit.notAsked(k, now));
            }
        });
    }

    /** The HSDir accepted this slot's descriptor: its first check comes a little later. */
    void uploaded(ServiceState s, SlotState slot, RelayFingerprint hsDir, Instant now) {
        audit.uploaded(new HsDirAudit.Key(s.master, slot.slot, hsDir), now);
    }

    /**
     * {@code HS_DESC FAILED} for one of our masters: when a check of that HSDir is out, its answer
     * (NOT_FOUND: absent; BAD_DESC: tor could not decode it, not ours; else unreachable).
     *
     * @return whether the event belonged to a check (else it is an upload's)
     */
    boolean onFailed(TorEvent.HsDescEvent d, ServiceState s, Instant now) {
        if (d.hsDir().isEmpty() || d.reason().orElse(null) == HsDescReason.UPLOAD_REJECTED) {
            return false;
        }
        Optional<HsDirAudit.Key> k = audit.inFlight(s.master, d.hsDir().get());
        if (k.isEmpty()) {
            return false;
        }
        HsDirVerdict v = switch (d.reason().orElse(HsDescReason.UNEXPECTED)) {
            case NOT_FOUND -> HsDirVerdict.ABSENT;
            case BAD_DESC -> HsDirVerdict.FOREIGN;
            default -> HsDirVerdict.UNREACHABLE;
        };
        apply(k.get(), s, v, Optional.empty(), now);
        return true;
    }

    /**
     * {@code HS_DESC_CONTENT} for one of our masters.
     *
     * @return whether it answered a check
     */
    boolean onContent(TorEvent.HsDescContentEvent c, ServiceState s, Instant now) {
        if (c.hsDir().isEmpty()) {
            return false;
        }
        Optional<HsDirAudit.Key> k = audit.inFlight(s.master, c.hsDir().get());
        if (k.isEmpty()) {
            return false;
        }
        SlotState slot = s.slots.get(k.get().slot());
        SlotState.Sent sent = slot.sent.get(k.get().hsDir());
        if (sent == null || slot.blindedKey == null) {
            audit.record(k.get(), HsDirVerdict.UNREACHABLE, now);
            return true;
        }
        Ed25519PublicKey blinded = s.blindedKey(sent.published().timePeriod());
        HsDirCheck.Judgement j = HsDirCheck.judge(c.failed() ? Optional.empty() : Optional.of(c.descriptor()),
                sent.descriptorText(), sent.revisionCounter(), blinded);
        if (j.verdict() == HsDirVerdict.OTHER_PUBLISHER) {
            noteOtherPublisher(s, slot, k.get().hsDir(), sent, c.descriptor(), j, now);
        }
        apply(k.get(), s, j.verdict(), j.revisionCounter().isPresent() ? Optional.of(j.revisionCounter().getAsLong())
                : Optional.empty(), now);
        return true;
    }

    private void apply(HsDirAudit.Key k, ServiceState s, HsDirVerdict v, Optional<Long> revision, Instant now) {
        audit.record(k, v, now);
        SlotState slot = s.slots.get(k.slot());
        if (v == HsDirVerdict.HOLDS_OURS) {
            slot.otherPublishers.remove(k.hsDir());
        }
        Optional<PublishReason> repair = v.repair();
        SlotState.Sent sent = slot.sent.get(k.hsDir());
        if (repair.isEmpty() || sent == null || slot.uploads == null) {
            return;
        }
        repairs.merge(repair.get(), 1L, Long::sum);
        LOG.warning("The " + slot.slot.label() + " descriptor of " + s.master + " at HSDir " + k.hsDir() + ": "
                + repair.get() + revision.map(r -> " (revision " + Long.toUnsignedString(r) + " there, ours "
                + Long.toUnsignedString(sent.revisionCounter()) + ")").orElse("") + "; uploading it there again now");
        slot.uploads.resend(k.hsDir(), now);
        uploads.post(s, slot, sent.descriptorText(), List.of(k.hsDir()), now);
    }

    /** Which of our backends another obhost's descriptor carries that ours at that HSDir lacks, and the reverse. */
    private void noteOtherPublisher(ServiceState s, SlotState slot, RelayFingerprint hsDir, SlotState.Sent sent, String text,
                                    HsDirCheck.Judgement j, Instant now) {
        long revision = j.revisionCounter().orElse(0);
        Map<OnionAddress, Set<Ed25519PublicKey>> known = new LinkedHashMap<>();
        for (InstanceRef i : s.instances) {
            registry.backend(i.address()).flatMap(BackendState::lastVerified).ifPresent(d -> known.put(i.address(),
                    d.introPoints().stream().map(IntroPoint::authKey).collect(Collectors.toSet())));
        }
        Set<OnionAddress> ours = carrying(known, sent.published().introAuthKeys());
        List<OnionAddress> onlyTheirs = List.of();
        List<OnionAddress> onlyOurs = List.of();
        OptionalInt unknown = OptionalInt.empty();
        try {
            var theirs = DescriptorVerifier.verify(text, s.master, List.of(sent.published().timePeriod()), now);
            Set<Ed25519PublicKey> keys = theirs.introPoints().stream().map(IntroPoint::authKey).collect(Collectors.toSet());
            Set<OnionAddress> theirBackends = carrying(known, keys);
            Set<Ed25519PublicKey> mapped = new HashSet<>();
            known.values().forEach(mapped::addAll);
            unknown = OptionalInt.of((int) keys.stream().filter(key -> !mapped.contains(key)).count());
            onlyTheirs = theirBackends.stream().filter(b -> !ours.contains(b)).toList();
            onlyOurs = ours.stream().filter(b -> !theirBackends.contains(b)).toList();
        } catch (DescriptorException e) {
            // A restricted service's second layer needs a client key: only its revision is known.
            LOG.fine(() -> "Another publisher's descriptor of " + s.master + " could not be read: " + e.getMessage());
        }
        OtherPublisher before = slot.otherPublishers.get(hsDir);
        OtherPublisher now2 = new OtherPublisher(hsDir, revision, now, onlyTheirs, onlyOurs, unknown);
        slot.otherPublishers.put(hsDir, now2);
        if (before == null || before.revisionCounter() != revision) {
            LOG.warning("Another obhost publishes " + s.master + ": HSDir " + hsDir + " holds its " + slot.slot.label()
                    + " descriptor, revision " + Long.toUnsignedString(revision) + " (ours " + Long.toUnsignedString(sent.revisionCounter())
                    + "), signed by our key; " + (unknown.isEmpty() ? "its intro points are not readable (restricted service)"
                    : onlyTheirs.size() + " backends only in theirs, " + onlyOurs.size() + " only in ours, "
                    + unknown.getAsInt() + " intro points of backends we do not know")
                    + ". Not uploading over it: each obhost's hourly republish takes turns");
        }
    }

    private static Set<OnionAddress> carrying(Map<OnionAddress, Set<Ed25519PublicKey>> known, Set<Ed25519PublicKey> keys) {
        Set<OnionAddress> out = new java.util.LinkedHashSet<>();
        known.forEach((b, ks) -> {
            if (ks.stream().anyMatch(keys::contains)) {
                out.add(b);
            }
        });
        return out;
    }

    Optional<HsDirCheckView> last(OnionAddress master, DescriptorSlot slot, RelayFingerprint hsDir) {
        return audit.last(new HsDirAudit.Key(master, slot, hsDir));
    }

    /** Uploads made again because a check found the HSDir without our descriptor, per reason, since start. */
    Map<PublishReason, Long> repairs() {
        return Map.copyOf(repairs);
    }

    Map<HsDirVerdict, Long> verdicts() {
        return audit.counts();
    }
}
