package net.onionbalance.testsupport;

import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.ring.EligibleHsDirs;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.TorNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.TorController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory benchmark's fixture (scripts/bench-memory) serves what it claims: today's network
 * size through the balancer's own control client, live at the current hour, and tor's answer to
 * an md/id key it has no microdescriptor for.
 */
class ReplayControlPortTest {
    @Test
    void servesThePublicSizeNetworkLiveNowThroughTheControlClient(@TempDir Path dir) throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        PublicDocuments docs = PublicDocuments.load(PublicDocuments.FULL_2022, SharedVectors.dir().resolve("netdoc")).validFrom(hour);
        try (ReplayControlPort port = new ReplayControlPort(docs, List.of(), dir.resolve("conversation.txt"));
             TorController tor = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", port.port())))) {
            MicrodescConsensus c = MicrodescConsensus.parse(tor.getInfo("dir/status-vote/current/consensus-microdesc"));
            assertEquals(hour, c.validAfter());
            assertTrue(c.isReasonablyLive(Instant.now()));
            assertEquals(6088, c.routers().size());
            List<RelayFingerprint> asked = new ArrayList<>(EligibleHsDirs.candidates(c));
            RelayFingerprint unknown = new RelayFingerprint("F".repeat(40));
            asked.add(17, unknown);
            Map<RelayFingerprint, String> mds = tor.microdescriptors(asked);
            assertEquals(2493, mds.size(), "every HSDir but the unknown relay");
            NetworkView v = NetworkView.of(c, Microdescriptors.ofRelays(mds), TorNetwork.PUBLIC);
            assertEquals(2493, v.hsDirs().size());
            assertEquals(v.hsDirs(), NetworkView.of(c, Microdescriptors.parse(tor.getInfo("md/all")), TorNetwork.PUBLIC).hsDirs());
        }
    }
}
