package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.HsIndex;
import net.onionbalance.crypto.TimePeriod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The HSDir hash ring for one time period and SRV (rend-spec-v3 §2.2.3 [HASHRING]): the eligible
 * relays sorted by hsdir_index. Built once per consensus and slot; answering for a service then
 * costs two SHA3 hashes and two binary searches per replica count, with no per-service sorting.
 *
 * <p>A ring for the same time period and SRV as an earlier one (the next hour's consensus: the SRV
 * changes once a day, the period once a day) takes the hsdir_index of every relay it shares with
 * that ring, same fingerprint and same ed25519 id, instead of hashing it again: the index depends on
 * nothing else. The 2 x 2493 SHA3 hashes were a third of a consensus's CPU under the launcher's C1.
 *
 * <p>Selection follows tor's hs_get_responsible_hsdirs exactly: for replica 1..n, start at the
 * first relay whose hsdir_index is ≥ hs_index (wrapping to the first when none is), walk forward
 * with wrap-around taking relays not already chosen for an earlier replica until the spread is
 * reached or the walk is back where it started.
 */
public final class HsDirRing {
    private final TimePeriod timePeriod;
    private final byte[] srv;
    private final HsDirParams params;
    /** The hsdir_index of ring position i, as four big-endian words at 4i..4i+3 (unsigned order). */
    private final long[] keys;
    private final HsDir[] order;
    /** The relays the ring was built from, and where each of them is on the ring (for the next ring). */
    private final EligibleHsDirs dirs;
    private final int[] positionOf;
    private final int indexesTaken;

    private HsDirRing(TimePeriod timePeriod, byte[] srv, HsDirParams params, long[] keys, HsDir[] order,
                      EligibleHsDirs dirs, int[] positionOf, int indexesTaken) {
        this.timePeriod = timePeriod;
        this.srv = srv;
        this.params = params;
        this.keys = keys;
        this.order = order;
        this.dirs = dirs;
        this.positionOf = positionOf;
        this.indexesTaken = indexesTaken;
    }

    /** The ring of {@code dirs} for a slot's time period and SRV. */
    public static HsDirRing build(EligibleHsDirs dirs, SlotTiming timing, HsDirParams params) {
        return build(dirs, timing.timePeriod(), timing.srv(), params);
    }

    public static HsDirRing build(EligibleHsDirs dirs, TimePeriod timePeriod, byte[] srv, HsDirParams params) {
        return build(dirs, timePeriod, srv, params, null);
    }

    /**
     * As {@link #build(EligibleHsDirs, SlotTiming, HsDirParams)}, taking the hsdir_index of each relay
     * that {@code earlier} (may be null) holds with the same fingerprint and ed25519 id, when
     * {@code earlier} is for the same time period and SRV; the result is the same ring either way.
     */
    public static HsDirRing build(EligibleHsDirs dirs, SlotTiming timing, HsDirParams params, HsDirRing earlier) {
        return build(dirs, timing.timePeriod(), timing.srv(), params, earlier);
    }

