package net.onionbalance.engine;

import net.onionbalance.config.Timings;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.RevisionCounter;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.BuiltDescriptor;
import net.onionbalance.doc.hsdesc.DescriptorBuildException;
import net.onionbalance.doc.hsdesc.DescriptorException;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.BuildOptions;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.MasterFeatures;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.logging.RecentLog;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.ResponsibleHsDirs;
import net.onionbalance.ring.SlotTiming;
import net.onionbalance.time.CivilTime;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.TorEvent;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The balancing engine. One thread owns all state; tor events, timer ticks and operator commands
 * reach it through its queue. After every change it publishes a new immutable
 * {@link EngineSnapshot}.
 *
 * <p>Unlike onionbalance 0.2.x there are no fixed start-up sleeps: backends are fetched as soon
 * as a consensus is known, and a publish follows as soon as every backend answered (or after a
 * short settle time), so a restarted balancer republishes within seconds.
 */
public final class Balancer implements BalancerControl, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Balancer.class.getName());
    /** First wait before re-fetching a backend tor found no descriptor of. */
    private static final Duration QUICK_REFETCH = Duration.ofSeconds(3);
    /** How long to wait for the other backends' descriptors after the first one changed. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /** Tor's clients reject descriptors with more (rend-spec-v3 §2.5.4). */
    static final int MAX_INTRO_POINTS = 20;
    /** Tor itself re-uploads within 60–120 min while it runs (rend-spec-v3 §2.2.2 [WHEN-HSDESC]). */
    private static final Duration BACKEND_REPUBLISH_LIMIT = Duration.ofMinutes(130);

    /** What the engine needs besides tor. */
    public record Settings(Timings timings, int introPointsPerInstance, boolean testNetwork) {}

    private final Clock clock;
    private final TorGateway tor;
    private final Settings settings;
    private final RecentLog recentLog;
    private final ServiceRegistry registry;
    private final SecureRandom rng = new SecureRandom();
    private final ScheduledExecutorService loop;
    private final AtomicReference<EngineSnapshot> snapshot;

    private NetworkState view;
    private Instant nextFetch = Instant.MIN;
    private Instant nextPublishCheck = Instant.MAX;
    private Instant publishSoon = Instant.MAX;
    private final Set<OnionAddress> awaitingFetch = new HashSet<>();
    private String torDetail = "connecting";
    private Optional<String> torVersion = Optional.empty();

    public Balancer(Clock clock, TorGateway tor, Settings settings, ServiceRegistry registry, RecentLog recentLog) {
        this.clock = clock;
        this.tor = tor;
        this.settings = settings;
        this.registry = registry;
        this.recentLog = recentLog;
        this.snapshot = new AtomicReference<>(EngineSnapshot.starting(clock.instant()));
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects the event flow and starts the loop; returns at once. */
    public void start() {
        tor.setListener(e -> loop.execute(() -> guarded("tor event", () -> onTorEvent(e))));
        loop.execute(() -> guarded("start-up", this::startUp));
        loop.scheduleWithFixedDelay(() -> guarded("tick", this::tick), 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public EngineSnapshot snapshot() {
        return snapshot.get();
    }

    @Override
    public RecentLog recentLog() {
        return recentLog;
    }

    @Override
    public void submit(EngineCommand command) {
        loop.execute(() -> guarded("command " + command, () -> onCommand(command)));
    }

    /** For tests on virtual time: runs one tick now and waits until the engine is idle. */
    void tickAndWait() throws Exception {
        loop.submit(() -> guarded("tick", this::tick)).get(30, TimeUnit.SECONDS);
    }

    /** For tests: waits until everything queued so far has run. */
    void awaitIdle() throws Exception {
        loop.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tor.close();
    }

    // ---- engine thread from here on ----

    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "internal error during " + what + ": " + e, e);
        }
        publishSnapshot();
    }

    private void startUp() {
        try {
            tor.subscribe();
            torVersion = Optional.of(tor.torVersion());
            torDetail = "connected";
            LOG.info("Onionbalance initialized (tor version: " + torVersion.get() + ")");
        } catch (ControlException e) {
            torDetail = e.getMessage();
            LOG.warning("tor control: " + e.getMessage());
            return;
        }
        refreshConsensus();
        fetchAll("start-up");
        nextPublishCheck = clock.instant().plus(settings.timings().publishCheckInterval());
        // Says plainly why nothing is published yet, until the backends answer.
        publishAll();
    }

    private void tick() {
        Instant now = clock.instant();
        for (BackendState b : registry.backends()) {
            if (b.refresh(now, settings.timings().instanceTooOld(), BACKEND_REPUBLISH_LIMIT)) {
                LOG.info("Instance " + b.address + " is now " + b.state().label() + b.reason().map(r -> ": " + r).orElse(""));
                requestPublish(now);
            }
        }
        if (!now.isBefore(nextFetch)) {
            fetchAll("periodic");
        } else {
            refetchMissing(now);
        }
        if (!now.isBefore(publishSoon) || !now.isBefore(nextPublishCheck)) {
            publishSoon = Instant.MAX;
            nextPublishCheck = now.plus(settings.timings().publishCheckInterval());
            publishAll();
        }
        retryFailedUploads(now);
    }

    private void onTorEvent(TorEvent e) {
        Instant now = clock.instant();
        if (e instanceof TorEvent.HsDescContentEvent c) {
            onDescriptorContent(c, now);
        } else if (e instanceof TorEvent.HsDescEvent d) {
            onHsDesc(d, now);
        } else if (e instanceof TorEvent.StatusClientEvent s) {
            if ("CONSENSUS_ARRIVED".equals(s.action())) {
                refreshConsensus();
                requestPublish(now);
            }
        } else if (e instanceof TorEvent.ConnectionLost l) {
            torDetail = "connection lost: " + l.reason();
            LOG.warning("Lost the control connection to tor (" + l.reason() + "); reconnecting");
        } else if (e instanceof TorEvent.Reconnected) {
            torDetail = "connected";
            LOG.info("Control connection to tor re-established");
            refreshConsensus();
            fetchAll("reconnected");
        }
    }

    private void refreshConsensus() {
        try {
            String consensus = tor.microdescConsensus();
            String mds = tor.microdescriptors();
            view = NetworkState.parse(consensus, mds, settings.testNetwork());
            Instant now = clock.instant();
            if (!view.reasonablyLive(now)) {
                LOG.warning("No live consensus. Waiting before fetching descriptors and publishing...");
            } else if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("New consensus valid-after " + CivilTime.format(view.status(now).validAfter().getEpochSecond())
                        + ", " + view.status(now).hsDirCount() + " HSDirs");
            }
        } catch (ControlException e) {
            LOG.warning("Could not read the consensus from tor: " + e.getMessage());
        } catch (net.onionbalance.doc.consensus.NetDocException | IllegalArgumentException e) {
            LOG.warning("Could not parse the consensus from tor: " + e.getMessage());
        }
    }

    private boolean liveView(Instant now) {
        return view != null && view.reasonablyLive(now);
    }

    // ---- fetching backend descriptors ----

    private void fetchAll(String why) {
        Instant now = clock.instant();
        nextFetch = now.plus(settings.timings().fetchInterval());
        if (!liveView(now)) {
            return;
        }
        try {
            // Tor answers HSFETCH from its client cache otherwise (onionbalance does the same).
            tor.newnym();
        } catch (ControlException e) {
            LOG.warning("SIGNAL NEWNYM failed: " + e.getMessage());
        }
        for (BackendState b : registry.backends()) {
            try {
                tor.hsFetch(b.address, List.of());
                b.fetchRequested(now);
                awaitingFetch.add(b.address);
            } catch (ControlException e) {
                LOG.warning("Could not ask tor to fetch " + b.address + ": " + e.getMessage());
            }
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Fetching " + registry.backends().size() + " backend descriptors (" + why + ")");
        }
    }

    /**
     * Backends tor found no descriptor of: asked again from every HSDir responsible for their
     * current descriptor, named explicitly so that tor neither answers from its cache nor skips
     * HSDirs it queried recently.
     */
    private void refetchMissing(Instant now) {
        if (!liveView(now)) {
            return;
        }
        for (BackendState b : registry.backends()) {
            if (!b.takeDueRetry(now)) {
                continue;
            }
            List<RelayFingerprint> servers = view.currentHsDirs(b.address);
            try {
                tor.hsFetch(b.address, servers);
                b.fetchRequested(now);
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.fine("Fetching " + b.address + " again from " + servers.size() + " HSDirs");
                }
            } catch (ControlException e) {
                LOG.warning("Could not ask tor to fetch " + b.address + ": " + e.getMessage());
            }
        }
    }

    private void onDescriptorContent(TorEvent.HsDescContentEvent c, Instant now) {
        Optional<OnionAddress> addr = registry.known(c.address());
        if (addr.isEmpty()) {
            return;
        }
        Optional<BackendState> backend = registry.backend(addr.get());
        if (backend.isEmpty()) {
            return;
        }
        BackendState b = backend.get();
        if (c.descriptor().isBlank()) {
            // Tor tries the next HSDir itself; if none has it, fetch again soon from all of them.
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("Empty descriptor for " + b.address + " from " + c.hsDir().map(Object::toString).orElse("?"));
            }
            b.fetchFailed(now, QUICK_REFETCH, settings.timings().fetchInterval());
            return;
        }
        awaitingFetch.remove(b.address);
        if (view == null) {
            // Fetched by another controller before we had a consensus: no time periods to check against.
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("Descriptor of " + b.address + " arrived before a consensus; it will be fetched again");
            }
            return;
        }
        try {
            VerifiedDescriptor d = DescriptorVerifier.verifyRefetched(c.descriptor(), b.address, view.acceptableBackendPeriods(),
                    now, b.lastVerified(), b.clientKey);
            boolean changed = b.verified(d, now);
            for (ServiceRegistry.Retirement r : registry.retirementsCompletedBy(b.address)) {
                LOG.info("Rotation: " + r.replacement() + " is live, retiring the instance it replaces, " + r.retiring());
                registry.removeInstance(r.service(), r.retiring());
                requestPublish(now);
            }
            if (changed) {
                LOG.info("Instance " + b.address + ": new intro point set (" + d.introPoints().size() + " intro points)");
                requestPublish(now);
            } else if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("Instance " + b.address + ": intro point set unchanged (revision counter "
                        + Long.toUnsignedString(d.revisionCounter()) + ")");
            }
        } catch (DescriptorException e) {
            b.rejected(e.getMessage(), now);
            LOG.warning("Rejected the descriptor of instance " + b.address + ": " + e.getMessage());
        }
        if (awaitingFetch.isEmpty() && publishSoon != Instant.MAX) {
            publishSoon = now;
        }
    }

    private void requestPublish(Instant now) {
        Instant at = awaitingFetch.isEmpty() ? now : now.plus(SETTLE);
        if (at.isBefore(publishSoon)) {
            publishSoon = at;
        }
    }

    // ---- publishing master descriptors ----

    private void publishAll() {
        Instant now = clock.instant();
        if (!liveView(now)) {
            for (ServiceState s : registry.services()) {
                s.state = "waiting for a live consensus";
            }
            return;
        }
        for (ServiceState s : registry.services()) {
            publishService(s, now);
        }
    }

    private void publishService(ServiceState s, Instant now) {
        Map<InstanceRef, List<IntroPoint>> available = new LinkedHashMap<>();
        for (InstanceRef i : s.instances) {
            available.put(i, registry.backend(i.address()).map(BackendState::usableIntroPoints).orElse(List.of()));
        }
        var selection = IntroPointSelection.choose(available, settings.introPointsPerInstance(), MAX_INTRO_POINTS);
        List<String> notes = new ArrayList<>();
        if (!selection.leftOut().isEmpty()) {
            notes.add("left out (descriptor full at " + MAX_INTRO_POINTS + " intro points): "
                    + selection.leftOut().stream().map(InstanceRef::label).collect(Collectors.joining(", ")));
        }
        boolean forced = s.forcePublish;
        s.forcePublish = false;
        if (selection.chosen().isEmpty()) {
            s.state = "no usable intro points yet";
            s.notes = List.of("No introduction points from any instance yet: expected at first start while "
                    + "backend descriptors are fetched; the last published descriptor stays on the HSDirs.");
            return;
        }
        Set<Ed25519PublicKey> keys = selection.introPoints().stream().map(IntroPoint::authKey)
                .collect(Collectors.toUnmodifiableSet());
        for (SlotState slot : s.slots.values()) {
            SlotTiming timing = view.view.slots().get(slot.slot);
            Ed25519PublicKey blinded = s.blindedKey(timing.timePeriod());
            ResponsibleHsDirs responsible = view.view.responsibleHsDirs(slot.slot, blinded);
            Map<RelayFingerprint, String> hsDirs = new LinkedHashMap<>();
            for (HsDir h : responsible.storeSet()) {
                hsDirs.put(h.fingerprint(), h.nickname());
            }
            if (hsDirs.isEmpty()) {
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
                if (runStart.isBefore(publishSoon)) {
                    publishSoon = runStart;
                }
                continue;
            }
            var target = new PublishPolicy.Target(timing.timePeriod(), hsDirs.keySet(), keys);
            Optional<PublishReason> why = PublishPolicy.decide(slot.published, target, now,
                    settings.timings().republishAge(), forced);
            if (why.isEmpty()) {
                continue;
            }
            publishSlot(s, slot, timing, blinded, hsDirs, selection, target, why.get(), now);
        }
        s.notes = List.copyOf(notes);
        s.state = "published";
    }

    private void publishSlot(ServiceState s, SlotState slot, SlotTiming params, Ed25519PublicKey blinded,
                             Map<RelayFingerprint, String> hsDirs,
                             IntroPointSelection<InstanceRef, IntroPoint> selection,
                             PublishPolicy.Target target, PublishReason why, Instant now) {
        long revision = RevisionCounter.compute(s.key.opeSecret(), view.srvRunStart(slot.slot), now);
        BuiltDescriptor built;
        try {
            // flow-control / single-onion-service as every chosen backend says (never pow-params); the clients.
            List<VerifiedDescriptor> backends = selection.chosen().stream().map(c -> c.backend().address()).distinct()
                    .flatMap(a -> registry.backend(a).flatMap(BackendState::lastVerified).stream()).toList();
            BuildOptions options = MasterFeatures.buildOptions(backends, s.clientAuthorization);
            built = MasterDescriptorBuilder.build(s.key, params.timePeriod(), revision, selection.introPoints(), options, now, rng);
        } catch (DescriptorBuildException e) {
            slot.state = "not built: " + e.getMessage();
            LOG.severe("Could not build the " + slot.slot.label() + " descriptor of " + s.master + ": " + e.getMessage());
            return;
        }
        slot.lastAttempt = now;
        slot.revisionCounter = revision;
        slot.blindedKey = blinded;
        slot.descriptorText = built.text();
        slot.introPoints = selection.chosen().stream()
                .map(c -> new IntroPointOrigin(c.backend().address(), c.backend().label(),
                        c.introPoint().authKey().base64(), IntroPointDescriptions.relay(c.introPoint())))
                .toList();
        slot.uploads = new UploadTracker(hsDirs, now, settings.timings().uploadRetryMin(), settings.timings().uploadRetryMax());
        slot.published = Optional.of(new PublishPolicy.Published(target.timePeriod(), target.hsDirs(),
                target.introAuthKeys(), now));
        List<RelayFingerprint> servers = new ArrayList<>(hsDirs.keySet());
        post(s, slot, servers, now);
        String from = selection.chosen().stream().collect(Collectors.groupingBy(c -> c.backend().label(),
                LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
        LOG.info("Published the " + slot.slot.label() + " descriptor of " + s.master + " (" + why + "): "
                + params.timePeriod() + ", revision " + revision + ", " + built.introPointCount()
                + " intro points from " + from + ", " + built.sizeBytes() + " bytes, to " + servers.size() + " HSDirs");
        slot.state = "uploading";
    }

    /** HSPOST to the given HSDirs; one that tor no longer knows (552) is dropped, not fatal. */
    private void post(ServiceState s, SlotState slot, List<RelayFingerprint> servers, Instant now) {
        List<RelayFingerprint> remaining = new ArrayList<>(servers);
        for (int attempt = 0; attempt < 4 && !remaining.isEmpty(); attempt++) {
            try {
                tor.hsPost(slot.descriptorText, remaining, s.master);
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

    private void onHsDesc(TorEvent.HsDescEvent d, Instant now) {
        Optional<OnionAddress> addr = registry.known(d.address());
        if (d.action() == net.onionbalance.tor.HsDescAction.FAILED && addr.isPresent()
                && registry.service(addr.get()).isEmpty()) {
            // A backend fetch failed, at one HSDir or (QUERY_NO_HSDIR) before asking any.
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("Fetch of " + addr.get() + " failed" + d.hsDir().map(h -> " at " + h).orElse("")
                        + d.reason().map(r -> " (" + r + ")").orElse(""));
            }
            registry.backend(addr.get()).ifPresent(b -> b.fetchFailed(now, QUICK_REFETCH, settings.timings().fetchInterval()));
            return;
        }
        if (d.hsDir().isEmpty()) {
            return;
        }
        RelayFingerprint fp = d.hsDir().get();
        switch (d.action()) {
            case UPLOADED, FAILED -> {
                if (addr.isEmpty()) {
                    return;
                }
                Optional<ServiceState> svc = registry.service(addr.get());
                if (svc.isEmpty()) {
                    return;
                }
                for (SlotState slot : svc.get().slots.values()) {
                    if (slot.awaiting(fp)) {
                        if (d.action() == net.onionbalance.tor.HsDescAction.UPLOADED) {
                            slot.uploads.uploaded(fp, now);
                            if (LOG.isLoggable(Level.FINE)) {
                                LOG.fine("Uploaded the " + slot.slot.label() + " descriptor of " + svc.get().master + " to " + fp);
                            }
                        } else {
                            String reason = d.reason().map(Object::toString).orElse("unknown reason");
                            if (d.reason().orElse(null) == net.onionbalance.tor.HsDescReason.UPLOAD_REJECTED) {
                                // The HSDir holds a descriptor with a higher revision counter: another
                                // obhost publishing the same key got there later (rend-spec-v3 §2.4).
                                // Re-sending ours would be rejected again, so it is not retried.
                                slot.uploads.dropped(fp, "HSDir holds a newer descriptor (another balancer?)", now);
                                LOG.info("HSDir " + fp + " kept a newer " + slot.slot.label() + " descriptor of "
                                        + svc.get().master + " (another balancer publishing the same service?)");
                            } else {
                                slot.uploads.failed(fp, reason, now);
                                LOG.warning("Descriptor upload failed for " + svc.get().master + " at " + fp + " (" + reason + ")");
                            }
                        }
                        slot.state = "uploaded to " + slot.uploads.uploadedCount() + " of " + slot.uploads.size() + " HSDirs";
                        return;
                    }
                }
            }
            default -> {
                // REQUESTED, RECEIVED, UPLOAD, CREATED, IGNORE: nothing to track.
            }
        }
    }

    private void retryFailedUploads(Instant now) {
        for (ServiceState s : registry.services()) {
            for (SlotState slot : s.slots.values()) {
                if (slot.uploads == null) {
                    continue;
                }
                List<RelayFingerprint> due = slot.uploads.takeDueRetries(now);
                if (!due.isEmpty()) {
                    LOG.info("Retrying the " + slot.slot.label() + " descriptor of " + s.master + " at " + due.size() + " HSDirs");
                    post(s, slot, due, now);
                }
            }
        }
    }

    // ---- operator commands ----

    private void onCommand(EngineCommand c) {
        Instant now = clock.instant();
        if (c instanceof EngineCommand.ForceRepublish f) {
            for (ServiceState s : registry.services()) {
                if (f.service().isEmpty() || f.service().get().equals(s.master)) {
                    s.forcePublish = true;
                }
            }
            LOG.info("Republish requested by the operator" + f.service().map(a -> " for " + a).orElse(" for every service"));
            publishAll();
        } else if (c instanceof EngineCommand.FetchNow) {
            fetchAll("operator");
        } else if (c instanceof EngineCommand.AddInstance a) {
            registry.addInstance(a.service(), a.instance(), a.name());
            fetchAll("instance added");
        } else if (c instanceof EngineCommand.RemoveInstance r) {
            registry.removeInstance(r.service(), r.instance());
            requestPublish(now);
        } else if (c instanceof EngineCommand.Reload) {
            if (registry.reload()) {
                fetchAll("config reloaded");
                requestPublish(now); // publishes only what changed, e.g. a service's authorized clients
            }
        }
    }

    // ---- snapshot ----

    private void publishSnapshot() {
        Instant now = clock.instant();
        List<ServiceStatus> services = new ArrayList<>();
        for (ServiceState s : registry.services()) {
            List<InstanceStatus> instances = new ArrayList<>();
            for (InstanceRef i : s.instances) {
                BackendState b = registry.backend(i.address()).orElseThrow();
                instances.add(new InstanceStatus(i.label(), i.address(), b.state(), b.reason(), b.received(),
                        b.introSetModified(), b.introPointCount(), b.lastFetch()));
            }
            services.add(new ServiceStatus(s.master, s.state,
                    s.slots.values().stream().map(SlotState::view).toList(), instances, s.notes));
        }
        TorStatus ts = new TorStatus(tor.connected(), tor.endpoint(), torVersion, torDetail);
        snapshot.set(new EngineSnapshot(now, ts, view == null ? Optional.empty() : Optional.of(view.status(now)), services));
    }
}
