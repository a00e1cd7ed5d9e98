package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.HsDescReason;
import net.onionbalance.tor.TorEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Uploads master descriptors and accounts for each HSDir's answer: HSPOST to the HSDirs of one
 * descriptor, tor's per-HSDir {@code HS_DESC UPLOADED} / {@code FAILED} events (control-spec
 * §4.1.25) recorded on the slot that awaits them, and failed uploads retried with the text that
 * HSDir was sent.
 */
final class UploadAccounting {
    private static final Logger LOG = Logger.getLogger(UploadAccounting.class.getName());
    /** Tor answers 552 for a SERVER= it does not know; the rest of the list is sent again without it. */
    private static final int MAX_UNKNOWN_SERVERS = 4;

    private final TorGateway tor;
    private final ServiceRegistry registry;
    /** How long an upload may go without tor's UPLOADED or FAILED before it counts as failed. */
    private final java.time.Duration answerTimeout;

    UploadAccounting(TorGateway tor, ServiceRegistry registry, java.time.Duration answerTimeout) {
        this.tor = tor;
        this.registry = registry;
        this.answerTimeout = answerTimeout;
    }

    private java.time.Duration answerTimeout() {
        return answerTimeout;
    }

    /** HSPOST to the given HSDirs; one that tor no longer knows (552) is dropped, not fatal. */
    void post(ServiceState s, SlotState slot, String descriptor, List<RelayFingerprint> servers, Instant now) {
        List<RelayFingerprint> remaining = new ArrayList<>(servers);
        for (int attempt = 0; attempt < MAX_UNKNOWN_SERVERS && !remaining.isEmpty(); attempt++) {
            try {
                tor.hsPost(descriptor, remaining, s.master);
                return;
            } catch (ControlException e) {
                Optional<RelayFingerprint> unknown = UnknownServer.in(e, remaining);
                if (unknown.isPresent()) {
                    remaining.remove(unknown.get());
                    slot.uploads.dropped(unknown.get(), "tor no longer knows this HSDir", now);
                    continue;
                }
                for (RelayFingerprint fp : remaining) {
                    slot.uploads.failed(fp, "HSPOST failed: " + e.getMessage(), now);
                }
                LOG.warning("Descriptor upload failed for " + s.master + ": " + e.getMessage());
                return;
            }
        }
    }

    /**
     * An {@code HS_DESC UPLOADED} or {@code FAILED} event for one of our masters.
     *
     * @return the slot it was attributed to, if any
     */
    Optional<SlotState> onResult(TorEvent.HsDescEvent d, ServiceState svc, Instant now) {
        if (d.hsDir().isEmpty()) {
            return Optional.empty();
        }
        RelayFingerprint fp = d.hsDir().get();
        // The event names no blinded key: an HSDir responsible for both slots gets the first
        // slot's result first, as tor uploads the first descriptor first.
        for (SlotState slot : svc.slots.values()) {
            if (!slot.awaiting(fp)) {
                continue;
            }
            if (d.action() == HsDescAction.UPLOADED) {
                slot.uploads.uploaded(fp, now);
                LOG.fine(() -> "Uploaded the " + slot.slot.label() + " descriptor of " + svc.master + " to " + fp);
            } else {
                String reason = d.reason().map(Object::toString).orElse("unknown reason");
                if (d.reason().orElse(null) == HsDescReason.UPLOAD_REJECTED) {
                    // The HSDir holds a descriptor with a higher revision counter: another
                    // obhost publishing the same key got there later (rend-spec-v3 §2.4).
                    // Re-sending ours would be rejected again, so it is not retried.
                    slot.uploads.rejectedAsOlder(fp, "HSDir holds a newer descriptor (another balancer?)", now);
                    LOG.info("HSDir " + fp + " kept a newer " + slot.slot.label() + " descriptor of "
                            + svc.master + " (another balancer publishing the same service?)");
                } else {
                    slot.uploads.failed(fp, reason, now);
                    LOG.warning("Descriptor upload failed for " + svc.master + " at " + fp + " (" + reason + ")");
                }
            }
            slot.state = "uploaded to " + slot.uploads.uploadedCount() + " of " + slot.uploads.size() + " HSDirs";
            return Optional.of(slot);
        }
        return Optional.empty();
    }

    /**
     * Failed uploads whose retry is due, each HSDir sent again what it was sent before; an HSDir
     * no longer on the ring of tor's current consensus ({@code onRing} false) is dropped, never
     * named in a SERVER= (see {@link NetworkState#onRing}).
     */
    void retryDue(Instant now, java.util.function.Predicate<RelayFingerprint> onRing) {
        for (ServiceState s : registry.services()) {
            for (SlotState slot : s.slots.values()) {
                if (slot.uploads == null) {
                    continue;
                }
                for (RelayFingerprint fp : slot.uploads.expireUnanswered(now, answerTimeout())) {
                    LOG.warning("Descriptor upload failed for " + s.master + " at " + fp + " (no answer from tor within "
                            + answerTimeout().toSeconds() + " s: the HSDir may be down)");
                }
                List<RelayFingerprint> due = slot.uploads.takeDueRetries(now);
                if (due.isEmpty()) {
                    continue;
                }
                Map<String, List<RelayFingerprint>> byText = new LinkedHashMap<>();
                for (RelayFingerprint fp : due) {
                    if (!onRing.test(fp)) {
                        slot.uploads.dropped(fp, "no longer an HSDir in tor's consensus", now);
                        continue;
                    }
                    SlotState.Sent sent = slot.sent.get(fp);
                    if (sent != null) {
                        byText.computeIfAbsent(sent.descriptorText(), k -> new ArrayList<>()).add(fp);
                    }
                }
                if (byText.isEmpty()) {
                    continue;
                }
                LOG.info("Retrying the " + slot.slot.label() + " descriptor of " + s.master + " at "
                        + byText.values().stream().mapToInt(List::size).sum() + " HSDirs");
                byText.forEach((text, fps) -> post(s, slot, text, fps, now));
            }
        }
    }

    /** Whether {@code address} is one of our masters (upload results) rather than a backend. */
    Optional<ServiceState> master(OnionAddress address) {
        return registry.service(address);
    }
}