    static HsDirRing build(EligibleHsDirs dirs, TimePeriod timePeriod, byte[] srv, HsDirParams params, HsDirRing earlier) {
        int n = dirs.size();
        boolean reuse = earlier != null && earlier.timePeriod.equals(timePeriod) && Arrays.equals(earlier.srv, srv);
        EligibleHsDirs before = reuse ? earlier.dirs : null;
        int m = reuse ? before.size() : 0;
        int j = 0;
        int taken = 0;
        Entry[] entries = new Entry[n];
        for (int i = 0; i < n; i++) {
            HsDir dir = dirs.dir(i);
            // Both lists are in consensus order, ascending by fingerprint (dir-spec §3.4.1), so one
            // forward walk finds every relay they share; were they not, a miss only costs a hash.
            while (j < m && before.dir(j).fingerprint().compareTo(dir.fingerprint()) < 0) {
                j++;
            }
            if (j < m && before.dir(j).fingerprint().equals(dir.fingerprint())
                    && Arrays.equals(before.ed25519Id(j), dirs.ed25519Id(i))) {
                int k = 4 * earlier.positionOf[j];
                long[] w = earlier.keys;
                entries[i] = new Entry(w[k], w[k + 1], w[k + 2], w[k + 3], dir, i);
                j++;
                taken++;
                continue;
            }
            byte[] idx = HsIndex.hsDirIndex(dirs.ed25519Id(i), srv, timePeriod);
            entries[i] = new Entry(word(idx, 0), word(idx, 8), word(idx, 16), word(idx, 24), dir, i);
        }
        Arrays.sort(entries, Entry.ORDER);
        long[] keys = new long[4 * n];
        HsDir[] order = new HsDir[n];
        int[] positionOf = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries[i];
            keys[4 * i] = e.k0;
            keys[4 * i + 1] = e.k1;
            keys[4 * i + 2] = e.k2;
            keys[4 * i + 3] = e.k3;
            order[i] = e.dir;
            positionOf[e.input] = i;
        }
        return new HsDirRing(timePeriod, srv.clone(), params, keys, order, dirs, positionOf, taken);
    }

    /** The HSDirs responsible for the descriptor with this blinded key, which must be for this ring's period. */
    public ResponsibleHsDirs responsibleFor(Ed25519PublicKey blindedKey) {
        byte[] blindedPublicKey = blindedKey.bytes();
        List<ReplicaHsDirs> replicas = new ArrayList<>(params.nReplicas());
        int n = order.length;
        // The relays chosen for earlier replicas, as ring positions: a few (spread x replicas), so
        // a list to look through rather than a flag per relay of the ring (2 x 2493 per lookup).
        List<Integer> stored = new ArrayList<>(params.nReplicas() * params.spreadStore());
        List<Integer> fetched = new ArrayList<>(params.nReplicas() * params.spreadFetch());
        for (int replica = 1; replica <= params.nReplicas(); replica++) {
            byte[] hsIndex = HsIndex.hsIndex(blindedPublicKey, replica, timePeriod);
            List<HsDir> store = new ArrayList<>(params.spreadStore());
            List<HsDir> fetch = new ArrayList<>(params.spreadFetch());
            if (n > 0) {
                int start = lowerBound(hsIndex);
                if (start == n) {
                    start = 0;
                }
                walk(start, params.spreadStore(), stored, store);
                walk(start, params.spreadFetch(), fetched, fetch);
            }
            replicas.add(new ReplicaHsDirs(replica, hsIndex, store, fetch));
        }
        return new ResponsibleHsDirs(blindedKey, timePeriod, params, replicas);
    }

    private void walk(int start, int spread, List<Integer> taken, List<HsDir> out) {
        int n = order.length;
        int idx = start;
        int added = 0;
        while (added < spread) {
            if (!taken.contains(idx)) {
                taken.add(idx);
                out.add(order[idx]);
                added++;
            }
            if (++idx == n) {
                idx = 0;
            }
            if (idx == start) {
                break;
            }
        }
    }

    /** First ring position whose hsdir_index is ≥ {@code index}, or the ring size when none. */
    private int lowerBound(byte[] index) {
        long a = word(index, 0);
        long b = word(index, 8);
        long c = word(index, 16);
        long d = word(index, 24);
        int lo = 0;
        int hi = order.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareAt(mid, a, b, c, d) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int compareAt(int pos, long a, long b, long c, long d) {
        int base = 4 * pos;
        int r = Long.compareUnsigned(keys[base], a);
        if (r != 0) {
            return r;
        }
        r = Long.compareUnsigned(keys[base + 1], b);
        if (r != 0) {
            return r;
        }
        r = Long.compareUnsigned(keys[base + 2], c);
        return r != 0 ? r : Long.compareUnsigned(keys[base + 3], d);
    }

    private static long word(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    public TimePeriod timePeriod() {
        return timePeriod;
    }

    public byte[] srv() {
        return srv.clone();
    }

    /** How many hsdir_index values this ring took from an earlier ring instead of hashing them. */
    int indexesTaken() {
        return indexesTaken;
    }

    /** Whether this ring was built from {@code value} (no copy, unlike {@link #srv()}). */
    boolean hasSrv(byte[] value) {
        return Arrays.equals(srv, value);
    }

    public HsDirParams params() {
        return params;
    }

    public int size() {
        return order.length;
    }

    /** The relays in ring order (ascending hsdir_index). */
    public List<HsDir> relaysInRingOrder() {
        return List.of(order);
    }

    /** The hsdir_index of ring position {@code position}, in hex (for diagnostics). */
    public String hsDirIndexHex(int position) {
        byte[] b = new byte[32];
        for (int w = 0; w < 4; w++) {
            long v = keys[4 * position + w];
            for (int i = 0; i < 8; i++) {
                b[8 * w + i] = (byte) (v >>> (56 - 8 * i));
            }
        }
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "HSDir ring of " + order.length + " relays for " + timePeriod;
    }

    private record Entry(long k0, long k1, long k2, long k3, HsDir dir, int input) {
        static final Comparator<Entry> ORDER = (x, y) -> {
            int r = Long.compareUnsigned(x.k0, y.k0);
            if (r == 0) {
                r = Long.compareUnsigned(x.k1, y.k1);
            }
            if (r == 0) {
                r = Long.compareUnsigned(x.k2, y.k2);
            }
            if (r == 0) {
                r = Long.compareUnsigned(x.k3, y.k3);
            }
            // Equal indexes mean equal ed25519 ids; order them by fingerprint to stay deterministic.
            return r != 0 ? r : x.dir.fingerprint().compareTo(y.dir.fingerprint());
        };
    }
}
