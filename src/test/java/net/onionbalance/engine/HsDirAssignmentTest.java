package net.onionbalance.engine;

import net.onionbalance.config.DistinctDescriptors;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.ReplicaHsDirs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which backends go to which HSDir, over many generated rings and backend sets: every usable
 * backend reaches a fetch HSDir while capacity allows, no descriptor has more than 20 intro
 * points, the load is balanced, two obhosts compute the same groups, and a backend coming or
 * going moves few others.
 */
class HsDirAssignmentTest {
    private static final int MAX = 20;

    /** Backends named b0..; each with {@code ips} intro points "bN/ipK". */
    private static List<String> backends(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static Function<String, List<String>> introPoints(int each) {
        return b -> {
            List<String> ips = new ArrayList<>();
            for (int k = 0; k < each; k++) {
                ips.add(b + "/ip" + k);
            }
            return ips;
        };
    }

    private static HsDir dir(Random rnd, int i) {
        byte[] fp = new byte[20];
        rnd.nextBytes(fp);
        return new HsDir(RelayFingerprint.of(fp), "hsdir" + i);
    }

    /**
     * A ring as tor walks it (rend-spec-v3 §2.2.3): per replica, the store list takes the first
     * {@code store} relays after its position not taken by an earlier replica's store list, the
     * fetch list the first {@code fetch} not in an earlier fetch list.
     */
    private static List<ReplicaHsDirs> ring(Random rnd, int relays, int replicas, int store, int fetch) {
        List<HsDir> all = new ArrayList<>();
        for (int i = 0; i < relays; i++) {
            all.add(dir(rnd, i));
        }
        Set<HsDir> stored = new HashSet<>();
        Set<HsDir> fetched = new HashSet<>();
        List<ReplicaHsDirs> out = new ArrayList<>();
        for (int r = 1; r <= replicas; r++) {
            int start = rnd.nextInt(relays);
            List<HsDir> s = new ArrayList<>();
            List<HsDir> f = new ArrayList<>();
            for (int k = 0; k < relays; k++) {
                HsDir d = all.get((start + k) % relays);
                if (s.size() < store && !stored.contains(d)) {
                    s.add(d);
                }
                if (f.size() < fetch && !fetched.contains(d)) {
                    f.add(d);
                }
            }
            stored.addAll(s);
            fetched.addAll(f);
            out.add(new ReplicaHsDirs(r, new byte[32], s, f));
        }
        return out;
    }

    private static HsDirAssignment<String, String> assign(List<String> backends, List<ReplicaHsDirs> ring, int ipsEach,
                                                          int perBackend, DistinctDescriptors mode) {
        return HsDirAssignment.assign(backends, b -> b, introPoints(ipsEach), "service", ring, perBackend, mode);
    }

    /** Per fetch HSDir, the backends its descriptor carries. */
    private static Map<HsDir, Set<String>> carried(HsDirAssignment<String, String> a) {
        Map<HsDir, Set<String>> out = new HashMap<>();
        for (var g : a.groups()) {
            Set<String> bs = new HashSet<>();
            g.selection().chosen().forEach(c -> bs.add(c.backend()));
            for (HsDir d : g.hsDirs()) {
                if (a.fetchDirs().contains(d)) {
                    out.put(d, bs);
                }
            }
        }
        return out;
    }

    @Test
    void upToTenBackendsOneDescriptorGoesEverywhere() {
        Random rnd = new Random(1);
        var ring = ring(rnd, 20, 2, 4, 3);
        var a = assign(backends("b", 10), ring, 3, 2, DistinctDescriptors.AUTO);
        assertEquals(1, a.groups().size());
        assertEquals(8, a.groups().get(0).hsDirs().size(), "every store HSDir of both replicas");
        assertEquals(20, a.groups().get(0).selection().introPoints().size());
        for (String b : backends("b", 10)) {
            assertEquals(6, a.fetchCoverage().get(b), b + " is on every fetch HSDir");
        }
    }

    @Test
    void generatedRingsAndBackendSetsKeepEveryRule() {
        Random rnd = new Random(42);
        int cases = 0;
        for (int round = 0; round < 400; round++) {
            int relays = 8 + rnd.nextInt(40);
            int fetch = 1 + rnd.nextInt(3);
            int store = fetch + rnd.nextInt(2);
            var ring = ring(rnd, relays, 2, store, fetch);
            int n = 1 + rnd.nextInt(140);
            int perBackend = 1 + rnd.nextInt(3);
            int ipsEach = 1 + rnd.nextInt(4);
            List<String> bs = backends("r" + round + "b", n);
            var a = assign(bs, ring, ipsEach, perBackend, DistinctDescriptors.AUTO);
            int fetchDirs = a.fetchHsDirs();
            String what = n + " backends, " + fetchDirs + " fetch HSDirs, " + perBackend + " wanted of " + ipsEach;

            for (var g : a.groups()) {
                assertTrue(g.selection().introPoints().size() <= MAX, "at most 20 intro points: " + what);
            }
            Set<HsDir> targets = new HashSet<>();
            a.groups().forEach(g -> g.hsDirs().forEach(d -> assertTrue(targets.add(d), "one descriptor per HSDir: " + what)));
            for (var r : ring) {
                assertTrue(targets.containsAll(r.store()), "every store HSDir gets a descriptor: " + what);
                assertTrue(targets.containsAll(r.fetch()), "every fetch HSDir gets a descriptor: " + what);
            }
            if (n <= fetchDirs * MAX) {
                assertTrue(a.leftOut().isEmpty(), "nobody left out while the fetch set has room: " + what + " " + a.leftOut());
                assertEquals(n, a.fetchCoverage().size(), what);
            } else {
                assertEquals(n - fetchDirs * MAX, a.leftOut().size(), "only the overflow is left out: " + what);
            }
            var perDir = carried(a);
            int most = perDir.values().stream().mapToInt(Set::size).max().orElse(0);
            int least = perDir.values().stream().mapToInt(Set::size).min().orElse(0);
            if (n <= fetchDirs * MAX) {
                assertTrue(most - least <= 1, "backends per fetch HSDir differ by at most one: " + what + " " + most + "/" + least);
                int high = a.fetchCoverage().values().stream().mapToInt(i -> i).max().orElse(0);
                int low = a.fetchCoverage().values().stream().mapToInt(i -> i).min().orElse(0);
                assertTrue(high - low <= 1, "every backend on as many fetch HSDirs as any other, +-1: " + what);
            }
            // Determinism: the config order does not matter, and a second obhost gets the same.
            List<String> shuffled = new ArrayList<>(bs);
            Collections.shuffle(shuffled, rnd);
            if (n <= fetchDirs * MAX) {
                assertEquals(perDir, carried(assign(shuffled, ring, ipsEach, perBackend, DistinctDescriptors.AUTO)), what);
            }
            assertEquals(perDir, carried(assign(bs, ring, ipsEach, perBackend, DistinctDescriptors.AUTO)), what);
            cases++;
        }
        assertEquals(400, cases);
    }

    @Test
    void sixtyBackendsFillSixDescriptorsOfTenBackendsEach() {
        var ring = ring(new Random(7), 30, 2, 4, 3);
        var a = assign(backends("b", 60), ring, 3, 2, DistinctDescriptors.AUTO);
        assertEquals(6, a.fetchHsDirs());
        assertEquals(1, a.copiesPerBackend());
        var perDir = carried(a);
        assertEquals(6, perDir.size());
        Set<String> union = new HashSet<>();
        perDir.values().forEach(s -> {
            assertEquals(10, s.size());
            union.addAll(s);
        });
        assertEquals(60, union.size(), "every backend reaches clients");
        for (var g : a.groups()) {
            assertEquals(20, g.selection().introPoints().size(), "2 intro points for each of 10 backends");
        }
    }

    /**
     * maxBackends (what the wizard sizes -n with) is where the assignment stops giving every
     * backend all its intro points on a fetch HSDir: at it each backend keeps them all, one more and
     * some backend gets fewer. Checked at 1, 2 and 3 intro points per backend on 6 fetch HSDirs.
     */
    @Test
    void maxBackendsIsWhereEveryBackendStopsGettingAllItsIntroPoints() {
        assertEquals(6, HsDirAssignment.DEFAULT_FETCH_HSDIRS);
        var ring = ring(new Random(11), 40, 2, 4, 3);
        for (int per = 1; per <= 3; per++) {
            int max = HsDirAssignment.maxBackends(HsDirAssignment.DEFAULT_FETCH_HSDIRS, per);
            assertEquals(6 * (20 / per), max);
            assertEquals(per, fewestIntroPoints(assign(backends("b", max), ring, 3, per, DistinctDescriptors.AUTO)),
                    max + " backends at " + per);
            assertTrue(fewestIntroPoints(assign(backends("b", max + 1), ring, 3, per, DistinctDescriptors.AUTO)) < per,
                    (max + 1) + " backends at " + per);
        }
        assertEquals(List.of(120, 60, 36), List.of(HsDirAssignment.maxBackends(6, 1), HsDirAssignment.maxBackends(6, 2),
                HsDirAssignment.maxBackends(6, 3)));
        assertEquals(10, HsDirAssignment.maxBackends(1, 2), "one descriptor: 10 at 2");
    }

    /** Across the fetch HSDirs' descriptors, the fewest intro points any backend has in the best one it is in (0: left out). */
    private static int fewestIntroPoints(HsDirAssignment<String, String> a) {
        Map<String, Integer> best = new HashMap<>();
        for (var g : a.groups()) {
            if (g.hsDirs().stream().noneMatch(a.fetchDirs()::contains)) {
                continue;
            }
            Map<String, Integer> here = new HashMap<>();
            g.selection().chosen().forEach(c -> here.merge(c.backend(), 1, Integer::sum));
            here.forEach((b, n) -> best.merge(b, n, Math::max));
        }
        int fewest = Integer.MAX_VALUE;
        for (String b : a.fetchCoverage().keySet()) {
            fewest = Math.min(fewest, best.getOrDefault(b, 0));
        }
        return a.leftOut().isEmpty() ? fewest : 0;
    }

    @Test
    void twelveBackendsAreEachOnFiveOfSixFetchHsDirs() {
        var a = assign(backends("b", 12), ring(new Random(3), 30, 2, 4, 3), 3, 2, DistinctDescriptors.AUTO);
        assertEquals(5, a.copiesPerBackend(), "6 x 20 / 24 intro points: 5 copies");
        a.fetchCoverage().values().forEach(c -> assertEquals(5, c));
        carried(a).values().forEach(s -> assertEquals(10, s.size()));
    }

    @Test
    void storeOnlyHsDirsGetTheDescriptorOfAFetchHsDirOfTheirReplica() {
        Random rnd = new Random(11);
        for (int round = 0; round < 50; round++) {
            var ring = ring(rnd, 20 + rnd.nextInt(20), 2, 4, 3);
            var a = assign(backends("b", 40), ring, 2, 2, DistinctDescriptors.AUTO);
            for (var r : ring) {
                for (HsDir d : r.store()) {
                    if (a.fetchDirs().contains(d)) {
                        continue;
                    }
                    var g = a.groupOf(d).orElseThrow();
                    assertTrue(g.hsDirs().stream().anyMatch(r.fetch()::contains),
                            "store-only " + d + " shares a descriptor with a fetch HSDir of replica " + r.replica());
                }
            }
        }
    }

    @Test
    void offKeepsOneDescriptorAndNamesWhoIsLeftOut() {
        var a = assign(backends("b", 25), ring(new Random(5), 30, 2, 4, 3), 2, 2, DistinctDescriptors.OFF);
        assertEquals(1, a.groups().size());
        assertEquals(20, a.groups().get(0).selection().introPoints().size());
        assertEquals(5, a.leftOut().size(), "20 slots, one each first: 5 of 25 get none");
    }

    @Test
    void pastTheFetchSetsCapacityOnlyTheOverflowIsLeftOut() {
        var a = assign(backends("b", 130), ring(new Random(9), 40, 2, 4, 3), 2, 2, DistinctDescriptors.AUTO);
        assertEquals(10, a.leftOut().size(), "6 x 20 = 120 backends at one intro point each");
    }

    /**
     * Stickiness: when one backend joins or leaves, descriptors change where it is added or removed
     * ({@code copies} of them); the rebalancing moves few others. Printed: the mean number of
     * other descriptors changed.
     */
    @Test
    void aBackendComingOrGoingChangesFewOtherDescriptors() {
        Random rnd = new Random(2024);
        Map<Integer, double[]> byCount = new TreeMap<>();
        int trials = 0;
        double excessSum = 0;
        for (int n : new int[] {11, 13, 20, 30, 45, 59, 60, 80, 119}) {
            double sum = 0;
            int count = 0;
            for (int t = 0; t < 40; t++) {
                var ring = ring(rnd, 30, 2, 4, 3);
                List<String> bs = backends("t" + t + "b", n);
                var before = carried(assign(bs, ring, 2, 2, DistinctDescriptors.AUTO));
                int copies = assign(bs, ring, 2, 2, DistinctDescriptors.AUTO).copiesPerBackend();

                List<String> joined = new ArrayList<>(bs);
                joined.add("newcomer" + t);
                var j = assign(joined, ring, 2, 2, DistinctDescriptors.AUTO);
                if (j.copiesPerBackend() == copies) {
                    sum += changed(before, carried(j)) - copies;
                    count++;
                }
                List<String> left = new ArrayList<>(bs);
                left.remove(rnd.nextInt(n));
                var l = assign(left, ring, 2, 2, DistinctDescriptors.AUTO);
                if (l.copiesPerBackend() == copies) {
                    sum += changed(before, carried(l)) - copies;
                    count++;
                }
            }
            byCount.put(n, new double[] {sum / Math.max(1, count)});
            excessSum += sum;
            trials += count;
        }
        StringBuilder report = new StringBuilder("other descriptors changed per join/leave (mean), by backend count:");
        byCount.forEach((n, v) -> report.append(String.format(" %d: %.2f", n, v[0])));
        System.out.println(report);
        double mean = excessSum / trials;
        assertTrue(mean <= 2.5, "a join or leave changes on average at most 2.5 descriptors besides its own: " + report);
    }

    private static int changed(Map<HsDir, Set<String>> a, Map<HsDir, Set<String>> b) {
        Set<HsDir> dirs = new LinkedHashSet<>(a.keySet());
        dirs.addAll(b.keySet());
        int n = 0;
        for (HsDir d : dirs) {
            if (!a.getOrDefault(d, Set.of()).equals(b.getOrDefault(d, Set.of()))) {
                n++;
            }
        }
        return n;
    }
}
