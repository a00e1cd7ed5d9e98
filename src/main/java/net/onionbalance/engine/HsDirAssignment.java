package net.onionbalance.engine;

import net.onionbalance.config.DistinctDescriptors;
import net.onionbalance.crypto.Digests;
import net.onionbalance.doc.consensus.NetworkParameters;
import net.onionbalance.doc.hsdesc.InnerLayer;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.ReplicaHsDirs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backends' intro points go to which HSDir: the distinct descriptors of one service for one
 * descriptor slot.
 *
 * <p>An HSDir keeps one descriptor per blinded key, and a client fetches from one HSDir picked
 * uniformly from the first {@code hsdir_spread_fetch} after each of the {@code hsdir_n_replicas}
 * ring positions (rend-spec-v3 §2.2.3; tor's hs_pick_hsdir): 6 fetch HSDirs by default, each of
 * which may hold a different descriptor of at most 20 intro points ({@link InnerLayer#MAX_INTRO_POINTS}).
 * So one service can reach 6 × 20 = 120 intro points per time period.
 *
 * <p>The rules:
 * <ul>
 *   <li>Everything fits in one descriptor (or splitting is off, or the ring has one fetch HSDir):
 *       one descriptor everywhere, so every client sees every backend.</li>
 *   <li>Otherwise each backend is placed on {@code copies} fetch HSDirs, as many as the fetch set's
 *       room allows ({@code ⌊fetchHsDirs × 20 / wanted⌋}, at least 1), and the number of backends
 *       per fetch HSDir differs by at most one. Within one descriptor the backends share its 20
 *       intro points round robin ({@link IntroPointSelection}): past 10 backends per descriptor
 *       some get one intro point instead of two, and only past 20 is any left out.</li>
 *   <li>Placement is rendezvous hashing (highest random weight) of the service, the backend's
 *       address and the HSDir's fingerprint, with capacities: deterministic from the service, its
 *       usable backends and the ring, so that two obhosts compute the same groups, and sticky: a
 *       backend coming or going moves few others (measured in HsDirAssignmentTest).</li>
 *   <li>A store-only HSDir (the 4th after a replica's position) gets the descriptor of the last
 *       fetch HSDir before it in the same replica, so that when the ring shifts by one relay the
 *       clients' new fetch HSDir already holds a full group.</li>
 * </ul>
 *
 * @param groups           one entry per distinct descriptor, with the HSDirs that get it
 * @param leftOut          backends with usable intro points that no descriptor carries
 * @param fetchCoverage    per backend carried, the number of fetch HSDirs whose descriptor has it
 * @param fetchDirs        the HSDirs clients fetch from, ring order
 * @param copiesPerBackend fetch HSDirs per backend aimed at (all of them when not split)
 */
public record HsDirAssignment<B, I>(List<Group<B, I>> groups, List<B> leftOut, Map<B, Integer> fetchCoverage,
                                    List<HsDir> fetchDirs, int copiesPerBackend) {

    /**
     * One distinct descriptor.
     *
     * @param hsDirs    where it goes: fetch HSDirs first, then store-only ones, ring order
     * @param selection its intro points and the backend of each
     */
    public record Group<B, I>(List<HsDir> hsDirs, IntroPointSelection<B, I> selection) {
        public Group {
            hsDirs = List.copyOf(hsDirs);
        }
    }

    /**
     * The HSDirs clients fetch a descriptor from per slot under the consensus defaults:
     * {@code hsdir_n_replicas} × {@code hsdir_spread_fetch} = 2 × 3 (rend-spec-v3 §2.2.3). The
     * live figure comes from the consensus (the ring); this one is for planning a deployment.
     */
    public static final int DEFAULT_FETCH_HSDIRS =
            NetworkParameters.DEFAULT_HSDIR_N_REPLICAS * NetworkParameters.DEFAULT_HSDIR_SPREAD_FETCH;

    /** The intro points one slot can carry to clients: a full descriptor on each fetch HSDir. */
    public static int introPointRoom(int fetchHsDirs) {
        return Math.max(1, fetchHsDirs) * InnerLayer.MAX_INTRO_POINTS;
    }

    /**
     * The most backends whose {@code perBackend} intro points all reach clients: {@code
     * ⌊introPointRoom / perBackend⌋} (6 fetch HSDirs: 60 at 2 intro points each, 120 at 1; one
     * fetch HSDir, or {@code distinct-descriptors: off}: 10 at 2). Past it the assignment gives some
     * backends fewer intro points, and past {@code introPointRoom} leaves some out. The wizard
     * sizes deployments with it ({@code onionbalance config -n}).
     */
    public static int maxBackends(int fetchHsDirs, int perBackend) {
        if (perBackend < 1) {
            throw new IllegalArgumentException("perBackend must be positive");
        }
        return introPointRoom(fetchHsDirs) / perBackend;
    }

    public HsDirAssignment {
        groups = List.copyOf(groups);
        leftOut = List.copyOf(leftOut);
        fetchCoverage = Map.copyOf(fetchCoverage);
        fetchDirs = List.copyOf(fetchDirs);
    }

    public int fetchHsDirs() {
        return fetchDirs.size();
    }

    /** Whether the service publishes more than one descriptor content in this slot. */
    public boolean split() {
        return groups.size() > 1;
    }

    /** The group an HSDir gets, if it is responsible. */
    public java.util.Optional<Group<B, I>> groupOf(HsDir dir) {
        return groups.stream().filter(g -> g.hsDirs().contains(dir)).findFirst();
    }

    /**
     * @param backends   in config order
     * @param id         a backend's stable identity (its onion address), the hash input
     * @param available  a backend's usable intro points (empty: not usable now)
     * @param service    the service's identity (its master address), the hash seed
     * @param replicas   the slot's responsible HSDirs, per replica
     * @param perBackend intro points wanted per backend ({@code intro-points-per-instance})
     * @param mode       {@code off}: one descriptor everywhere whatever the count
     */
    public static <B, I> HsDirAssignment<B, I> assign(List<B> backends, Function<B, String> id,
                                                      Function<B, List<I>> available, String service,
                                                      List<ReplicaHsDirs> replicas, int perBackend, DistinctDescriptors mode) {
        if (perBackend < 1) {
            throw new IllegalArgumentException("perBackend must be positive");
        }
        int max = InnerLayer.MAX_INTRO_POINTS;
        List<HsDir> fetch = fetchSet(replicas);
        List<HsDir> store = storeSet(replicas);
        Map<B, List<I>> usable = new LinkedHashMap<>();
        int wanted = 0;
        for (B b : backends) {
            List<I> ips = available.apply(b);
            if (!ips.isEmpty()) {
                usable.put(b, ips);
                wanted += Math.min(perBackend, ips.size());
            }
        }
        if (mode == DistinctDescriptors.OFF || fetch.size() <= 1 || wanted <= max) {
            var selection = IntroPointSelection.choose(usable, perBackend, max);
            Map<B, Integer> coverage = new HashMap<>();
            selection.chosen().forEach(c -> coverage.put(c.backend(), fetch.size()));
            List<Group<B, I>> groups = usable.isEmpty() ? List.of() : List.of(new Group<>(store, selection));
            return new HsDirAssignment<>(groups, selection.leftOut(), coverage, fetch, fetch.size());
        }

        int copies = Math.max(1, Math.min(fetch.size(), introPointRoom(fetch.size()) / wanted));
        Map<HsDir, Integer> capacity = capacities(fetch, usable.size() * copies, service);
        Map<HsDir, List<B>> members = place(usable.keySet(), id, service, fetch, capacity, copies);

        // Each fetch HSDir's descriptor, its members in config order.
        Map<HsDir, IntroPointSelection<B, I>> byDir = new LinkedHashMap<>();
        for (HsDir d : fetch) {
            Set<B> mine = new java.util.HashSet<>(members.get(d));
            Map<B, List<I>> subset = new LinkedHashMap<>();
            usable.forEach((b, ips) -> {
                if (mine.contains(b)) {
                    subset.put(b, ips);
                }
            });
            byDir.put(d, IntroPointSelection.choose(subset, perBackend, max));
        }
        Map<HsDir, HsDir> storeOnly = storeOnlyHome(replicas, fetch);

        // Fetch HSDirs with the same intro points share one descriptor (one HSPOST).
        Map<List<I>, List<HsDir>> dirsByContent = new LinkedHashMap<>();
        Map<List<I>, IntroPointSelection<B, I>> selectionByContent = new HashMap<>();
        for (HsDir d : store.isEmpty() ? fetch : orderedTargets(fetch, store)) {
            HsDir home = byDir.containsKey(d) ? d : storeOnly.get(d);
            if (home == null) {
                continue;
            }
            IntroPointSelection<B, I> sel = byDir.get(home);
            dirsByContent.computeIfAbsent(sel.introPoints(), k -> new ArrayList<>()).add(d);
            selectionByContent.putIfAbsent(sel.introPoints(), sel);
        }
        List<Group<B, I>> groups = new ArrayList<>();
        dirsByContent.forEach((ips, dirs) -> {
            List<HsDir> ordered = new ArrayList<>();
            dirs.stream().filter(byDir::containsKey).forEach(ordered::add);
            dirs.stream().filter(d -> !byDir.containsKey(d)).forEach(ordered::add);
            groups.add(new Group<>(ordered, selectionByContent.get(ips)));
        });

        Map<B, Integer> coverage = new HashMap<>();
        byDir.values().forEach(sel -> sel.chosen().stream().map(IntroPointSelection.Chosen::backend).distinct()
                .forEach(b -> coverage.merge(b, 1, Integer::sum)));
        List<B> leftOut = usable.keySet().stream().filter(b -> !coverage.containsKey(b)).toList();
        return new HsDirAssignment<>(groups, leftOut, coverage, fetch, copies);
    }

    /**
     * Backends per fetch HSDir: {@code placements} spread evenly; the HSDirs that take one more are
     * those ranked first by the service's hash, so a change of one in the count moves few of them.
     */
    private static Map<HsDir, Integer> capacities(List<HsDir> fetch, int placements, String service) {
        int base = placements / fetch.size();
        int extra = placements % fetch.size();
        List<HsDir> ranked = new ArrayList<>(fetch);
        Map<HsDir, Long> w = new HashMap<>();
        fetch.forEach(d -> w.put(d, weight(service, d.fingerprint().hex())));
        ranked.sort(Comparator.comparingLong((HsDir d) -> w.get(d)).reversed().thenComparing(d -> d.fingerprint().hex()));
        Map<HsDir, Integer> cap = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            cap.put(ranked.get(i), base + (i < extra ? 1 : 0));
        }
        return cap;
    }

    /**
     * Each backend, in the order of its own hash, takes the {@code copies} HSDirs it weighs highest
     * among those with room; an HSDir whose room equals the number of backends still to place must
     * be taken by every one of them, so those come first and the placement never runs out of
     * distinct HSDirs.
     */
    private static <B> Map<HsDir, List<B>> place(Set<B> usable, Function<B, String> id, String service,
                                                 List<HsDir> fetch, Map<HsDir, Integer> capacity, int copies) {
        Map<B, Long> rank = new HashMap<>();
        usable.forEach(b -> rank.put(b, weight(service, id.apply(b))));
        List<B> order = new ArrayList<>(usable);
        order.sort(Comparator.comparingLong((B b) -> rank.get(b)).thenComparing(id));
        Map<HsDir, List<B>> members = new LinkedHashMap<>();
        fetch.forEach(d -> members.put(d, new ArrayList<>()));
        int remaining = order.size();
        for (B b : order) {
            String bid = id.apply(b);
            List<HsDir> pick = new ArrayList<>();
            List<HsDir> open = new ArrayList<>();
            for (HsDir d : fetch) {
                int room = capacity.get(d) - members.get(d).size();
                if (room >= remaining) {
                    pick.add(d);
                } else if (room > 0) {
                    open.add(d);
                }
            }
            Map<HsDir, Long> w = new HashMap<>();
            open.forEach(d -> w.put(d, weight(service, bid, d.fingerprint().hex())));
            open.sort(Comparator.comparingLong((HsDir d) -> w.get(d)).reversed().thenComparing(d -> d.fingerprint().hex()));
            for (HsDir d : open) {
                if (pick.size() >= copies) {
                    break;
                }
                pick.add(d);
            }
            for (HsDir d : pick) {
                members.get(d).add(b);
            }
            remaining--;
        }
        return members;
    }

    /** The HSDirs clients fetch from, replica 1's first, each once (ResponsibleHsDirs.fetchSet). */
    private static List<HsDir> fetchSet(List<ReplicaHsDirs> replicas) {
        Set<HsDir> all = new LinkedHashSet<>();
        replicas.forEach(r -> all.addAll(r.fetch()));
        return List.copyOf(all);
    }

    private static List<HsDir> storeSet(List<ReplicaHsDirs> replicas) {
        Set<HsDir> all = new LinkedHashSet<>();
        replicas.forEach(r -> all.addAll(r.store()));
        return List.copyOf(all);
    }

    /** Every upload target: the store set, plus any fetch HSDir a short ring left out of it. */
    private static List<HsDir> orderedTargets(List<HsDir> fetch, List<HsDir> store) {
        Set<HsDir> all = new LinkedHashSet<>(store);
        all.addAll(fetch);
        return List.copyOf(all);
    }

    /** For each store-only HSDir, the fetch HSDir of its replica whose descriptor it gets. */
    private static Map<HsDir, HsDir> storeOnlyHome(List<ReplicaHsDirs> replicas, List<HsDir> fetch) {
        Map<HsDir, HsDir> home = new HashMap<>();
        for (ReplicaHsDirs r : replicas) {
            HsDir last = r.fetch().isEmpty() ? null : r.fetch().get(0);
            for (HsDir d : r.store()) {
                if (r.fetch().contains(d)) {
                    last = d;
                } else if (!fetch.contains(d) && last != null) {
                    home.putIfAbsent(d, last);
                }
            }
        }
        return home;
    }

    private static long weight(String... parts) {
        byte[] h = Digests.sha3_256(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v;
    }
}
