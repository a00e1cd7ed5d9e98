package net.onionbalance.engine;

import net.onionbalance.config.Timings;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InternalErrors;
import net.onionbalance.engine.snapshot.SelfHealStatus;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.health.HealthResult;
import net.onionbalance.health.SocksHealthProbe;
import net.onionbalance.logging.RecentLog;
import net.onionbalance.time.CivilTime;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.TorEvent;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * The balancing engine's loop. One thread owns all state; tor events, timer ticks and operator
 * commands reach it through its queue. After every change it publishes a new immutable
 * {@link EngineSnapshot}. The work is done by three parts, each in its own file:
 * {@link BackendFetcher} (fetch and verify backend descriptors), {@link Publisher} (which backends
 * go to which HSDir, {@link HsDirAssignment}, and what to build and send) and
 * {@link UploadAccounting} (HSPOST, per-HSDir results, retries).
 *
 * <p>Unlike onionbalance 0.2.x there are no fixed start-up sleeps: backends are fetched as soon
 * as a consensus is known, and the first publish follows as soon as every backend answered (or
 * after {@link #FIRST_ROUND_LIMIT}), so a restarted balancer republishes within seconds.
 */
public final class Balancer implements BalancerControl, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Balancer.class.getName());
    /** How long to wait for the other backends' descriptors after one changed. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /**
     * The first publish waits for every backend's first answer up to this long: a client keeps the
     * first descriptor it fetched, so one published with one backend of three would pin new clients
     * to it. Meanwhile the descriptor already on the HSDirs serves clients.
     */
    static final Duration FIRST_ROUND_LIMIT = Duration.ofSeconds(8);
    /** Tor itself re-uploads within 60–120 min while it runs (rend-spec-v3 §2.2.2 [WHEN-HSDESC]). */
    private static final Duration BACKEND_REPUBLISH_LIMIT = Duration.ofMinutes(130);

    /**
     * How often each HSDir's copy of a master descriptor is fetched back and compared: an evicted or
     * lost one is back within this (plus an upload) — 90 s public, so within 2 minutes; 20 s testnet.
     */
    static final java.util.function.Function<Boolean, Duration> HSDIR_CHECK_INTERVAL =
            test -> Duration.ofSeconds(test ? 20 : 90);

    /** What the engine needs besides tor. */
    public record Settings(Timings timings, int introPointsPerInstance, boolean testNetwork) {}

    private final Clock clock;
    private final TorGateway tor;
    private final Settings settings;
    private final RecentLog recentLog;
    private final ServiceRegistry registry;
    private final BackendFetcher fetcher;
    private final UploadAccounting uploads;
    private final Publisher publisher;
    private final BackendHealth health;
    /** Event-driven refetches of single backends, rate-limited per backend. */
    private final BackendRefetches refetches;
    /** Anti-entropy: our master descriptors fetched back from the HSDirs and repaired there. */
    private final HsDirChecker hsDirChecks;
    private final ScheduledExecutorService loop;
    private final AtomicReference<EngineSnapshot> snapshot;
    /** Judges whether tor is stuck rather than dead, and says how to heal it. */
    private final TorWatchdog watchdog;
    /** {@link System#nanoTime()} at the end of the last tick: what the systemd watchdog is fed from. */
    private volatile long lastTickNanos = System.nanoTime();

    private NetworkState view;
    private Instant nextFetch = Instant.MIN;
    private Instant nextPublishCheck = Instant.MAX;
    private Instant publishSoon = Instant.MAX;
    /** Until the first publish: when the first round of fetches began. */
    private Instant firstRoundStarted;
    private boolean firstPublishDone;
    /** Whether the clock-ahead warning was logged for the current run of consensuses. */
    private boolean clockAheadWarned;
    /** Control connections re-established since start (a reconnect faster than a snapshot is still one). */
    private long reconnects;
    private String torDetail = "connecting";
    private InternalErrors internalErrors = InternalErrors.NONE;
    private Optional<String> torVersion = Optional.empty();

    public Balancer(Clock clock, TorGateway tor, Settings settings, ServiceRegistry registry, RecentLog recentLog) {
        this(clock, tor, settings, registry, recentLog, socks -> {
            SocksHealthProbe probe = new SocksHealthProbe(socks, clock);
            if (probe.detectExtendedErrors().equals(java.util.Optional.of(false))) {
                Logger.getLogger(BackendHealth.class.getName()).warning("tor's SocksPort " + socks.getHostString() + ":"
                        + socks.getPort() + " lacks ExtendedErrors: health checks cannot tell why an onion service "
                        + "failed (add ExtendedErrors to its SocksPort line)");
            }
            return probe;
        });
    }

    /** With the health checks' probes given (tests). */
    Balancer(Clock clock, TorGateway tor, Settings settings, ServiceRegistry registry, RecentLog recentLog,
             BackendHealth.ProbeFactory probes) {
        this.clock = clock;
        // Silence after HSFETCH/HSPOST for this long means events no longer reach us (tor answers those
        // with an HS_DESC event at once); each healing step gets this long to work.
        this.watchdog = new TorWatchdog(Duration.ofSeconds(settings.testNetwork() ? 30 : 180),
                Duration.ofSeconds(settings.testNetwork() ? 20 : 60), clock.instant());
        tor = new WatchedTor(tor, watchdog, clock);
        this.tor = tor;
        this.settings = settings;
        this.registry = registry;
        this.recentLog = recentLog;
        this.fetcher = new BackendFetcher(tor, registry, settings.timings());
        // Tor sends no HS_DESC event for an upload to an HSDir it cannot reach: after this long without
        // an answer the upload counts as failed and is retried (testnet: below its 20 s republish).
        this.uploads = new UploadAccounting(tor, registry, java.time.Duration.ofSeconds(settings.testNetwork() ? 10 : 60));
        this.snapshot = new AtomicReference<>(EngineSnapshot.starting(clock.instant()));
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine");
            t.setDaemon(true);
            return t;
        });
        this.health = new BackendHealth(clock, probes, r -> loop.execute(() -> guarded("health result", () -> onHealth(r))));
        this.hsDirChecks = new HsDirChecker(tor, registry, uploads, new HsDirAudit(
                Duration.ofSeconds(settings.testNetwork() ? 5 : 30), HSDIR_CHECK_INTERVAL.apply(settings.testNetwork()),
                Duration.ofSeconds(settings.testNetwork() ? 20 : 60), 16, new SecureRandom()));
        this.refetches = new BackendRefetches(Duration.ofSeconds(settings.testNetwork() ? 5 : 10));
        this.publisher = new Publisher(settings, registry, uploads, health, new SecureRandom());
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
        health.close();
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tor.close();
    }

    // ---- engine thread from here on ----

    /**
     * Runs one unit of engine work. Anything it throws, Errors included, is logged with what was
     * running, and the loop goes on: the scheduled tick must never die, or fetching and
     * publishing would stop for good without a word.
     */
    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "internal error during " + what + ": " + e, e);
            internalErrors = internalErrors.plus(clock.instant(), what, e);
        }
        try {
            publishSnapshot();
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "internal error while building the status snapshot: " + e, e);
            internalErrors = internalErrors.plus(clock.instant(), "status snapshot", e);
        }
    }

    private void startUp() {
        try {
            tor.subscribe();
            torVersion = Optional.of(tor.torVersion());
            torDetail = "connected";
            LOG.info("Onionbalance initialized (tor version: " + torVersion.get() + ")");
            TorVersionNotes.atStart(torVersion.get()).ifPresent(LOG::warning);
        } catch (ControlException e) {
            torDetail = e.getMessage();
            LOG.warning("tor control: " + e.getMessage());
            return;
        }
        refreshConsensus();
        health.configure(registry.services(), tor);
        fetchAll("start-up");
        nextPublishCheck = clock.instant().plus(settings.timings().publishCheckInterval());
        requestPublish(clock.instant());
        publishIfDue(clock.instant());
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
        } else if (liveView(now)) {
            fetcher.refetchMissing(view, now);
            refetches.dueFollowUps(now).forEach((b, why) -> refetchBackend(b, why, now));
        }
        if (!now.isBefore(nextPublishCheck)) {
            nextPublishCheck = now.plus(settings.timings().publishCheckInterval());
            publishSoon = now;
        }
        publishIfDue(now);
        uploads.retryDue(now, fp -> view != null && view.onRing(fp));
        if (liveView(now)) {
            hsDirChecks.run(view, now);
        }
        watchdog.evaluate(now, tor.connected(), view == null ? Optional.empty() : Optional.of(view.status(now).validUntil()))
                .ifPresent(step -> heal(step, now));
        lastTickNanos = System.nanoTime();
    }

    /**
     * When the engine loop last finished a tick ({@link System#nanoTime()}): a supervisor (systemd's
     * watchdog) is fed only while this moves.
     */
    public long lastTickNanos() {
        return lastTickNanos;
    }

    /** One step of the watchdog's ladder, logged with what made it necessary. */
    private void heal(HealStep step, Instant now) {
        LOG.warning("Watchdog: tor is " + watchdog.condition() + " since " + CivilTime.format(watchdog.view().since().getEpochSecond())
                + " UTC; healing: " + step);
        switch (step) {
            case RESUBSCRIBE -> {
                try {
                    tor.subscribe();
                } catch (ControlException e) {
                    LOG.warning("Watchdog: SETEVENTS failed: " + e.getMessage());
                }
            }
            case RECONNECT -> tor.reconnect("watchdog: " + watchdog.condition());
            case REBUILD_VIEW -> refreshConsensus();
            case REFETCH_ALL -> fetchAll("watchdog");
        }
    }

    private void onTorEvent(TorEvent e) {
        Instant now = clock.instant();
        watchdog.eventSeen(now);
        if (e instanceof TorEvent.HsDescContentEvent c) {
            Optional<ServiceState> master = registry.known(c.address()).flatMap(registry::service);
            if (master.isPresent()) {
                hsDirChecks.onContent(c, master.get(), now);
                return;
            }
            if (fetcher.onContent(c, Optional.ofNullable(view), now) == BackendFetcher.Outcome.REPUBLISH) {
                registry.known(c.address()).ifPresent(refetches::cancelFollowUps);
                requestPublish(now);
            }
            publishIfDue(now);
        } else if (e instanceof TorEvent.HsDescEvent d) {
            onHsDesc(d, now);
        } else if (e instanceof TorEvent.StatusClientEvent s) {
            if ("CONSENSUS_ARRIVED".equals(s.action())) {
                refreshConsensus();
                requestPublish(now);
            }
        } else if (e instanceof TorEvent.ConnectionLost l) {
            torDetail = "connection lost: " + l.reason();
            if (l.internalError()) {
                internalErrors = internalErrors.plus(now, l.reason());
            }
            LOG.warning("Lost the control connection to tor (" + l.reason() + "); reconnecting");
        } else if (e instanceof TorEvent.Reconnected) {
            torDetail = "connected";
            reconnects++;
            LOG.info("Control connection to tor re-established");
            refreshConsensus();
            health.retry(registry.services(), tor);
            refetches.countRound(RefetchReason.RECONNECTED);
            fetchAll("reconnected");
        }
    }

    /** For tests: a health check's result, as the checker would deliver it. */
    void deliverHealth(HealthResult r) throws Exception {
        loop.submit(() -> guarded("health result", () -> onHealth(r))).get(30, TimeUnit.SECONDS);
    }

    /** A health check's verdict: a backend that went down or came back is republished at once. */
    private void onHealth(HealthResult r) {
        Instant now = clock.instant();
        if (health.onResult(r)) {
            publishSoon = now;
            publishIfDue(now);
        }
        // A failing check may mean the backend restarted with new intro points: look at once, and a
        // few times more while its tor uploads the new descriptor, instead of waiting for the round.
        Optional<RefetchReason> why = health.localOutage().isPresent() ? Optional.empty() : RefetchReason.of(r);
        if (why.isPresent()) {
            refetchBackend(r.target().backend(), why.get(), now);
            refetches.followUp(r.target().backend(), why.get(), now);
        } else if (r.isSuccess()) {
            refetches.cancelFollowUps(r.target().backend());
        }
    }

    /** One backend fetched again now for {@code why}, unless it was refetched within the rate limit. */
    private void refetchBackend(OnionAddress address, RefetchReason why, Instant now) {
        if (!liveView(now)) {
            return;
        }
        Optional<BackendState> b = registry.backend(address);
        if (b.isPresent() && refetches.allow(address, why, now)) {
            fetcher.refetch(b.get(), view, why, now);
        }
    }

    private void onHsDesc(TorEvent.HsDescEvent d, Instant now) {
        Optional<OnionAddress> addr = registry.known(d.address());
        if (addr.isEmpty()) {
            return;
        }
        Optional<ServiceState> master = registry.service(addr.get());
        if (master.isPresent()) {
            if (d.action() == HsDescAction.FAILED && hsDirChecks.onFailed(d, master.get(), now)) {
                return;
            }
            if (d.action() == HsDescAction.UPLOADED || d.action() == HsDescAction.FAILED) {
                Optional<SlotState> slot = uploads.onResult(d, master.get(), now);
                if (d.action() == HsDescAction.UPLOADED && slot.isPresent()) {
                    hsDirChecks.uploaded(master.get(), slot.get(), d.hsDir().orElseThrow(), now);
                }
            }
            return;
        }
        if (d.action() == HsDescAction.FAILED) {
            registry.backend(addr.get()).ifPresent(b -> {
                if (fetcher.onFetchFailed(b, d, now) == BackendFetcher.Outcome.REPUBLISH) {
                    requestPublish(now);
                }
            });
            publishIfDue(now);
        }
        // REQUESTED, RECEIVED, UPLOAD, CREATED, IGNORE: nothing to track.
    }

    private void refreshConsensus() {
        try {
            NetworkState before = view;
            view = NetworkState.fetch(tor, settings.testNetwork(), view);
            Instant now = clock.instant();
            if (before != null && liveView(now)) {
                NetworkChange.between(before.view.slots(), view.view.slots()).ifPresent(why -> {
                    LOG.info("The new consensus brings a " + why + ": fetching every backend again now");
                    registry.backends().forEach(b -> refetchBackend(b.address, why, now));
                });
            }
            Optional<String> ahead = clockAheadWarning(now);
            if (ahead.isPresent() && !clockAheadWarned) {
                LOG.warning(ahead.get());
            }
            clockAheadWarned = ahead.isPresent();
            if (!view.reasonablyLive(now)) {
                LOG.warning("No live consensus. Waiting before fetching descriptors and publishing...");
            } else {
                LOG.fine(() -> "New consensus valid-after " + CivilTime.format(view.status(now).validAfter().getEpochSecond())
                        + ", " + view.status(now).hsDirCount() + " HSDirs");
            }
        } catch (ControlException e) {
            LOG.warning("Could not read the consensus from tor: " + e.getMessage());
        } catch (NetDocException | IllegalArgumentException e) {
            LOG.warning("Could not parse the consensus from tor: " + e.getMessage());
        }
    }

    /**
     * Tor fetches a new consensus before the one it has stops being valid, so the newest one began
     * at most its validity before now. A clock further ahead than that (plus a sixth) publishes
     * revision counters HSDirs will prefer for hours over a correct obhost's (rend-spec-v3 §F.2),
     * and certificates that start in the future: say so, the operator can fix it with NTP.
     */
    private Optional<String> clockAheadWarning(Instant now) {
        var status = view.status(now);
        Duration validity = Duration.between(status.validAfter(), status.validUntil());
        Duration margin = validity.dividedBy(6).compareTo(Duration.ofSeconds(60)) < 0 ? Duration.ofSeconds(60) : validity.dividedBy(6);
        Duration age = Duration.between(status.validAfter(), now);
        if (age.compareTo(validity.plus(margin)) <= 0) {
            return Optional.empty();
        }
        return Optional.of("This machine's clock is at least " + Durations.human(age.minus(validity))
                + " ahead of tor's newest consensus (valid " + CivilTime.format(status.validAfter().getEpochSecond()) + " .. "
                + CivilTime.format(status.validUntil().getEpochSecond()) + " UTC), or tor cannot fetch a new one: "
                + "descriptors published now carry revision counters from the future; check NTP");
    }

    private boolean liveView(Instant now) {
        return view != null && view.reasonablyLive(now);
    }

    private void fetchAll(String why) {
        Instant now = clock.instant();
        nextFetch = now.plus(settings.timings().fetchInterval());
        if (!liveView(now)) {
            return;
        }
        fetcher.fetchAll(why, now);
        if (!firstPublishDone && firstRoundStarted == null) {
            firstRoundStarted = now;
        }
    }

    // ---- when to publish ----

    /** A publish soon: at once when every backend of this round answered, else after a short settle. */
    private void requestPublish(Instant now) {
        Instant at = fetcher.roundAnswered() ? now : now.plus(SETTLE);
        if (at.isBefore(publishSoon)) {
            publishSoon = at;
        }
    }

    private void publishIfDue(Instant now) {
        if (publishSoon == Instant.MAX) {
            return;
        }
        if (fetcher.roundAnswered() && publishSoon.isAfter(now)) {
            publishSoon = now;
        }
        if (!firstPublishDone && !fetcher.roundAnswered() && firstRoundStarted != null
                && now.isBefore(firstRoundStarted.plus(FIRST_ROUND_LIMIT))) {
            publisher.waitingForFirstAnswers(fetcher.answeredThisRound(), fetcher.askedThisRound());
            publishSoon = firstRoundStarted.plus(FIRST_ROUND_LIMIT);
            return;
        }
        if (now.isBefore(publishSoon)) {
            return;
        }
        if (!liveView(now)) {
            for (ServiceState s : registry.services()) {
                s.state = "waiting for a live consensus";
            }
            publishSoon = Instant.MAX;
            return;
        }
        firstPublishDone = true;
        publishSoon = Instant.MAX;
        Instant wake = publisher.publishAll(view, now);
        if (wake.isBefore(publishSoon)) {
            publishSoon = wake;
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
            publishSoon = now;
            firstPublishDone = true;
            publishIfDue(now);
        } else if (c instanceof EngineCommand.FetchNow) {
            fetchAll("operator");
        } else if (c instanceof EngineCommand.AddInstance a) {
            registry.addInstance(a.service(), a.instance(), a.name(), a.clientKey());
            health.configure(registry.services(), tor);
            fetchAll("instance added");
        } else if (c instanceof EngineCommand.RemoveInstance r) {
            registry.removeInstance(r.service(), r.instance());
            health.configure(registry.services(), tor);
            requestPublish(now);
        } else if (c instanceof EngineCommand.Reload) {
            if (registry.reload()) {
                health.configure(registry.services(), tor);
                fetchAll("config reloaded");
                requestPublish(now);
            }
        }
    }

    // ---- snapshot ----

    private void publishSnapshot() {
        Instant now = clock.instant();
        List<ServiceStatus> services = new ArrayList<>();
        for (ServiceState s : registry.services()) {
            List<InstanceStatus> instances = new ArrayList<>();
            Set<OnionAddress> excluded = publisher.excludedByHealth(s);
            for (InstanceRef i : s.instances) {
                BackendState b = registry.backend(i.address()).orElseThrow();
                instances.add(new InstanceStatus(i.label(), i.address(), b.state(), b.reason(), b.received(),
                        b.introSetModified(), b.introPointCount(), b.lastFetch(),
                        health.view(i.address(), excluded.contains(i.address()))));
            }
            Map<OnionAddress, String> labels = new HashMap<>();
            s.instances.forEach(i -> labels.put(i.address(), i.label()));
            services.add(new ServiceStatus(s.master, s.state,
                    s.slots.values().stream().map(slot -> slot.view(fp -> hsDirChecks.last(s.master, slot.slot, fp))).toList(),
                    instances, s.notes,
                    health.events(labels.keySet(), labels), KeyCoverage.status(s)));
        }
        TorStatus ts = new TorStatus(tor.connected(), tor.endpoint(), torVersion, torDetail, reconnects);
        SelfHealStatus heal = new SelfHealStatus(watchdog.view(), refetches.counts(), refetches.limited(),
                hsDirChecks.verdicts(), hsDirChecks.repairs());
        snapshot.set(new EngineSnapshot(now, ts, view == null ? Optional.empty() : Optional.of(view.status(now)), services,
                internalErrors, heal));
    }
}
