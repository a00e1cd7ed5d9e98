package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent.HsDescEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The oracle: what a backend's own tor did when it published its onion service's descriptors.
 * We restart the backend's tor (TestNetwork.restartBackend, keeping its cached state), connect to
 * its control port as soon as the new process listens, subscribe to {@code HS_DESC} before its
 * first upload (intro circuits take seconds; the control port opens at once), and record every
 * {@code HS_DESC UPLOAD}: tor emits one per HSDir in hs_get_responsible_hsdirs order, naming the
 * HSDir, the blinded key and the hsdir_index it used (hs_service.c upload_descriptor_to_hsdir).
 *
 * <p>tor's consensus is read over the same connection right after subscribing and again after the
 * uploads; the observation is kept only when both give the same HSDir rings (no new time period,
 * SRV or HSDir set in between), so the view describes the consensus tor uploaded under.
 *
 * <p>Restarts are expensive (~10 s), so each backend is observed once per JVM and shared between
 * test classes.
 */
public final class TorUploadOracle {
    private static final Duration CONNECT_WITHIN = Duration.ofSeconds(60);
    private static final Duration UPLOADS_WITHIN = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 3;
    private static final Map<String, Observation> CACHE = new HashMap<>();

    private TorUploadOracle() {
    }

    /** One HS_DESC UPLOAD: the HSDir tor posted to and the hsdir_index it placed that HSDir at. */
    public record Upload(RelayFingerprint hsDir, String nickname, String hsDirIndexHex) {
    }

    /** One upload round of one descriptor: the HSDirs in the order tor posted to them. */
    public record DescriptorUpload(Ed25519PublicKey blindedKey, List<Upload> uploads) {
        public DescriptorUpload {
            uploads = List.copyOf(uploads);
        }

        public List<RelayFingerprint> hsDirs() {
            return uploads.stream().map(Upload::hsDir).toList();
        }
    }

    /**
     * @param view     built from the backend tor's consensus and microdescriptors around the uploads
     * @param uploads  per blinded key (base64 as tor prints it), the first upload round tor made for it
     * @param events   every HS_DESC event seen, in order, for diagnostics
     */
    public record Observation(TestNetwork.Backend backend, NetworkView view, Map<String, DescriptorUpload> uploads,
                              List<HsDescEvent> events, Duration restartTook) {
        public Observation {
            uploads = Map.copyOf(uploads);
            events = List.copyOf(events);
        }

        /** tor's upload round for {@code blindedKey}, or a failure naming what tor did upload. */
        public DescriptorUpload uploadOf(Ed25519PublicKey blindedKey) {
            DescriptorUpload u = uploads.get(blindedKey.base64());
            if (u == null) {
                throw new AssertionError("backend" + backend.index() + "'s tor uploaded no descriptor with blinded key "
                        + blindedKey.base64() + "; it uploaded " + uploads.keySet() + "; events: " + events);
            }
            return u;
        }
    }

    /** The observation for backend {@code index} of {@code net}, made at the first call (a backend restart). */
    public static synchronized Observation observe(TestNetwork net, int index) throws Exception {
        String key = net.dir() + "#" + index;
        Observation o = CACHE.get(key);
        if (o == null) {
            o = observeAfresh(net, index);
            CACHE.put(key, o);
        }
        return o;
    }

