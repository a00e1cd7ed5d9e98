package net.onionbalance.doc.consensus;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicrodescConsensusTest {
    @Test
    void artiLiveConsensusHeaderAndRouters() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes("netdoc/arti_live_consensus_microdesc.txt"));
        assertEquals(Instant.parse("2026-07-27T10:00:00Z"), c.validAfter());
        assertEquals(Instant.parse("2026-07-27T11:00:00Z"), c.freshUntil());
        assertEquals(Instant.parse("2026-07-27T13:00:00Z"), c.validUntil());
        assertEquals(Duration.ofHours(1), c.votingInterval());
        assertEquals("zwbAmnMGie00x5rmWGk+lP2rTXK2n0OmkF/1Ih4LcAI=", c.sharedRandCurrent().orElseThrow().base64());
        assertEquals(9, c.sharedRandCurrent().orElseThrow().numReveals());
        assertEquals("B7WEEFCA6Jb1/tqV05207vqC/eJUlBPr7QemYm5FCCU=", c.sharedRandPrevious().orElseThrow().base64());
        assertEquals(4, c.params().asMap().get("hsdir_spread_store"));
        assertEquals(2, c.params().hsdirNReplicas(), "absent: tor's default");
        assertEquals(5, c.routers().size());
        assertEquals(2, c.routers().stream().filter(r -> r.hasFlag(RelayFlag.HSDIR)).count());

        RouterStatus lisdex = c.routers().stream().filter(r -> r.nickname().equals("lisdex")).findFirst().orElseThrow();
        assertEquals(RelayFingerprint.fromBase64Identity("AAAErLudKby6FyVrs1ko3b/Iq6k"), lisdex.fingerprint());
        assertEquals("vtKpzB+Vw6LlETW6txvAH+1G6gJIl6x1D/N3NZdPK24", lisdex.microdescDigest().orElseThrow().base64());
        assertEquals(Set.of(RelayFlag.FAST, RelayFlag.GUARD, RelayFlag.RUNNING, RelayFlag.STABLE, RelayFlag.V2DIR, RelayFlag.VALID),
                lisdex.flags());
        assertTrue(lisdex.supportsHsDirV3());
    }

    @Test
    void real2017ConsensusCountsMatchProvenance() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes("netdoc/real_2017-03-10_cached-microdesc-consensus.txt"));
        assertEquals(Instant.parse("2017-03-10T10:00:00Z"), c.validAfter());
        // PROVENANCE.md: 7326 routers, 3582 HSDir.
        assertEquals(7326, c.routers().size());
        assertEquals(3582, c.routers().stream().filter(r -> r.hasFlag(RelayFlag.HSDIR)).count());
        assertEquals(8, c.sharedRandCurrent().orElseThrow().numReveals());
        assertTrue(c.routers().stream().allMatch(r -> r.microdescDigest().isPresent()));
    }

    @Test
    void real2022ConsensusCountsMatchProvenance() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes("netdoc/real_2022-11-19_cached-microdesc-consensus.txt"));
        // PROVENANCE.md: 6088 routers, 2493 HSDir.
        assertEquals(6088, c.routers().size());
        assertEquals(2493, c.routers().stream().filter(r -> r.hasFlag(RelayFlag.HSDIR)).count());
    }

    @Test
    void parsedForTheRingItKeepsTheHsDirEntriesAloneAndStillChecksEveryLine() throws Exception {
        byte[] text = SharedVectors.readBytes("netdoc/real_2022-11-19_cached-microdesc-consensus.txt");
        MicrodescConsensus all = MicrodescConsensus.parse(text);
        MicrodescConsensus ring = MicrodescConsensus.parseForRing(text);
        List<RouterStatus> hsDirs = all.routers().stream().filter(r -> r.hasFlag(RelayFlag.HSDIR)).toList();
        assertEquals(2493, ring.routers().size());
        assertEquals(6088, ring.routerCount());
        assertEquals(6088, all.routerCount());
        for (int i = 0; i < hsDirs.size(); i++) {
            RouterStatus a = hsDirs.get(i);
            RouterStatus b = ring.routers().get(i);
            assertEquals(a.nickname(), b.nickname());
            assertEquals(a.fingerprint(), b.fingerprint());
            assertEquals(a.flags(), b.flags());
            assertEquals(a.microdescDigest(), b.microdescDigest());
            assertEquals(a.supportsHsDirV3(), b.supportsHsDirV3());
        }
        assertEquals(all.validAfter(), ring.validAfter());
        assertEquals(all.sharedRandCurrent(), ring.sharedRandCurrent());

        // A broken entry of a relay that is no HSDir is refused all the same.
        RouterStatus plain = all.routers().stream().filter(r -> !r.hasFlag(RelayFlag.HSDIR)).findFirst().orElseThrow();
        String doc = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = doc.indexOf("\nr " + plain.nickname() + " ") + 1;
        int id = doc.indexOf(' ', at + 2) + 1;
        String broken = doc.substring(0, id) + "!" + doc.substring(id + 1);
        NetDocException e = assertThrows(NetDocException.class, () -> MicrodescConsensus.parseForRing(broken));
        assertEquals(doc.substring(0, at).split("\n", -1).length, e.lineNumber());
        assertTrue(e.getMessage().contains("is not base64 of 20 bytes"), e.getMessage());
    }

    @Test
    void reasonablyLiveIs24HoursEitherSide() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(new SyntheticNetwork().hsDir(1).consensus());
        Instant until = c.validUntil();
        assertTrue(c.isReasonablyLive(until.plus(Duration.ofHours(24))));
        assertFalse(c.isReasonablyLive(until.plus(Duration.ofHours(24)).plusSeconds(1)));
        assertTrue(c.isReasonablyLive(c.validAfter().minus(Duration.ofHours(24))));
        assertFalse(c.isReasonablyLive(c.validAfter().minus(Duration.ofHours(24)).minusSeconds(1)));
    }

    @Test
    void crlfLineEndsParseTheSame() throws Exception {
        String lf = new SyntheticNetwork().hsDir(1).hsDir(2).consensus();
        MicrodescConsensus a = MicrodescConsensus.parse(lf);
        MicrodescConsensus b = MicrodescConsensus.parse(lf.replace("\n", "\r\n"));
        assertEquals(a.validAfter(), b.validAfter());
        assertEquals(a.routers().get(1).microdescDigest(), b.routers().get(1).microdescDigest());
        assertEquals(a.sharedRandCurrent(), b.sharedRandCurrent());
    }

    @Test
    void hsDirProtocolAndOldVersions() throws Exception {
        String text = new SyntheticNetwork()
                .relay(1, "HSDir Running Valid", "Tor 0.4.8.1", "HSDir=1-2", true)
                .relay(2, "HSDir Running Valid", "Tor 0.4.8.1", "HSDir=1", true)
                .relay(3, "HSDir Running Valid", "Tor 0.3.0.7", "HSDir=1-2", true) // tor bug #22447
                .relay(4, "HSDir Running Valid", "Tor 0.3.0.8", "HSDir=1-2", true)
                .relay(5, "HSDir Running Valid", "Tor 0.3.0.3-alpha", "HSDir=2", true)
                .relay(6, "HSDir Running Valid", "Tor 0.3.1.1-alpha", "HSDir=1,2", true)
                .relay(7, "HSDir Running Valid", null, "HSDir=2-3", true)
                .relay(8, "HSDir Running Valid", "Tor 0.2.9.10", "HSDir=1-2", true)
                .relay(9, "HSDir Running Valid", "Tor 0.3.0.10", "HSDir=1-2", true)
                .consensus();
        // Routers come in identity order, as in a real consensus: read them back by nickname.
        java.util.Map<String, Boolean> got = new java.util.TreeMap<>();
        MicrodescConsensus.parse(text).routers().forEach(r -> got.put(r.nickname(), r.supportsHsDirV3()));
        assertEquals(java.util.Map.of("relay1", true, "relay2", false, "relay3", false, "relay4", true, "relay5", false,
                "relay6", true, "relay7", true, "relay8", false, "relay9", true), got);
    }

    @Test
    void paramsClampLikeTor() throws Exception {
        NetworkParameters p = MicrodescConsensus.parse(new SyntheticNetwork()
                .params("hsdir_n_replicas=0 hsdir_spread_store=500 hsdir_spread_fetch=7 hsdir_interval=-5").hsDir(1).consensus()).params();
        assertEquals(1, p.hsdirNReplicas());
        assertEquals(128, p.hsdirSpreadStore());
        assertEquals(7, p.hsdirSpreadFetch());
        assertEquals(30, p.hsdirIntervalMinutes());
    }

    @Test
    void errorsNameLineAndKeyword() {
        String good = new SyntheticNetwork().hsDir(1).consensus();

        NetDocException flavour = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replace("3 microdesc", "3")));
        assertEquals(1, flavour.lineNumber());
        assertTrue(flavour.getMessage().contains("microdesc"), flavour.getMessage());

        NetDocException time = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replaceFirst("valid-after [^\\n]*", "valid-after yesterday")));
        assertEquals("valid-after", time.keyword());
        assertEquals(4, time.lineNumber());

        NetDocException missing = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replaceFirst("valid-until [^\\n]*\\n", "")));
        assertEquals("valid-until", missing.keyword());

        NetDocException m = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replaceFirst("\\nm [^\\n]*", "\nm notbase64!")));
        assertEquals("m", m.keyword());
        assertTrue(m.lineNumber() > 10);

        NetDocException r = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replaceFirst("\\nr relay1 [^ ]*", "\nr relay1 AAAA")));
        assertEquals("r", r.keyword());

        NetDocException srv = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replaceFirst("shared-rand-current-value 9 ", "shared-rand-current-value 9 xx")));
        assertEquals("shared-rand-current-value", srv.keyword());

        NetDocException pr = assertThrows(NetDocException.class,
                () -> MicrodescConsensus.parse(good.replace("HSDir=1-2", "HSDir=2-1")));
        assertEquals("pr", pr.keyword());

        assertThrows(NetDocException.class, () -> MicrodescConsensus.parse(""));
    }

    @Test
    void missingSrvLinesAreEmpty() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(new SyntheticNetwork().srvs(null, null).hsDir(1).consensus());
        assertTrue(c.sharedRandCurrent().isEmpty());
        assertTrue(c.sharedRandPrevious().isEmpty());
    }

    @Test
    void valueTypesCopyTheirBytes() {
        byte[] b = Base64.getDecoder().decode("zwbAmnMGie00x5rmWGk+lP2rTXK2n0OmkF/1Ih4LcAI=");
        SharedRandomValue v = new SharedRandomValue(9, b);
        b[0] ^= 1;
        assertEquals("zwbAmnMGie00x5rmWGk+lP2rTXK2n0OmkF/1Ih4LcAI=", v.base64());
        v.value()[0] ^= 1;
        assertEquals("zwbAmnMGie00x5rmWGk+lP2rTXK2n0OmkF/1Ih4LcAI=", v.base64());
    }
}
