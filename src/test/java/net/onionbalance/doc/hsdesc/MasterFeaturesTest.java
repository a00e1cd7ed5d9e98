package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The master descriptor's optional second-layer lines: only what holds for every backend, never pow-params. */
class MasterFeaturesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");

    private static InnerLayer inner(boolean single, String flow, List<PowParams> pow) throws Exception {
        Optional<FlowControl> fc = flow == null ? Optional.empty() : Optional.of(FlowControl.parse(List.of(flow.split(" "))));
        return new InnerLayer(List.of(2), List.of(), single, fc, SubprotocolVersions.NONE, pow, List.of());
    }

    @Test
    void flowControlLinesParseIntoTypedValuesAndWriteBackAsTorDoes() {
        FlowControl fc = FlowControl.parse(List.of("1-2", "31"));
        assertEquals(new TreeSet<>(List.of(1, 2)), fc.versions());
        assertEquals(31, fc.sendmeIncrement());
        assertEquals("1-2 31", fc.toString());
        assertEquals("2 31", FlowControl.parse(List.of("2", "31")).toString());
        assertEquals("1-2,4 9", FlowControl.parse(List.of("1,2,4", "9")).toString());
        assertThrows(IllegalArgumentException.class, () -> FlowControl.parse(List.of("1-2")), "tor needs the sendme increment");
        assertThrows(IllegalArgumentException.class, () -> FlowControl.parse(List.of("x", "31")));
        assertThrows(IllegalArgumentException.class, () -> FlowControl.parse(List.of("2-1", "31")));
        assertThrows(IllegalArgumentException.class, () -> FlowControl.parse(List.of("1-2", "0")));
    }

    @Test
    void aBadFlowControlLineIsAParseErrorNamingTheLine() {
        var e = assertThrows(DescriptorParseException.class,
                () -> InnerLayer.parse("create2-formats 2\nflow-control 1-2\n"));
        assertTrue(e.getMessage().contains("line 2") || e.getMessage().contains(":2"), e.getMessage());
        assertTrue(e.getMessage().contains("sendme"), e.getMessage());
    }

    @Test
    void flowControlOnlyWhenEveryBackendOffersItWithTheCommonVersionsAndOneIncrement() throws Exception {
        assertEquals(MasterFeatures.NONE, MasterFeatures.common(List.of()));
        assertEquals("1-2 31", MasterFeatures.common(List.of(inner(false, "1-2 31", List.of()), inner(false, "1-2 31", List.of())))
                .flowControl().orElseThrow().toString());
        assertEquals("2 31", MasterFeatures.common(List.of(inner(false, "1-2 31", List.of()), inner(false, "2-3 31", List.of())))
                .flowControl().orElseThrow().toString(), "the versions every backend supports");
        assertEquals(Optional.empty(), MasterFeatures.common(List.of(inner(false, "1-2 31", List.of()), inner(false, null, List.of())))
                .flowControl(), "an old backend (tor < 0.4.7) without the line");
        assertEquals(Optional.empty(), MasterFeatures.common(List.of(inner(false, "1 31", List.of()), inner(false, "2 31", List.of())))
                .flowControl(), "no common version");
        assertEquals(Optional.empty(), MasterFeatures.common(List.of(inner(false, "1-2 31", List.of()), inner(false, "1-2 16", List.of())))
                .flowControl(), "different sendme increments: tor needs one, so no line");
    }

    private static InnerLayer withProto(String proto) {
        return new InnerLayer(List.of(2), List.of(), false, Optional.empty(),
                proto == null ? SubprotocolVersions.NONE : SubprotocolVersions.parse(List.of(proto.split(" "))), List.of(), List.of());
    }

    @Test
    void protoOnlyWithWhatEveryBackendListsNeverACapabilityOneLacks() {
        assertEquals("FlowCtrl=1-2 Relay=2-4", MasterFeatures.common(List.of(withProto("FlowCtrl=1-2 Relay=2-4"),
                withProto("Relay=2-4 FlowCtrl=1-2"))).proto().toString(), "the same list: as it is");
        assertEquals("FlowCtrl=2 Relay=2-3", MasterFeatures.common(List.of(withProto("FlowCtrl=1-2 Relay=2-4 Conflux=1"),
                withProto("FlowCtrl=2-3 Relay=1-3"), withProto("FlowCtrl=2 Relay=2-5"))).proto().toString(),
                "per protocol the versions all list; Conflux, listed by one backend only, is left out");
        assertEquals("Wombat=12", MasterFeatures.common(List.of(withProto("Wombat=12 Link=4"), withProto("Wombat=11-12")))
                .proto().toString(), "a name we do not know merges like any other");
        assertEquals(SubprotocolVersions.NONE, MasterFeatures.common(List.of(withProto("FlowCtrl=1-2"), withProto(null)))
                .proto(), "a backend without the line (C tor) leaves the master without it");
        assertEquals(SubprotocolVersions.NONE, MasterFeatures.common(List.of(withProto("Relay=2"), withProto("Relay=3")))
                .proto(), "nothing in common");
    }

    /** Through the builder and the verifier: the master descriptor a client fetches carries the merged line. */
    @Test
    void theMasterDescriptorCarriesTheMergedProtoLine() throws Exception {
        SecureRandom rng = new SecureRandom();
        TimePeriod tp = TimePeriod.containing(NOW);
        List<IntroPoint> intros = RandomIntroPoints.generate(2, rng, NOW.plus(Duration.ofDays(2)));
        List<VerifiedDescriptor> backends = new java.util.ArrayList<>();
        for (String lines : List.of("flow-control 1-2 31\nproto FlowCtrl=1-2 Relay=2-4 Conflux=1\n",
                "flow-control 1-2 31\nproto FlowCtrl=1-2 Relay=2-3\n")) {
            Ed25519ExpandedSecretKey key = Ed25519ExpandedSecretKey.generate(rng);
            backends.add(DescriptorVerifier.verify(BackendDescriptors.withInnerLines(key, tp, intros, lines, NOW, rng),
                    OnionAddress.of(key.publicKey()), List.of(tp), NOW));
        }
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, 9, intros,
                MasterFeatures.buildOptions(backends, ClientAuthorization.open()), NOW, rng);
        VerifiedDescriptor m = DescriptorVerifier.verify(built.text(), OnionAddress.of(master.publicKey()), List.of(tp), NOW);
        assertTrue(m.inner().toText().contains("\nflow-control 1-2 31\nproto FlowCtrl=1-2 Relay=2-3\n"), m.inner().toText());
        BuiltDescriptor plain = MasterDescriptorBuilder.build(master, tp, 10, intros, NOW, rng);
        assertFalse(DescriptorVerifier.verify(plain.text(), OnionAddress.of(master.publicKey()), List.of(tp), NOW)
                .inner().toText().contains("proto"), "defaults: no proto line, as onionbalance 0.2");
    }

    @Test
    void singleOnionOnlyWhenEveryBackendIs() throws Exception {
        assertTrue(MasterFeatures.common(List.of(inner(true, null, List.of()), inner(true, null, List.of()))).singleOnionService());
        assertFalse(MasterFeatures.common(List.of(inner(true, null, List.of()), inner(false, null, List.of()))).singleOnionService());
    }

    /** hspow-spec §3.4.1: a backend checks a solution against its own seed and blinded key; the master must not relay its pow-params. */
    @Test
    void theMasterNeverCarriesPowParamsEvenWhenEveryBackendAdvertisesThem() throws Exception {
        SecureRandom rng = new SecureRandom();
        TimePeriod tp = TimePeriod.containing(NOW);
        PowParams pow = new PowParams("v1", List.of("FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo=", "614", "2026-11-26T05:15:37"));
        // Two verified "backends" whose inner layers carry pow-params and flow-control.
        Ed25519ExpandedSecretKey backendKey = Ed25519ExpandedSecretKey.generate(rng);
        OnionAddress backend = OnionAddress.of(backendKey.publicKey());
        List<IntroPoint> intros = RandomIntroPoints.generate(3, rng, NOW.plus(Duration.ofDays(2)));
        BuiltDescriptor b = MasterDescriptorBuilder.build(backendKey, tp, 5, intros, NOW, rng);
        VerifiedDescriptor plain = DescriptorVerifier.verify(b.text(), backend, List.of(tp), NOW);
        assertFalse(plain.advertisesPow());
        VerifiedDescriptor withPow = new VerifiedDescriptor(plain.address(), plain.timePeriod(), plain.blindedKey(),
                plain.signingKey(), plain.outer(), plain.middle(), inner(false, "1-2 31", List.of(pow)));
        assertTrue(withPow.advertisesPow());
        assertTrue(withPow.advertisesFlowControl());

        BuildOptions options = MasterFeatures.buildOptions(List.of(withPow, withPow), ClientAuthorization.open());
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, 9, intros, options, NOW, rng);
        VerifiedDescriptor m = DescriptorVerifier.verify(built.text(), OnionAddress.of(master.publicKey()), List.of(tp), NOW);
        assertEquals(List.of(), m.inner().powParams());
        assertFalse(m.inner().toText().contains("pow-params"), m.inner().toText());
        assertEquals("1-2 31", m.inner().flowControl().orElseThrow().toString(), "flow-control is copied");
        assertTrue(m.inner().toText().contains("\nflow-control 1-2 31\n"), m.inner().toText());
        assertFalse(m.advertisesPow());
    }

    @Test
    void buildOptionsCarryTheClientsAndTheMasterOpensOnlyForThem() throws Exception {
        SecureRandom rng = new SecureRandom();
        TimePeriod tp = TimePeriod.containing(NOW);
        X25519PrivateKey alice = X25519PrivateKey.generate(rng);
        BuildOptions options = MasterFeatures.buildOptions(List.of(),
                new ClientAuthorization.Restricted(List.of(alice.publicKey())));
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        OnionAddress address = OnionAddress.of(master.publicKey());
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, 9,
                RandomIntroPoints.generate(2, rng, NOW.plus(Duration.ofDays(2))), options, NOW, rng);
        VerifiedDescriptor v = DescriptorVerifier.verify(built.text(), address, List.of(tp), NOW, alice);
        assertEquals(16, v.middle().authClients().size(), "one real line among 16 (rend-spec-v3 §2.5.1.4)");
        assertEquals(Optional.empty(), v.inner().flowControl(), "no backends, no flow-control");
        assertEquals(Check.CLIENT_AUTHORIZATION, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(built.text(), address, List.of(tp), NOW)).check());
    }
}
