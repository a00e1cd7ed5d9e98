package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The second layer as tor 0.4.9 and Arti write it: several {@code pow-params} lines (one per
 * scheme) and the {@code proto} item (rend-spec "hsdesc-encrypt", item:proto). Built on Arti's
 * real inner-layer sample (shared vectors, hsdesc/arti_hsdesc_inner_pow_v1.txt: create2-formats,
 * flow-control 1-2 31, pow-params v1, intro points), with lines added as Arti writes them.
 */
class SecondLayerCapabilitiesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");

    private static String arti() throws Exception {
        return SharedVectors.read("hsdesc/arti_hsdesc_inner_pow_v1.txt");
    }

    /** Arti's sample with {@code lines} after its flow-control line (its line 2), as Arti orders them. */
    private static String artiWith(String lines) throws Exception {
        String t = arti();
        String fc = "flow-control 1-2 31\n";
        int at = t.indexOf(fc);
        assertTrue(at > 0, "the sample's flow-control line");
        return t.substring(0, at + fc.length()) + lines + t.substring(at + fc.length());
    }

    @Test
    void artiSampleStillParses() throws Exception {
        InnerLayer inner = InnerLayer.parse(arti());
        assertEquals(1, inner.powParams().size());
        assertEquals(SubprotocolVersions.NONE, inner.proto(), "no proto line, no capabilities");
        assertFalse(inner.toText().contains("proto"), inner.toText());
    }

    @Test
    void theProtoLineParsesIntoTypedVersionsUnknownNamesKeptAndWritesBackInOrder() throws Exception {
        // Arti's own encoder test writes "proto Link=4 Relay=1-20 Wombat=12" (Wombat is no protocol).
        InnerLayer inner = InnerLayer.parse(artiWith("proto Relay=1-20 Wombat=12 Link=4 FlowCtrl=1-2\n"));
        SubprotocolVersions p = inner.proto();
        assertEquals(new TreeSet<>(List.of(1, 2)), p.versions("FlowCtrl"));
        assertEquals(20, p.versions("Relay").size());
        assertEquals(new TreeSet<>(List.of(12)), p.versions("Wombat"), "an unknown protocol name is kept, not refused");
        assertTrue(p.versions("Conflux").isEmpty());
        String text = inner.toText();
        assertTrue(text.contains("\nflow-control 1-2 31\nproto FlowCtrl=1-2 Link=4 Relay=1-20 Wombat=12\npow-params v1 "),
                text);
        assertEquals(inner, InnerLayer.parse(text), "round trip");
        assertEquals(SubprotocolVersions.NONE, InnerLayer.parse(artiWith("proto\n")).proto(), "an empty list is allowed");
        assertEquals(SubprotocolVersions.NONE, InnerLayer.parse(artiWith("proto FlowCtrl=\n")).proto(),
                "\"Name=\" supports nothing");
    }

    @Test
    void aMalformedProtoLineIsAnErrorNamingTheLineAndTheEntry() throws Exception {
        String[][] cases = {
                {"Link", "is not Name=Versions"},
                {"Link=1-100", "above 63"},
                {"Link=64", "above 63"},
                {"Link=6-2", "ends before it starts"},
                {"Link=1,1", "version 1 twice"},
                {"Link=1-3,2", "version 2 twice"},
                {"Link=1 Link=3", "Link is listed twice"},
                {"Wombat=1 Wombat=2", "Wombat is listed twice"},
                {"Link=01", "not a list of versions"},
                {"Link=1,,2", "not a list of versions"},
                {"Link=6-", "not a list of versions"},
                {"Link=x", "not a list of versions"},
                {"=4", "protocol name \"\""},
                {"Li.nk=4", "protocol name \"Li.nk\""},
        };
        for (String[] c : cases) {
            DescriptorParseException e = assertThrows(DescriptorParseException.class,
                    () -> InnerLayer.parse(artiWith("proto " + c[0] + "\n")), c[0]);
            assertEquals(3, e.lineNumber(), c[0] + ": " + e.getMessage());
            assertEquals("proto", e.keyword().orElseThrow());
            assertTrue(e.getMessage().startsWith("second (encrypted) layer, line 3 (proto): "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
        DescriptorParseException twice = assertThrows(DescriptorParseException.class,
                () -> InnerLayer.parse(artiWith("proto Link=4\nproto Relay=2\n")));
        assertEquals(4, twice.lineNumber());
        assertTrue(twice.getMessage().contains("at most once (first on line 3)"), twice.getMessage());
    }

    @Test
    void severalPowParamsOfDifferentSchemesAreAccepted() throws Exception {
        // tor 0.4.9.3-alpha tolerates several schemes; Arti keeps one entry per scheme and ignores
        // schemes it does not know. "v2" stands for a future scheme here.
        InnerLayer inner = InnerLayer.parse(artiWith("pow-params v2 c2VlZA 12 2024-04-11T05:15:37\n"));
        assertEquals(List.of("v1", "v2"), inner.powParams().stream().map(PowParams::type).sorted().toList());
        assertEquals(inner, InnerLayer.parse(inner.toText()), "both written back");
    }

    @Test
    void oneSchemeTwiceIsAnErrorNamingBothLines() throws Exception {
        // The added line goes in as line 3, before the sample's own pow-params v1, now line 4.
        DescriptorParseException e = assertThrows(DescriptorParseException.class,
                () -> InnerLayer.parse(artiWith("pow-params v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 64 1994-04-29T00:00:00\n")));
        assertEquals(4, e.lineNumber(), e.getMessage());
        assertEquals("pow-params", e.keyword().orElseThrow());
        assertEquals("second (encrypted) layer, line 4 (pow-params): a second \"pow-params v1\" line (first on line 3):"
                + " one line per scheme", e.getMessage());
    }

    @Test
    void versionListsIntersectAndFormatAsTorWritesThem() {
        SubprotocolVersions a = SubprotocolVersions.parse(List.of("FlowCtrl=1-2", "Relay=2-4,6", "Conflux=1", "Wombat=3-5"));
        SubprotocolVersions b = SubprotocolVersions.parse(List.of("FlowCtrl=2", "Relay=1-3", "Wombat=5-9"));
        assertEquals("FlowCtrl=2 Relay=2-3 Wombat=5", a.intersection(b).toString());
        assertEquals(a.intersection(b), b.intersection(a));
        assertEquals("Conflux=1 FlowCtrl=1-2 Relay=2-4,6 Wombat=3-5", a.toString());
        assertEquals(SubprotocolVersions.NONE, a.intersection(SubprotocolVersions.NONE));
        assertEquals("0-63", SubprotocolVersions.parse(List.of("Link=0-63")).toString().substring(5));
    }

    /** Built, encrypted, signed, then verified as a client would: the line survives a backend's descriptor. */
    @Test
    void aBackendDescriptorWithProtoVerifiesAndCarriesIt() throws Exception {
        SecureRandom rng = new SecureRandom();
        TimePeriod tp = TimePeriod.containing(NOW);
        Ed25519ExpandedSecretKey key = Ed25519ExpandedSecretKey.generate(rng);
        List<IntroPoint> intros = RandomIntroPoints.generate(2, rng, NOW.plus(Duration.ofDays(2)));
        String text = BackendDescriptors.withInnerLines(key, tp, intros, "flow-control 1-2 31\nproto FlowCtrl=1-2 Relay=2-4\n",
                NOW, rng);
        VerifiedDescriptor v = DescriptorVerifier.verify(text, OnionAddress.of(key.publicKey()), List.of(tp), NOW);
        assertEquals("FlowCtrl=1-2 Relay=2-4", v.inner().proto().toString());
    }
}