    /**
     * A new observation (a backend restart), not cached. Retried when the rings changed while we
     * watched or when we missed the start of the uploads.
     */
    public static Observation observeAfresh(TestNetwork net, int index) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Attempt a = restartAndRecord(net, index);
            if (a.problem() == null) {
                return a.observation();
            }
            failures.add("attempt " + attempt + ": " + a.problem());
        }
        throw new AssertionError("no usable observation of backend" + index + "'s uploads: " + failures);
    }

    /** {@code problem} is null when the observation can be used. */
    private record Attempt(Observation observation, String problem) {
    }

    private static Attempt restartAndRecord(TestNetwork net, int index) throws Exception {
        TestNetwork.Backend b = net.backend(index);
        ControlSettings settings = ControlSettings.of(new ControlEndpoint.Tcp(net.host(), b.controlPort()))
                .withConnectTimeout(Duration.ofSeconds(2));
        String oldPid;
        try (TorController old = TorController.open(settings)) {
            oldPid = old.getInfo("process/pid");
        }
        Instant t0 = Instant.now();
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> net.restartBackend(index, false));
        List<HsDescEvent> events = new CopyOnWriteArrayList<>();
        try (TorController tor = connectToNewProcess(settings, oldPid, restart)) {
            tor.addListener(e -> {
                if (e instanceof HsDescEvent h) {
                    events.add(h);
                }
            });
            tor.setEvents(Set.of(EventType.HS_DESC));
            NetworkView before = viewOnceLoaded(tor);
            restart.get(CONNECT_WITHIN.plus(UPLOADS_WITHIN).toSeconds(), TimeUnit.SECONDS);
            Map<String, DescriptorUpload> rounds = waitForTwoRounds(events, UPLOADS_WITHIN);
            NetworkView after = view(tor);
            Observation o = new Observation(b, after, rounds, events, Duration.between(t0, Instant.now()));
            if (rounds.size() < 2) {
                return new Attempt(o, "saw uploads of " + rounds.size() + " descriptor(s) only (missed the start?): " + events);
            }
            boolean stable = before.slots().first().equals(after.slots().first())
                    && before.slots().second().equals(after.slots().second())
                    && before.hsDirs().equals(after.hsDirs()) && before.params().equals(after.params());
            return new Attempt(o, stable ? null : "the rings changed between " + before.slots() + " and " + after.slots());
        } finally {
            restart.join();
        }
    }

    /** Polls the control port until the restarted tor (another PID) accepts us. */
    private static TorController connectToNewProcess(ControlSettings settings, String oldPid, CompletableFuture<Void> restart)
            throws Exception {
        Instant deadline = Instant.now().plus(CONNECT_WITHIN);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (restart.isCompletedExceptionally()) {
                restart.join();
            }
            try {
                TorController c = TorController.open(settings);
                if (!c.getInfo("process/pid").equals(oldPid)) {
                    return c;
                }
                c.close();
            } catch (ControlException e) {
                // Not listening yet, or listening before it wrote its new cookie: try again.
                last = e;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the restarted tor's control port did not accept us within " + CONNECT_WITHIN.toSeconds()
                + " s; last error: " + last, last);
    }

    /** Right after start tor may not have loaded its cached consensus yet (GETINFO answers 551). */
    private static NetworkView viewOnceLoaded(TorController tor) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                return view(tor);
            } catch (ControlException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The ring from tor's consensus and md/all. It also checks what the engine asks tor instead:
     * {@code GETINFO md/id/<fp>} for the HSDir candidates must give this very ring (asked again
     * when tor took a new consensus in between, which changes the answers).
     */
    static NetworkView view(TorController tor) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Map<String, String> docs = tor.getInfo(List.of("dir/status-vote/current/consensus-microdesc", "md/all"));
            MicrodescConsensus c = MicrodescConsensus.parse(docs.get("dir/status-vote/current/consensus-microdesc"));
            NetworkView all = NetworkView.of(c, Microdescriptors.parse(docs.get("md/all")), TorNetwork.TESTING);
            Microdescriptors byRelay = Microdescriptors.ofRelays(tor.microdescriptors(EligibleHsDirs.candidates(c)));
            EligibleHsDirs fromMdId = NetworkView.of(c, byRelay, TorNetwork.TESTING).hsDirs();
            String now = tor.getInfo("dir/status-vote/current/consensus-microdesc");
            if (!now.equals(docs.get("dir/status-vote/current/consensus-microdesc")) && attempt < 5) {
                continue;
            }
            if (!fromMdId.equals(all.hsDirs())) {
                throw new AssertionError("md/id answers give another ring than md/all: " + fromMdId + " against " + all.hsDirs());
            }
            return all;
        }
    }

    /**
     * Waits until tor has begun uploading two descriptors (the first and the second), then for the
     * rounds to end. A round is the run of UPLOAD events for one blinded key that tor emits in one
     * go; it ends at the first HSDir named twice (a new round) or when events stop.
     */
    private static Map<String, DescriptorUpload> waitForTwoRounds(List<HsDescEvent> events, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (distinctUploadKeys(events) < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        // tor writes a round's events in one burst; give it time to reach us.
        int n;
        do {
            n = events.size();
            Thread.sleep(1500);
        } while (events.size() != n);
        return rounds(events);
    }

    private static long distinctUploadKeys(List<HsDescEvent> events) {
        return events.stream().filter(e -> e.action() == HsDescAction.UPLOAD && e.descriptorId().isPresent())
                .map(e -> e.descriptorId().get()).distinct().count();
    }

    static Map<String, DescriptorUpload> rounds(List<HsDescEvent> events) {
        Map<String, List<Upload>> first = new LinkedHashMap<>();
        Map<String, Set<RelayFingerprint>> seen = new HashMap<>();
        Set<String> closed = new HashSet<>();
        for (HsDescEvent e : events) {
            if (e.action() != HsDescAction.UPLOAD || e.descriptorId().isEmpty() || e.hsDir().isEmpty()) {
                continue;
            }
            String id = e.descriptorId().get();
            if (closed.contains(id)) {
                continue;
            }
            RelayFingerprint fp = e.hsDir().get();
            if (!seen.computeIfAbsent(id, k -> new HashSet<>()).add(fp)) {
                closed.add(id);
                continue;
            }
            first.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(new Upload(fp, e.hsDirNickname().orElse(""), e.hsDirIndex().orElse("")));
        }
        Map<String, DescriptorUpload> out = new LinkedHashMap<>();
        first.forEach((id, ups) -> out.put(id, new DescriptorUpload(Ed25519PublicKey.fromBase64(id), ups)));
        return out;
    }

    /** Our hsdir_index of {@code dir} on the ring of {@code slot}, in hex, as tor prints it (upper case). */
    public static String hsDirIndexHex(NetworkView view, DescriptorSlot slot, RelayFingerprint dir) {
        HsDirRing ring = view.ring(slot);
        List<HsDir> order = ring.relaysInRingOrder();
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).fingerprint().equals(dir)) {
                return ring.hsDirIndexHex(i).toUpperCase(java.util.Locale.ROOT);
            }
        }
        return "(not on our ring)";
    }

    /** The slot whose ring clients fetch from now: the one for the current time period (nodelist.c node_set_hsdir_index). */
    public static DescriptorSlot fetchSlot(NetworkView view) {
        for (DescriptorSlot s : DescriptorSlot.values()) {
            if (view.slots().get(s).timePeriod().equals(view.slots().currentTimePeriod())) {
                return s;
            }
        }
        throw new AssertionError("no slot uses the current time period " + view.slots().currentTimePeriod());
    }
}
