package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.HsIndex;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.SyntheticNetwork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HsDirRingTest {
    private static NetworkView view(SyntheticNetwork net) throws Exception {
        return NetworkView.of(MicrodescConsensus.parse(net.consensus()), Microdescriptors.parse(net.microdescs()),
                TorNetwork.PUBLIC);
    }

    private static SyntheticNetwork network(int hsDirs) {
        SyntheticNetwork net = new SyntheticNetwork().validAfter(Instant.parse("2024-05-01T10:00:00Z"));
        for (int i = 1; i <= hsDirs; i++) {
            net.hsDir(i);
        }
        return net;
    }

    private static Ed25519PublicKey key(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        return Ed25519PublicKey.of(b);
    }

    /**
     * A second, deliberately plain reading of rend-spec-v3 §2.2.3: hex strings in a TreeMap,
     * ceiling lookup, wrap-around walk, skip relays taken by an earlier replica.
     */
    private static List<List<String>> reference(int relays, SlotTiming timing, Ed25519PublicKey blinded,
                                                int replicas, int spread) {
        TreeMap<String, String> ring = new TreeMap<>();
        HexFormat hex = HexFormat.of();
        for (int i = 1; i <= relays; i++) {
            ring.put(hex.formatHex(HsIndex.hsDirIndex(SyntheticNetwork.ed25519Id(i), timing.srv(), timing.timePeriod())),
                    RelayFingerprint.of(SyntheticNetwork.identity(i)).hex());
        }
        List<String> keys = new ArrayList<>(ring.keySet());
        Set<String> taken = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        for (int r = 1; r <= replicas; r++) {
            String target = hex.formatHex(HsIndex.hsIndex(blinded, r, timing.timePeriod()));
            String first = ring.ceilingKey(target);
            int start = first == null ? 0 : keys.indexOf(first);
            List<String> chosen = new ArrayList<>();
            for (int step = 0; step < keys.size() && chosen.size() < spread; step++) {
                String fp = ring.get(keys.get((start + step) % keys.size()));
                if (taken.add(fp)) {
                    chosen.add(fp);
                }
            }
            out.add(chosen);
        }
        return out;
    }

    private static List<List<String>> store(ResponsibleHsDirs r) {
        return r.replicas().stream().map(x -> x.store().stream().map(d -> d.fingerprint().hex()).toList()).toList();
    }

    private static List<List<String>> fetch(ResponsibleHsDirs r) {
        return r.replicas().stream().map(x -> x.fetch().stream().map(d -> d.fingerprint().hex()).toList()).toList();
    }

    @Test
    void agreesWithAPlainReadingOfTheSpecForManyServices() throws Exception {
        NetworkView v = view(network(40));
        assertEquals(40, v.hsDirs().size());
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            for (int s = 0; s < 200; s++) {
                ResponsibleHsDirs got = v.responsibleHsDirs(slot, key(s));
                assertEquals(reference(40, v.slots().get(slot), key(s), 2, 4), store(got), "store " + slot + " " + s);
                assertEquals(reference(40, v.slots().get(slot), key(s), 2, 3), fetch(got), "fetch " + slot + " " + s);
                assertEquals(8, got.storeSet().size());
                assertEquals(8, new HashSet<>(got.uploadTargets()).size(), "no relay twice");
                assertTrue(got.isComplete());
                assertEquals(v.slots().get(slot).timePeriod(), got.timePeriod());
            }
        }
    }

    @Test
    void wrapsAroundTheEndOfTheRing() throws Exception {
        NetworkView v = view(network(6));
        HsDirRing ring = v.ring(DescriptorSlot.SECOND);
        String last = ring.hsDirIndexHex(ring.size() - 1);
        int found = 0;
        for (int s = 0; s < 2000 && found < 3; s++) {
            String target = HexFormat.of().formatHex(HsIndex.hsIndex(key(s), 1, ring.timePeriod()));
            if (target.compareTo(last) > 0) {
                found++;
                ResponsibleHsDirs r = ring.responsibleFor(key(s));
                // Past the last relay: replica 1 starts again at the first.
                assertEquals(ring.relaysInRingOrder().subList(0, 4), r.replicas().get(0).store());
            }
        }
        assertTrue(found > 0, "no key hashed past the last relay");
    }

    @Test
    void aRingSmallerThanTheSpreadGivesEveryRelayOnceAndSaysIncomplete() throws Exception {
        NetworkView v = view(network(5));
        ResponsibleHsDirs r = v.responsibleHsDirs(DescriptorSlot.FIRST, key(7));
        assertEquals(4, r.replicas().get(0).store().size());
        assertEquals(1, r.replicas().get(1).store().size(), "replica 2 skips the four already chosen");
        assertEquals(Set.copyOf(v.hsDirs().relays()), Set.copyOf(r.storeSet()));
        assertFalse(r.isComplete());
    }

    @Test
    void consensusParamsAreHonoured() throws Exception {
        NetworkView v = view(network(30).params("hsdir_n_replicas=3 hsdir_spread_store=2 hsdir_spread_fetch=1"));
        ResponsibleHsDirs r = v.responsibleHsDirs(DescriptorSlot.SECOND, key(3));
        assertEquals(3, r.replicas().size());
        assertEquals(List.of(2, 2, 2), r.replicas().stream().map(x -> x.store().size()).toList());
        assertEquals(List.of(1, 1, 1), r.replicas().stream().map(x -> x.fetch().size()).toList());
        assertEquals(reference(30, v.slots().second(), key(3), 3, 2), store(r));
    }

    @Test
    void onlyEligibleRelaysJoinTheRing() throws Exception {
        SyntheticNetwork net = network(3)
                .relay(10, "Fast Running Valid", "Tor 0.4.8.1", "HSDir=1-2", true)    // no HSDir flag
                .relay(11, "HSDir Running Valid", "Tor 0.4.8.1", "HSDir=1", true)     // no HSDir=2
                .relay(12, "HSDir Running Valid", "Tor 0.4.8.1", "HSDir=1-2", false)  // no ed25519 id
                .relay(13, "HSDir Running Valid", "Tor 0.3.0.5", "HSDir=1-2", true);  // tor bug #22447
        NetworkView v = view(net);
        assertEquals(3, v.hsDirs().size());
        assertEquals(6, v.hsDirs().withHsDirFlag());
        assertEquals(2, v.hsDirs().withoutHsDirV3());
        assertEquals(1, v.hsDirs().withoutEd25519Id());
        Set<String> names = new HashSet<>();
        v.hsDirs().relays().forEach(d -> names.add(d.nickname()));
        assertEquals(Set.of("relay1", "relay2", "relay3"), names);
    }

    @Test
    void changingTheSrvMovesTheRing() throws Exception {
        NetworkView a = view(network(30));
        NetworkView b = view(network(30).srvs(SyntheticNetwork.filled(0x33), SyntheticNetwork.filled(0x22)));
        // FIRST uses the previous SRV (unchanged), SECOND the current one (changed).
        assertEquals(a.ring(DescriptorSlot.FIRST).relaysInRingOrder(), b.ring(DescriptorSlot.FIRST).relaysInRingOrder());
        assertFalse(a.ring(DescriptorSlot.SECOND).relaysInRingOrder().equals(b.ring(DescriptorSlot.SECOND).relaysInRingOrder()));
    }

    @Test
    void real2017NetworkEligibility() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(net.onionbalance.testsupport.SharedVectors.readBytes(
                "netdoc/real_2017-03-10_cached-microdesc-consensus.txt"));
        Microdescriptors mds = Microdescriptors.parse(net.onionbalance.testsupport.SharedVectors.readBytes(
                "netdoc/real_2017-03-10_microdescs.txt"));
        EligibleHsDirs e = EligibleHsDirs.of(c, mds);
        // PROVENANCE.md: 3582 HSDirs, 94 with an ed25519 id advertise HSDir=2. An independent script
        // applying tor's rules finds 83 of those run a tor older than 0.3.0.8 (bug #22447), leaving 11.
        assertEquals(3582, e.withHsDirFlag());
        assertEquals(11, e.size());
        NetworkView v = NetworkView.of(c, mds, TorNetwork.PUBLIC);
        ResponsibleHsDirs r = v.responsibleHsDirs(DescriptorSlot.FIRST, key(1));
        assertEquals(8, r.storeSet().size());
    }

    @Test
    void emptyRingGivesEmptyLists() throws Exception {
        NetworkView v = view(new SyntheticNetwork().relay(1, "Running Valid", "Tor 0.4.8.1", "HSDir=2", true));
        ResponsibleHsDirs r = v.responsibleHsDirs(DescriptorSlot.FIRST, key(1));
        assertTrue(r.storeSet().isEmpty());
        assertFalse(r.isComplete());
    }

    @Test
    void fetchPositionsAreReported() throws Exception {
        NetworkView v = view(network(20));
        ReplicaHsDirs r1 = v.responsibleHsDirs(DescriptorSlot.FIRST, key(9)).replicas().get(0);
        assertEquals(r1.store().subList(0, 3), r1.fetch(), "replica 1: fetch is the first three of store");
        assertEquals(1, r1.fetchPosition(r1.store().get(0)));
        assertEquals(0, r1.fetchPosition(r1.store().get(3)));
    }

    /**
     * The next hour's consensus (same time period, same SRVs): two relays left, five joined, and
     * relay 7 came back with another ed25519 id. Its rings take the indexes of the 37 relays the
     * two share unchanged and are the rings built from scratch, position by position; a slot whose
     * SRV changed takes none.
     */
    @Test
    void aRingAnHourLaterTakesTheIndexesOfTheRelaysItSharesAndIsTheSameRing() throws Exception {
        NetworkView earlier = view(network(40));
        SyntheticNetwork next = new SyntheticNetwork().validAfter(Instant.parse("2024-05-01T11:00:00Z"));
        for (int i = 3; i <= 45; i++) {
            if (i == 7) {
                next.hsDirWithEd25519Id(7, SyntheticNetwork.ed25519Id(1007));
            } else {
                next.hsDir(i);
            }
        }
        MicrodescConsensus c = MicrodescConsensus.parse(next.consensus());
        Microdescriptors mds = Microdescriptors.parse(next.microdescs());
        NetworkView later = NetworkView.of(c, mds, TorNetwork.PUBLIC, earlier);
        NetworkView fresh = NetworkView.of(c, mds, TorNetwork.PUBLIC);
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            assertEquals(earlier.slots().get(slot).timePeriod(), later.slots().get(slot).timePeriod());
            HsDirRing got = later.ring(slot);
            HsDirRing want = fresh.ring(slot);
            assertEquals(want.relaysInRingOrder(), got.relaysInRingOrder(), slot.toString());
            for (int p = 0; p < want.size(); p++) {
                assertEquals(want.hsDirIndexHex(p), got.hsDirIndexHex(p), slot + " position " + p);
            }
            assertEquals(37, got.indexesTaken(), slot.toString());
            assertEquals(0, want.indexesTaken());
        }

        // The second slot follows the current SRV: a new one moves its ring, so nothing is taken there.
        next.srvs(SyntheticNetwork.filled(0x44), SyntheticNetwork.filled(0x22));
        NetworkView newSrv = NetworkView.of(MicrodescConsensus.parse(next.consensus()), mds, TorNetwork.PUBLIC, earlier);
        assertEquals(37, newSrv.ring(DescriptorSlot.FIRST).indexesTaken());
        assertEquals(0, newSrv.ring(DescriptorSlot.SECOND).indexesTaken());
        assertFalse(newSrv.ring(DescriptorSlot.SECOND).relaysInRingOrder().equals(later.ring(DescriptorSlot.SECOND).relaysInRingOrder()));
    }
}
