package net.onionbalance.doc.consensus;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicrodescriptorsTest {
    @Test
    void artiMicrodescsJoinEveryConsensusRouter() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes("netdoc/arti_live_consensus_microdesc.txt"));
        Microdescriptors mds = Microdescriptors.parse(SharedVectors.readBytes("netdoc/arti_live_microdescs.txt"));
        assertEquals(5, mds.parsedCount());
        for (RouterStatus r : c.routers()) {
            assertTrue(mds.ed25519Id(r.microdescDigest().orElseThrow()).isPresent(), r.nickname());
        }
        // The first microdescriptor of the file (Akka) lists this id.
        RouterStatus akka = c.routers().stream().filter(r -> r.nickname().equals("Akka")).findFirst().orElseThrow();
        assertEquals("CVTjf1oeaL616hH+1+UvYZ8OgkwF3z7UMITvJzm5r7A",
                mds.ed25519Id(akka.microdescDigest().orElseThrow()).orElseThrow().base64());
    }

    @Test
    void real2017MicrodescsCoverTheConsensus() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(SharedVectors.readBytes("netdoc/real_2017-03-10_cached-microdesc-consensus.txt"));
        Microdescriptors mds = Microdescriptors.parse(SharedVectors.readBytes("netdoc/real_2017-03-10_microdescs.txt"));
        // PROVENANCE.md: all 7326 referenced, 4975 of them with id ed25519; every digest matches an m line.
        assertEquals(7326, mds.parsedCount());
        assertEquals(4975, mds.withEd25519IdCount());
        long joined = c.routers().stream().filter(r -> mds.ed25519Id(r.microdescDigest().orElseThrow()).isPresent()).count();
        assertEquals(4975, joined);
    }

    @Test
    void annotationsAreNotPartOfTheDigestAndFilesConcatenate() throws Exception {
        SyntheticNetwork net = new SyntheticNetwork().hsDir(1).hsDir(2).hsDir(3);
        MicrodescConsensus c = MicrodescConsensus.parse(net.consensus());
        String all = net.microdescs();
        int cut = all.indexOf("@last-listed", 10);
        Microdescriptors split = Microdescriptors.parse(all.substring(0, cut).getBytes(StandardCharsets.US_ASCII),
                all.substring(cut).getBytes(StandardCharsets.US_ASCII));
        Microdescriptors noAnnotations = Microdescriptors.parse(all.replaceAll("@last-listed[^\\n]*\\n", ""));
        for (Microdescriptors mds : new Microdescriptors[] {split, noAnnotations}) {
            for (RouterStatus r : c.routers()) {
                assertTrue(mds.ed25519Id(r.microdescDigest().orElseThrow()).isPresent(), r.nickname());
            }
        }
    }

    @Test
    void controlReplyWithoutFinalNewlineStillJoins() throws Exception {
        SyntheticNetwork net = new SyntheticNetwork().hsDir(1);
        MicrodescConsensus c = MicrodescConsensus.parse(net.consensus());
        String md = net.microdescs();
        Microdescriptors mds = Microdescriptors.parse(md.substring(0, md.length() - 1));
        assertTrue(mds.ed25519Id(c.routers().get(0).microdescDigest().orElseThrow()).isPresent());
    }

    @Test
    void aChangedByteBreaksTheJoin() throws Exception {
        SyntheticNetwork net = new SyntheticNetwork().hsDir(1);
        MicrodescConsensus c = MicrodescConsensus.parse(net.consensus());
        Microdescriptors tampered = Microdescriptors.parse(net.microdescs().replace("MIGJAoGBAL1", "MIGJAoGBAL9"));
        assertTrue(tampered.ed25519Id(c.routers().get(0).microdescDigest().orElseThrow()).isEmpty());
        assertEquals(1, tampered.withEd25519IdCount());
    }

    @Test
    void badInputIsATypedError() {
        NetDocException junk = assertThrows(NetDocException.class, () -> Microdescriptors.parse("hello world\n"));
        assertEquals(1, junk.lineNumber());
        String md = new SyntheticNetwork().hsDir(1).microdescs();
        NetDocException badId = assertThrows(NetDocException.class,
                () -> Microdescriptors.parse(md.replaceFirst("id ed25519 \\S+", "id ed25519 short")));
        assertEquals("id", badId.keyword());
        NetDocException twice = assertThrows(NetDocException.class,
                () -> Microdescriptors.parse(md.replaceFirst("(id ed25519 \\S+\\n)", "$1$1")));
        assertTrue(twice.getMessage().contains("second"), twice.getMessage());
    }
}
