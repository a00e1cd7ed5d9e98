package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.ring.TorUploadOracle.DescriptorUpload;
import net.onionbalance.ring.TorUploadOracle.Observation;
import net.onionbalance.ring.TorUploadOracle.Upload;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.HsDescAction;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent;
import net.onionbalance.tor.TorEvent.HsDescEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle for the HSDir ring: on the private network, tor itself decides where descriptors go
 * and where clients look, and says so in HS_DESC events. Our ring, built from the same tor's
 * consensus and microdescriptors, must name the same relays in the same order, at the same
 * hsdir_index.
 *
 * <p>What each check can catch on this network of 8 HSDirs: 2 replicas × 4 store the descriptor on
 * every HSDir, so the upload <em>set</em> alone proves little; the upload <em>order</em> (replica 1's
 * four from its hs_index, then replica 2's) and tor's HSDIR_INDEX values pin down the blinded key,
 * time period, SRV and both indexes per slot. Fetching uses 3 per replica, 6 of the 8: a real
 * selection. A young network has no SRV in its consensus yet, so these runs check the disaster
 * SRV; {@link HsDirOracleSrvTest} (opt-in, ~18 min) repeats them with consensus SRVs.
 */
class HsDirOracleTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.shared(2);

    /** hs_common.h REND_HID_SERV_DIR_REQUERY_PERIOD_TESTING: how long tor avoids an HSDir it just asked. */
    private static final Duration REQUERY_PERIOD_TESTING = Duration.ofSeconds(5);

    /**
     * rend-spec-v3 §2.2.3: each backend uploads its first descriptor (tor's desc_current) to the
     * first slot's ring and its second (desc_next) to the second slot's, at the HSDirs
     * hs_get_responsible_hsdirs lists, replica 1's first.
     */
    @Test
    void eachBackendUploadsBothDescriptorsToExactlyTheHsDirsWeCompute() throws Exception {
        for (TestNetwork.Backend b : NET.backends()) {
            assertUploadsMatch(TorUploadOracle.observe(NET, b.index()));
        }
    }

    /** Both descriptors tor uploaded went to our store lists, in order, at our hsdir_index. */
    static void assertUploadsMatch(Observation o) {
        TestNetwork.Backend b = o.backend();
        NetworkView view = o.view();
        OnionAddress address = OnionAddress.parse(b.address());
        assertEquals(2, o.uploads().size(), "backend" + b.index() + " should upload two descriptors: " + o.events());
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            Ed25519PublicKey blinded = view.blindedKey(slot, address);
            DescriptorUpload tor = o.uploadOf(blinded);
            ResponsibleHsDirs ours = view.responsibleHsDirs(slot, blinded);
            String where = "backend" + b.index() + " " + slot.label() + " descriptor (" + view.slots().get(slot) + ")";

            assertEquals(ours.uploadTargets(), tor.hsDirs(), where + ": HSDirs in upload order");
            for (Upload u : tor.uploads()) {
                assertEquals(TorUploadOracle.hsDirIndexHex(view, slot, u.hsDir()), u.hsDirIndexHex().toUpperCase(),
                        where + ": hsdir_index of " + u.hsDir());
            }
            List<String> nicknames = ours.storeSet().stream().map(HsDir::nickname).toList();
            assertEquals(nicknames, tor.uploads().stream().map(Upload::nickname).toList(), where + ": nicknames");
            System.err.printf("[oracle] backend%d %s: tor uploaded to %d HSDirs %s; ours match in order and "
                            + "hsdir_index (ring of %d; %s; %s; restart + uploads in %d ms)%n", b.index(), slot.label(),
                    tor.uploads().size(), nicknames, view.ring(slot).size(), view.slots().get(slot),
                    view.slots().betweenNewTimePeriodAndNewSrv() ? "between new TP and new SRV" : "after new SRV",
                    o.restartTook().toMillis());
        }
    }

    /**
     * rend-spec-v3 §2.2.3 [CLIENTFETCH], tor's hs_pick_hsdir: a client asks a random HSDir among
     * the first hsdir_spread_fetch of each replica on the ring of the current time period, never
     * the same one twice within the requery period (5 s on a test network). So HSFETCH repeated
     * until tor has no HSDir left names every fetch HSDir exactly once: the set must equal ours.
     */
    @Test
    void theBalancerTorFetchesFromExactlyOurFetchHsDirs() throws Exception {
        for (TestNetwork.Backend b : NET.backends()) {
            assertFetchesMatch(NET, b);
        }
    }

    /** HSFETCH of {@code b} on the balancer's tor, until tor has no HSDir left, asks exactly our fetch set. */
    static void assertFetchesMatch(TestNetwork net, TestNetwork.Backend b) throws Exception {
        try (TorController tor = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(net.host(), net.controlPort())))) {
            BlockingQueue<TorEvent> events = new LinkedBlockingQueue<>();
            tor.addListener(events::add);
            tor.setEvents(Set.of(EventType.HS_DESC));
            FetchRound round = null;
            for (int attempt = 1; attempt <= 3 && round == null; attempt++) {
                // Every HSDir asked before must be out of the requery period again. (SIGNAL NEWNYM would
                // forget them, but tor ignores it without a SocksPort, as on the balancer's tor.)
                Thread.sleep(REQUERY_PERIOD_TESTING.plusSeconds(1).toMillis());
                NetworkView before = TorUploadOracle.view(tor);
                FetchRound r = fetchUntilNoHsDirLeft(tor, events, b.address(), 12);
                NetworkView after = TorUploadOracle.view(tor);
                if (sameRings(before, after)) {
                    round = new FetchRound(r.requests(), r.exhausted(), after);
                }
            }
            assertTrue(round != null, "the balancer tor's HSDir ring changed during every fetch round");
            NetworkView view = round.view();
            DescriptorSlot slot = TorUploadOracle.fetchSlot(view);
            Ed25519PublicKey blinded = view.blindedKey(slot, OnionAddress.parse(b.address()));
            ResponsibleHsDirs ours = view.responsibleHsDirs(slot, blinded);
            String where = "backend" + b.index() + " fetch (" + view.slots().get(slot) + ")";

            assertTrue(round.exhausted(), where + ": tor kept finding HSDirs after " + round.requests().size()
                    + " requests: " + round.requests());
            Set<RelayFingerprint> asked = new LinkedHashSet<>();
            for (HsDescEvent e : round.requests()) {
                assertEquals(blinded.base64(), e.descriptorId().orElse(""), where + ": descriptor id of " + e);
                RelayFingerprint fp = e.hsDir().orElseThrow();
                assertTrue(asked.add(fp), where + ": tor asked " + fp + " twice within its requery period");
                assertEquals(TorUploadOracle.hsDirIndexHex(view, slot, fp), e.hsDirIndex().orElse("").toUpperCase(),
                        where + ": fetch hsdir_index of " + fp);
            }
            Set<RelayFingerprint> expected = new HashSet<>(ours.fetchSet().stream().map(HsDir::fingerprint).toList());
            assertEquals(expected, asked, where + ": the HSDirs tor asked");
            System.err.printf("[oracle] backend%d fetch: tor asked %d distinct HSDirs, then had none left; our fetch "
                    + "set (%d of %d on the ring) is the same set (%s)%n", b.index(), asked.size(), expected.size(),
                    view.ring(slot).size(), view.slots().get(slot));
        }
    }

    private record FetchRound(List<HsDescEvent> requests, boolean exhausted, NetworkView view) {
    }

    private static boolean sameRings(NetworkView a, NetworkView b) {
        return a.slots().first().equals(b.slots().first()) && a.slots().second().equals(b.slots().second())
                && a.slots().currentTimePeriod().equals(b.slots().currentTimePeriod())
                && a.hsDirs().equals(b.hsDirs()) && a.params().equals(b.params());
    }

    /** HSFETCH, one at a time, until tor launches no request (no HSDir left) or {@code max} requests. */
    private static FetchRound fetchUntilNoHsDirLeft(TorController tor, BlockingQueue<TorEvent> events, String address,
                                                    int max) throws Exception {
        List<HsDescEvent> requests = new ArrayList<>();
        events.clear();
        for (int i = 0; i < max; i++) {
            tor.hsFetch(OnionAddress.parse(address), List.of());
            HsDescEvent req = nextRequested(events, address, Duration.ofSeconds(2));
            if (req == null) {
                return new FetchRound(requests, true, null);
            }
            requests.add(req);
        }
        return new FetchRound(requests, false, null);
    }

    private static HsDescEvent nextRequested(BlockingQueue<TorEvent> events, String address, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            TorEvent e = left <= 0 ? null : events.poll(left, TimeUnit.MILLISECONDS);
            if (e == null) {
                return null;
            }
            if (e instanceof HsDescEvent h && h.action() == HsDescAction.REQUESTED && h.address().equals(address)) {
                return h;
            }
        }
    }
}
