package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.testsupport.MicrodescAnswers;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Relays that publish without the TAP key (proposal 350; tor 0.4.9.1-alpha parses such
 * microdescriptors): dir-spec "Computing microdescriptors" keeps the {@code onion-key} line, which
 * starts a microdescriptor, and makes its key object optional. The real 2017 network (7,326
 * microdescriptors, 4,975 with an ed25519 id) is rewritten as such relays would publish it: every
 * microdescriptor's RSA key object removed, every consensus {@code m} line naming the SHA-256 of
 * the new text. The ring must come out the same through every path the engine uses: the full and
 * the ring-only consensus parse, md/all joined by digest, md/id answers joined by relay.
 */
class NoTapKeyMicrodescsTest {
    private static final Pattern TAP_KEY = Pattern.compile("onion-key\n-----BEGIN RSA PUBLIC KEY-----\n[A-Za-z0-9+/=\n]*-----END RSA PUBLIC KEY-----\n");
    private static final Pattern M_LINE = Pattern.compile("(?m)^m ([A-Za-z0-9+/]{43})$");

    private static String consensus;
    private static String microdescs;
    private static String noTapConsensus;
    private static String noTapMicrodescs;

    @BeforeAll
    static void rewrite() throws Exception {
        consensus = SharedVectors.read("netdoc/real_2017-03-10_cached-microdesc-consensus.txt");
        microdescs = SharedVectors.read("netdoc/real_2017-03-10_microdescs.txt");
        Map<String, String> newDigest = new HashMap<>();
        StringBuilder mds = new StringBuilder();
        for (Map.Entry<String, String> e : MicrodescAnswers.byDigest(microdescs).entrySet()) {
            Matcher k = TAP_KEY.matcher(e.getValue());
            assertTrue(k.lookingAt(), "every 2017 microdescriptor starts with its TAP key");
            String without = "onion-key\n" + e.getValue().substring(k.end());
            newDigest.put(e.getKey(), sha256(without));
            mds.append(without);
        }
        noTapMicrodescs = mds.toString();
        Matcher m = M_LINE.matcher(consensus);
        StringBuilder c = new StringBuilder();
        int replaced = 0;
        while (m.find()) {
            String to = newDigest.get(m.group(1));
            m.appendReplacement(c, "m " + (to == null ? m.group(1) : to));
            replaced += to == null ? 0 : 1;
        }
        m.appendTail(c);
        noTapConsensus = c.toString();
        assertEquals(7326, replaced, "every router's m line now names its key-less microdescriptor");
        assertTrue(noTapMicrodescs.startsWith("onion-key\nntor-onion-key "), noTapMicrodescs.substring(0, 40));
    }

    private static String sha256(String text) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().withoutPadding().encodeToString(d);
    }

    private static List<OnionAddress> services(int n) {
        SecureRandom rng = new SecureRandom(new byte[] {7});
        List<OnionAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(OnionAddress.of(Ed25519ExpandedSecretKey.generate(rng).publicKey()));
        }
        return out;
    }

    @Test
    void keyLessMicrodescriptorsJoinByTheirOwnDigest() throws Exception {
        Microdescriptors mds = Microdescriptors.parse(noTapMicrodescs);
        assertEquals(7326, mds.parsedCount());
        assertEquals(4975, mds.withEd25519IdCount());
        MicrodescConsensus c = MicrodescConsensus.parse(noTapConsensus);
        long joined = c.routers().stream().filter(r -> mds.ed25519Id(r).isPresent()).count();
        assertEquals(4975, joined);
        // The old digests no longer join: the digest covers the onion-key line and whatever follows it.
        Microdescriptors old = Microdescriptors.parse(microdescs);
        assertEquals(0, c.routers().stream().filter(r -> old.ed25519Id(r).isPresent()).count());
    }

    @Test
    void theRingIsTheSameThroughEveryPath() throws Exception {
        NetworkView before = NetworkView.of(MicrodescConsensus.parse(consensus), Microdescriptors.parse(microdescs),
                TorNetwork.PUBLIC);
        MicrodescConsensus full = MicrodescConsensus.parse(noTapConsensus);
        MicrodescConsensus forRing = MicrodescConsensus.parseForRing(noTapConsensus);
        List<RelayFingerprint> candidates = EligibleHsDirs.candidates(forRing);
        Microdescriptors byRelay = Microdescriptors.ofRelays(MicrodescAnswers.forRelays(forRing, noTapMicrodescs, candidates));
        assertTrue(byRelay.byRelay());
        List<NetworkView> after = List.of(
                NetworkView.of(full, Microdescriptors.parse(noTapMicrodescs), TorNetwork.PUBLIC),
                NetworkView.of(forRing, Microdescriptors.parse(noTapMicrodescs), TorNetwork.PUBLIC),
                NetworkView.of(forRing, byRelay, TorNetwork.PUBLIC));
        assertEquals(11, before.hsDirs().size(), "the 2017 v3 ring (HSDir=2 relays then, as MicrodescsByRelayTest counts)");
        for (NetworkView v : after) {
            assertEquals(before.hsDirs(), v.hsDirs());
            for (OnionAddress s : services(10)) {
                for (DescriptorSlot slot : DescriptorSlot.values()) {
                    assertEquals(before.responsibleHsDirs(slot, s), v.responsibleHsDirs(slot, s));
                }
            }
        }
    }

    @Test
    void anMdIdAnswerWithoutTheKeyObjectAndWithoutAFinalNewlineStillGivesTheId() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parseForRing(noTapConsensus);
        Map<RelayFingerprint, String> answers = MicrodescAnswers.forRelays(c, noTapMicrodescs, EligibleHsDirs.candidates(c));
        Map.Entry<RelayFingerprint, String> one = answers.entrySet().iterator().next();
        String text = one.getValue();
        assertTrue(text.startsWith("onion-key\nntor-onion-key "), text);
        Microdescriptors mds = Microdescriptors.ofRelays(Map.of(one.getKey(), text.substring(0, text.length() - 1)));
        assertEquals(1, mds.withEd25519IdCount());
    }

    /**
     * dir-spec: "while the key is optional, the onion-key element itself is not. It is used to denote
     * the start of a microdescriptor." Text without it is not a microdescriptor (tor could not
     * have cut it out of its cache either): refused, naming the relay.
     */
    @Test
    void anAnswerWithoutTheOnionKeyLineIsRefusedNamingTheRelay() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parseForRing(noTapConsensus);
        Map<RelayFingerprint, String> answers = MicrodescAnswers.forRelays(c, noTapMicrodescs, EligibleHsDirs.candidates(c));
        Map.Entry<RelayFingerprint, String> one = answers.entrySet().iterator().next();
        String headless = one.getValue().substring("onion-key\n".length());
        NetDocException e = assertThrows(NetDocException.class, () -> Microdescriptors.ofRelays(Map.of(one.getKey(), headless)));
        assertTrue(e.getMessage().contains(one.getKey().hex()), e.getMessage());
        assertTrue(e.getMessage().contains("text before the first \"onion-key\" line"), e.getMessage());
        assertNotEquals(noTapConsensus, consensus);
    }
}
