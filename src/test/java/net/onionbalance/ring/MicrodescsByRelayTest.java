package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.RelayFlag;
import net.onionbalance.doc.consensus.RouterStatus;
import net.onionbalance.testsupport.MicrodescAnswers;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring from {@code GETINFO md/id/<fp>} answers for the HSDir candidates (what the engine asks
 * tor for) against the ring from every microdescriptor joined by digest (md/all, the files): the
 * same relays, the same ed25519 ids, the same responsible HSDirs.
 */
class MicrodescsByRelayTest {
    private static final String CONSENSUS = "netdoc/real_2017-03-10_cached-microdesc-consensus.txt";
    private static final String MICRODESCS = "netdoc/real_2017-03-10_microdescs.txt";

    private static List<OnionAddress> services(int n) throws Exception {
        List<OnionAddress> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] seed = MessageDigest.getInstance("SHA-256").digest(("service " + i).getBytes(StandardCharsets.US_ASCII));
            out.add(OnionAddress.of(Ed25519ExpandedSecretKey.fromSeed(seed).publicKey()));
        }
        return out;
    }

    @Test
    void real2017ByRelayGivesTheSameIdsAndTheSameResponsibleHsDirsAsMdAll() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes(CONSENSUS));
        String all = SharedVectors.read(MICRODESCS);
        Microdescriptors byDigest = Microdescriptors.parse(all);
        // Every HSDir-flagged relay, not only the 11 candidates of 2017: more ids compared.
        List<RelayFingerprint> hsDirs = c.routers().stream().filter(r -> r.hasFlag(RelayFlag.HSDIR))
                .map(RouterStatus::fingerprint).toList();
        Microdescriptors byRelay = Microdescriptors.ofRelays(MicrodescAnswers.forRelays(c, all, hsDirs));
        assertTrue(byRelay.byRelay());
        assertEquals(3582, byRelay.parsedCount());
        assertEquals(2595, byRelay.withEd25519IdCount(), "PROVENANCE.md: 2595 of the 3582 HSDirs have an ed25519 id");
        for (RouterStatus r : c.routers()) {
            if (r.hasFlag(RelayFlag.HSDIR)) {
                assertEquals(byDigest.ed25519Id(r), byRelay.ed25519Id(r), r.nickname());
            }
        }
        List<RelayFingerprint> candidates = EligibleHsDirs.candidates(c);
        assertEquals(11, candidates.size(), "HSDir flag, HSDir=2 and an m line");
        NetworkView a = NetworkView.of(c, byDigest, TorNetwork.PUBLIC);
        NetworkView b = NetworkView.of(c, Microdescriptors.ofRelays(MicrodescAnswers.forRelays(c, all, candidates)),
                TorNetwork.PUBLIC);
        assertEquals(a.hsDirs(), b.hsDirs());
        assertEquals(11, b.hsDirs().size());
        for (OnionAddress s : services(20)) {
            for (DescriptorSlot slot : DescriptorSlot.values()) {
                assertEquals(a.responsibleHsDirs(slot, s), b.responsibleHsDirs(slot, s));
            }
        }
    }

    @Test
    void aRelayTorHasNoMicrodescriptorForIsLeftOffTheRing() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes(CONSENSUS));
        String all = SharedVectors.read(MICRODESCS);
        List<RelayFingerprint> candidates = EligibleHsDirs.candidates(c);
        Map<RelayFingerprint, String> answers = new LinkedHashMap<>(MicrodescAnswers.forRelays(c, all, candidates));
        RelayFingerprint gone = candidates.get(4);
        answers.remove(gone);
        NetworkView v = NetworkView.of(c, Microdescriptors.ofRelays(answers), TorNetwork.PUBLIC);
        assertEquals(10, v.hsDirs().size());
        assertEquals(1, v.hsDirs().withoutEd25519Id());
        assertTrue(v.hsDirs().relays().stream().noneMatch(d -> d.fingerprint().equals(gone)));
        for (OnionAddress s : services(5)) {
            assertTrue(v.responsibleHsDirs(DescriptorSlot.FIRST, s).storeSet().stream().noneMatch(d -> d.fingerprint().equals(gone)));
        }
    }

    @Test
    void anAnswerThatIsNotOneMicrodescriptorNamesTheRelay() {
        RelayFingerprint fp = new RelayFingerprint("14A2A6B29E6C7A9A8B3D6A0C3B0E6F6D7A8B9C0D");
        NetDocException junk = assertThrows(NetDocException.class, () -> Microdescriptors.ofRelays(Map.of(fp, "hello\n")));
        assertTrue(junk.getMessage().contains(fp.hex()), junk.getMessage());
        NetDocException two = assertThrows(NetDocException.class,
                () -> Microdescriptors.ofRelays(Map.of(fp, "onion-key\nntor-onion-key x\nonion-key\n")));
        assertTrue(two.getMessage().contains("expected one microdescriptor, got 2"), two.getMessage());
    }
}
