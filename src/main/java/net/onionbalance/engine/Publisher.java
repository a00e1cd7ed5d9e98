package net.onionbalance.engine;

import net.onionbalance.config.DistinctDescriptors;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.RevisionCounter;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.BuildOptions;
import net.onionbalance.doc.hsdesc.BuiltDescriptor;
import net.onionbalance.doc.hsdesc.DescriptorBuildException;
import net.onionbalance.doc.hsdesc.InnerLayer;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.MasterFeatures;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.ResponsibleHsDirs;
import net.onionbalance.ring.SlotTiming;
import net.onionbalance.time.CivilTime;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Builds and sends master descriptors: per service and slot, the assignment of backends to HSDirs
 * ({@link HsDirAssignment}), then per HSDir the publish decision ({@link PublishPolicy}), then one
 * descriptor built, signed and encrypted per distinct content that some HSDir needs, handed to
 * {@link UploadAccounting}.
 */
final class Publisher {
    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());

    private final Balancer.Settings settings;
    private final ServiceRegistry registry;
    private final UploadAccounting uploads;
    private final BackendHealth health;
    private final SecureRandom rng;
    /** Says how many intro points fit when the consensus lowers HSV3MaxDescriptorSize. */
    private final DescriptorSizeNotice sizeNotice = new DescriptorSizeNotice();

    Publisher(Balancer.Settings settings, ServiceRegistry registry, UploadAccounting uploads, BackendHealth health,
              SecureRandom rng) {
        this.settings = settings;
        this.registry = registry;
        this.uploads = uploads;
        this.health = health;
        this.rng = rng;
    }

    /**
     * The backends of {@code s} whose health checks keep them out of its descriptors now: those
     * down, unless that is every backend with intro points (an empty service helps nobody; the
     * checks may be what is broken).
     */
    Set<OnionAddress> excludedByHealth(ServiceState s) {
        Set<OnionAddress> usable = new HashSet<>();
        Set<OnionAddress> down = new HashSet<>();
        Set<OnionAddress> checkedDown = health.down();
        for (InstanceRef i : s.instances) {
            if (registry.backend(i.address()).map(b -> !b.usableIntroPoints().isEmpty()).orElse(false)) {
                usable.add(i.address());
                if (checkedDown.contains(i.address())) {
                    down.add(i.address());
                }
            }
        }
        return down.size() == usable.size() ? Set.of() : down;
    }

    /**
     * One publish pass over every service. A service whose pass fails is reported and the others
     * still publish.
     *
     * @return when a slot waiting for this machine's clock can be published, or {@link Instant#MAX}
     */
    Instant publishAll(NetworkState view, Instant now) {
        Instant wake = Instant.MAX;
        for (ServiceState s : registry.services()) {
            try {
                KeyCoverage.warnBeforeExpiry(s, now);
                Instant w = publishService(s, view, now);
                if (w.isBefore(wake)) {
                    wake = w;
                }
            } catch (RuntimeException e) {
                s.state = "internal error while publishing";
                s.notes = List.of("Publishing failed with an internal error (" + e + "); the other services are unaffected. "
                        + "Please report it with the log.");
                LOG.log(Level.SEVERE, "internal error while publishing " + s.master + ": " + e, e);
            }
        }
        return wake;
    }

    /** Says why nothing is published yet at start-up, while the backends' first fetches run. */
    void waitingForFirstAnswers(int answered, int asked) {
        for (ServiceState s : registry.services()) {
            if (s.slots.values().stream().noneMatch(SlotState::everPublished)) {
                s.state = "waiting for the backends' descriptors (" + answered + " of " + asked + " answered)";
                s.notes = List.of("No introduction points from any instance yet: expected at first start while "
                        + "backend descriptors are fetched; the last published descriptor stays on the HSDirs.");
            }
        }
    }

    private Instant publishService(ServiceState s, NetworkState view, Instant now) {
        int perBackend = s.introPointsPerInstance(settings.introPointsPerInstance());
        boolean forced = s.forcePublish;
        s.forcePublish = false;
        boolean anyUsable = s.instances.stream()
                .anyMatch(i -> registry.backend(i.address()).map(b -> !b.usableIntroPoints().isEmpty()).orElse(false));
        if (!anyUsable) {
            s.state = "no usable intro points yet";
            s.notes = List.of("No introduction points from any instance yet: expected at first start while "
                    + "backend descriptors are fetched; the last published descriptor stays on the HSDirs.");
            return Instant.MAX;
        }
        Set<String> notes = new LinkedHashSet<>();
        health.localOutage().ifPresent(notes::add);
        powNote(s).ifPresent(notes::add);
        Set<OnionAddress> excluded = excludedByHealth(s);
        Set<OnionAddress> checkedDown = health.down();
        if (excluded.isEmpty() && s.instances.stream().anyMatch(i -> checkedDown.contains(i.address()))) {
            notes.add("Every backend with intro points fails its health check: keeping them all in the descriptors "
                    + "(an empty service would help nobody; check the backends and this obhost's tor)");
        }
        Instant wake = Instant.MAX;
        for (SlotState slot : s.slots.values()) {
            SlotTiming timing = view.view.slots().get(slot.slot);
            if (KeyCoverage.stopsSlot(s, slot, timing.timePeriod(), notes)) {
                continue;
            }
            Ed25519PublicKey blinded = s.blindedKey(timing.timePeriod());
            ResponsibleHsDirs responsible = view.view.responsibleHsDirs(slot.slot, blinded);
            if (responsible.storeSet().isEmpty()) {
                slot.state = "no HSDirs in the consensus";
                notes.add("Can't publish the " + slot.slot.label() + " descriptor: the hash ring is empty");
                continue;
            }
            Instant runStart = view.srvRunStart(slot.slot);
            if (now.isBefore(runStart)) {
                // The revision counter counts seconds since the start of the SRV run (rend-spec-v3
                // §F.2); a consensus that starts a run ahead of this clock gives no count yet.
                // Published as soon as the clock reaches it.
                String why = "this machine's clock is " + (Duration.between(now, runStart).toMillis() + 999) / 1000
                        + " s behind the consensus (its shared-random run starts at "
                        + CivilTime.format(runStart.getEpochSecond()) + " UTC): check NTP";
                if (!slot.state.equals("waiting for the clock")) {
                    LOG.warning("Not publishing the " + slot.slot.label() + " descriptor of " + s.master + " yet: " + why);
                }
                slot.state = "waiting for the clock";
                notes.add("The " + slot.slot.label() + " descriptor waits: " + why);
                if (runStart.isBefore(wake)) {
                    wake = runStart;
                }
                continue;
            }
            var assignment = HsDirAssignment.assign(s.instances, i -> i.address().toString(),
                    i -> excluded.contains(i.address()) ? List.<IntroPoint>of()
                            : registry.backend(i.address()).map(BackendState::usableIntroPoints).orElse(List.of()),
                    s.master.toString(), responsible.replicas(), perBackend, s.extensions.distinctDescriptors());
            leftOutNote(s, slot, assignment).ifPresent(notes::add);
            slot.assignment = assignment;
            publishSlot(s, slot, timing, blinded, view, assignment, forced, now);
        }
        s.notes = List.copyOf(notes);
        s.state = KeyCoverage.serviceState(s).orElse("published");
        return wake;
    }

    /**
     * Backends that advertise proof-of-work (pow-params): a backend's tor checks a solution against
     * its own seed and blinded key (hspow-spec §3.4.1), so the master never carries the line and
     * clients reaching them through it will not solve puzzles: under a PoW attack they queue at effort 0.
     */
    private Optional<String> powNote(ServiceState s) {
        List<String> pow = s.instances.stream()
                .filter(i -> registry.backend(i.address()).flatMap(BackendState::lastVerified)
                        .map(VerifiedDescriptor::advertisesPow).orElse(false))
                .map(InstanceRef::label).toList();
        if (pow.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", pow) + (pow.size() == 1 ? " advertises" : " advertise")
                + " proof-of-work (pow-params): clients reaching " + (pow.size() == 1 ? "it" : "them")
                + " through the master will not solve puzzles (a master cannot relay a backend's PoW, hspow-spec §3.4.1), "
                + "so under a PoW attack they queue at effort 0");
    }

    private Optional<String> leftOutNote(ServiceState s, SlotState slot, HsDirAssignment<InstanceRef, IntroPoint> a) {
        List<InstanceRef> before = slot.assignment == null ? List.of() : slot.assignment.leftOut();
        if (a.leftOut().isEmpty()) {
            return Optional.empty();
        }
        String names = a.leftOut().stream().map(InstanceRef::label).collect(Collectors.joining(", "));
        String why = a.fetchHsDirs() <= 1 || s.extensions.distinctDescriptors() == DistinctDescriptors.OFF
                ? "descriptor full at " + InnerLayer.MAX_INTRO_POINTS + " intro points"
                        + (a.fetchHsDirs() > 1 ? "; distinct-descriptors is off" : "")
                : "all " + a.fetchHsDirs() + " HSDirs clients fetch from are full at " + InnerLayer.MAX_INTRO_POINTS
                        + " intro points each";
        if (!before.equals(a.leftOut())) {
            LOG.warning("The " + slot.slot.label() + " descriptors of " + s.master + " leave out " + names + " (" + why + ")");
        }
        return Optional.of("left out (" + why + "): " + names);
    }

    private void publishSlot(ServiceState s, SlotState slot, SlotTiming timing, Ed25519PublicKey blinded,
                             NetworkState view, HsDirAssignment<InstanceRef, IntroPoint> assignment,
                             boolean forced, Instant now) {
        Set<RelayFingerprint> responsible = new HashSet<>();
        Map<HsDirAssignment.Group<InstanceRef, IntroPoint>, List<HsDir>> due = new LinkedHashMap<>();
        Map<HsDirAssignment.Group<InstanceRef, IntroPoint>, PublishReason> reasons = new LinkedHashMap<>();
        Map<HsDirAssignment.Group<InstanceRef, IntroPoint>, BuildOptions> options = new LinkedHashMap<>();
        for (var g : assignment.groups()) {
            // flow-control / single-onion-service as every backend of this descriptor says (never
            // pow-params: hspow-spec §3.4.1); the service's authorized clients.
            List<VerifiedDescriptor> backends = g.selection().chosen().stream().map(c -> c.backend().address()).distinct()
                    .flatMap(a -> registry.backend(a).flatMap(BackendState::lastVerified).stream()).toList();
            options.put(g, MasterFeatures.buildOptions(backends, s.clientAuthorization)
                    .withMaxDescriptorBytes(view.view.maxDescriptorBytes())); // HSV3MaxDescriptorSize
            var target = new PublishPolicy.Target(timing.timePeriod(), authKeys(g.selection().introPoints()), options.get(g));
            for (HsDir d : g.hsDirs()) {
                responsible.add(d.fingerprint());
                Optional<PublishPolicy.Published> last = Optional.ofNullable(slot.sent.get(d.fingerprint()))
                        .map(SlotState.Sent::published);
                Optional<PublishReason> why = PublishPolicy.decide(last, slot.everPublished(), target, now,
                        settings.timings().republishAge(), forced);
                if (why.isPresent()) {
                    due.computeIfAbsent(g, k -> new ArrayList<>()).add(d);
                    reasons.putIfAbsent(g, why.get());
                }
            }
        }
        slot.sent.keySet().retainAll(responsible);
        // Certificates only for the intro points this slot still publishes (in any of its descriptors).
        slot.signingKey.retain(assignment.groups().stream().flatMap(g -> g.selection().introPoints().stream()).toList());
        if (slot.uploads != null) {
            slot.uploads.retain(responsible);
        }
        if (due.isEmpty()) {
            return;
        }
        if (slot.uploads == null) {
            slot.uploads = new UploadTracker(settings.timings().uploadRetryMin(), settings.timings().uploadRetryMax());
        }
        byte[] counterKey = s.key.revisionCounterKey();
        long revision;
        try {
            revision = RevisionCounter.computeWithKey(counterKey, view.srvRunStart(slot.slot), now);
        } finally {
            java.util.Arrays.fill(counterKey, (byte) 0);
        }
        if (slot.everPublished() && slot.sent.values().stream().anyMatch(x -> x.published().timePeriod().equals(timing.timePeriod()))
                && Long.compareUnsigned(revision, slot.revisionCounter) <= 0) {
            // Two publishes within one second of the same period count the same seconds; HSDirs keep
            // only a higher counter (rend-spec-v3 §2.4), so the second must count one more.
            revision = slot.revisionCounter + 1;
        }
        int index = 0;
        for (var g : assignment.groups()) {
            index++;
            List<HsDir> dirs = due.get(g);
            if (dirs == null) {
                continue;
            }
            BuiltDescriptor built;
            try {
                sizeNotice.note(s.master, options.get(g), g.selection().introPoints(), now, rng);
                built = MasterDescriptorBuilder.build(s.key, timing.timePeriod(), revision, g.selection().introPoints(),
                        options.get(g), now, rng, slot.signingKey);
            } catch (DescriptorBuildException e) {
                slot.state = "not built: " + e.getMessage();
                LOG.severe("Could not build the " + slot.slot.label() + " descriptor of " + s.master + ": " + e.getMessage());
                continue;
            }
            var published = new PublishPolicy.Published(timing.timePeriod(), authKeys(g.selection().introPoints()),
                    options.get(g), now);
            for (HsDir d : dirs) {
                slot.sent.put(d.fingerprint(), new SlotState.Sent(published, built.text(), revision));
                slot.uploads.begin(d.fingerprint(), d.nickname(), now);
            }
            slot.lastAttempt = now;
            slot.revisionCounter = revision;
            slot.blindedKey = blinded;
            slot.state = "uploading";
            uploads.post(s, slot, built.text(), dirs.stream().map(HsDir::fingerprint).toList(), now);
            String from = g.selection().chosen().stream().collect(Collectors.groupingBy(c -> c.backend().label(),
                    LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                    .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
            String which = assignment.split() ? " (distinct descriptor " + index + " of " + assignment.groups().size() + ")" : "";
            LOG.info("Published the " + slot.slot.label() + " descriptor of " + s.master + which + " (" + reasons.get(g) + "): "
                    + timing.timePeriod() + ", revision " + revision + ", " + built.introPointCount()
                    + " intro points from " + from + ", " + built.sizeBytes() + " bytes, to " + dirs.size() + " HSDirs");
        }
    }

    private static Set<Ed25519PublicKey> authKeys(List<IntroPoint> ips) {
        return ips.stream().map(IntroPoint::authKey).collect(Collectors.toUnmodifiableSet());
    }
}
