package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Build → serialize → parse → verify gives back the same intro points and keys. */
class MasterDescriptorRoundTripTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");

    @Test
    void randomIntroPointSetsOfOneToTwentySurviveTheRoundTrip() throws Exception {
        long seed = new SecureRandom().nextLong();
        SecureRandom rng = SecureRandom.getInstance("SHA1PRNG");
        rng.setSeed(seed);
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        OnionAddress address = OnionAddress.of(master.publicKey());
        TimePeriod tp = TimePeriod.containing(NOW);
        List<Integer> sizes = new ArrayList<>(List.of(1, 20));
        for (int i = 0; i < 10; i++) {
            sizes.add(1 + rng.nextInt(20));
        }
        Set<String> signingKeys = new HashSet<>();
        for (int n : sizes) {
            String context = "seed " + seed + ", " + n + " intro points";
            List<IntroPoint> given = RandomIntroPoints.generate(n, rng, NOW.plus(Duration.ofDays(2)));
            long revision = rng.nextLong() & Long.MAX_VALUE;
            BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, revision, given, NOW, rng);
            assertEquals(n, built.introPointCount(), context);
            assertEquals(built.text().length(), built.sizeBytes(), context);
            assertTrue(built.sizeBytes() <= MasterDescriptorBuilder.MAX_DESCRIPTOR_BYTES, context);
            assertTrue(signingKeys.add(built.signingKey().base64()), "a fresh signing key per build");

            VerifiedDescriptor v = DescriptorVerifier.verify(built.text(), address, List.of(tp.previous(), tp), NOW);
            assertEquals(tp, v.timePeriod(), context);
            assertEquals(built.blindedKey(), v.blindedKey(), context);
            assertEquals(built.signingKey(), v.signingKey(), context);
            assertEquals(revision, v.revisionCounter(), context);
            assertEquals(Duration.ofMinutes(180), v.lifetime(), context);
            assertEquals(built.signingKeyExpiry(), v.signingKeyExpiry(), context);
            assertEquals(Instant.parse("2026-11-27T19:00:00Z"), v.signingKeyExpiry(), "next whole hour + 54 h");
            assertEquals(n, v.introPoints().size(), context);
            for (int i = 0; i < n; i++) {
                IntroPoint in = given.get(i);
                IntroPoint out = v.introPoints().get(i);
                assertEquals(in.linkSpecifiers(), out.linkSpecifiers(), context);
                assertArrayEquals(in.onionKeyNtor(), out.onionKeyNtor(), context);
                assertEquals(in.authKey(), out.authKey(), context);
                assertArrayEquals(in.encKeyNtor(), out.encKeyNtor(), context);
                assertEquals(in.encKeyCertifiedKey(), out.encKeyCertifiedKey(), context);
                assertEquals(Optional.of(built.signingKey()), out.authKeyCert().signingKeyExtension(), context);
                assertEquals(Optional.of(built.signingKey()), out.encKeyCert().signingKeyExtension(), context);
                assertNotEquals(in.authKeyCert(), out.authKeyCert(), "certificates are re-issued");
            }
        }
    }

    @Test
    void layersHaveTheShapeTorGivesThem() throws Exception {
        SecureRandom rng = new SecureRandom();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        TimePeriod tp = TimePeriod.containing(NOW);
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, 7,
                RandomIntroPoints.generate(3, rng, NOW.plus(Duration.ofDays(2))), NOW, rng);
        OuterDocument doc = OuterDocument.parse(built.text());
        byte[] sub = Subcredential.of(master.publicKey(), built.blindedKey()).bytes();
        byte[] first = DescriptorLayers.decryptSuperencrypted(doc.layer(), built.blindedKey(), sub);
        assertEquals(0, first.length % 10_000, "first layer padded to a multiple of 10,000 bytes");
        assertEquals(0, first[first.length - 1], "padding is NULs");
        MiddleLayer middle = MiddleLayer.parse(first);
        assertEquals(16, middle.authClients().size(), "16 fake auth-client lines");
        assertEquals(16, new HashSet<>(middle.authClients()).size(), "fake lines are random");
        byte[] second = DescriptorLayers.decryptEncrypted(middle, built.blindedKey(), sub, 7, Optional.empty());
        assertEquals('\n', second[second.length - 1], "inner layer ends with a newline");
        assertTrue(new String(second, java.nio.charset.StandardCharsets.US_ASCII).startsWith("create2-formats 2\nintroduction-point "));
        assertTrue(built.text().startsWith("hs-descriptor 3\ndescriptor-lifetime 180\ndescriptor-signing-key-cert\n"));

        BuiltDescriptor again = MasterDescriptorBuilder.build(master, tp, 7,
                RandomIntroPoints.generate(3, rng, NOW.plus(Duration.ofDays(2))), NOW, rng);
        MiddleLayer middle2 = MiddleLayer.parse(DescriptorLayers.decryptSuperencrypted(
                OuterDocument.parse(again.text()).layer(), again.blindedKey(), sub));
        assertFalse(java.util.Arrays.equals(middle.ephemeralKey(), middle2.ephemeralKey()), "fresh ephemeral key per build");
    }

    @Test
    void restrictedDescriptorsOpenOnlyForListedClients() throws Exception {
        SecureRandom rng = new SecureRandom();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        OnionAddress address = OnionAddress.of(master.publicKey());
        TimePeriod tp = TimePeriod.containing(NOW);
        List<X25519PrivateKey> clients = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            clients.add(X25519PrivateKey.generate(rng));
        }
        BuildOptions options = BuildOptions.defaults().withClientAuthorization(
                new ClientAuthorization.Restricted(clients.stream().map(X25519PrivateKey::publicKey).toList()));
        List<IntroPoint> given = RandomIntroPoints.generate(2, rng, NOW.plus(Duration.ofDays(2)));
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, 1, given, options, NOW, rng);

        VerifiedDescriptor v = DescriptorVerifier.verify(built.text(), address, List.of(tp), NOW, clients.get(16));
        assertEquals(32, v.middle().authClients().size(), "17 clients padded with fakes to 32 lines");
        assertEquals(given.get(1).authKey(), v.introPoints().get(1).authKey());
        var noKey = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(built.text(), address, List.of(tp), NOW));
        assertEquals(Check.CLIENT_AUTHORIZATION, noKey.check());
        assertTrue(noKey.getMessage().startsWith("restricted to other clients"), noKey.getMessage());
        assertEquals(Check.CLIENT_AUTHORIZATION, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(built.text(), address, List.of(tp), NOW, X25519PrivateKey.generate(rng))).check());
        // Every listed client opens it, also on a refetch with the shortcut for a known document.
        for (X25519PrivateKey c : clients) {
            VerifiedDescriptor again = DescriptorVerifier.verifyRefetched(built.text(), address, List.of(tp), NOW,
                    Optional.empty(), Optional.of(c));
            assertEquals(2, again.introPoints().size());
        }
        assertSame(v, DescriptorVerifier.verifyRefetched(built.text(), address, List.of(tp), NOW, Optional.of(v),
                Optional.of(clients.get(0))));
    }

    /**
     * A backend's next descriptor, verified with its last one at hand: the time period comes from
     * the last one when the blinded key is the same (no blinding), and is found afresh when it is
     * not; a period no longer acceptable is refused even when the key is the one verified before.
     */
    @Test
    void aNewDescriptorOfABackendVerifiedBeforeGetsItsTimePeriodRight() throws Exception {
        SecureRandom rng = new SecureRandom();
        Ed25519ExpandedSecretKey backend = Ed25519ExpandedSecretKey.generate(rng);
        OnionAddress address = OnionAddress.of(backend.publicKey());
        TimePeriod tp = TimePeriod.containing(NOW);
        List<TimePeriod> acceptable = List.of(tp, tp.next());
        List<IntroPoint> ips = RandomIntroPoints.generate(3, rng, NOW.plus(Duration.ofDays(2)));
        VerifiedDescriptor first = DescriptorVerifier.verify(
                MasterDescriptorBuilder.build(backend, tp, 5, ips, NOW, rng).text(), address, acceptable, NOW);
        assertEquals(tp, first.timePeriod());

        // The same period, new intro points and signing key: a full verification with the period known.
        List<IntroPoint> other = RandomIntroPoints.generate(2, rng, NOW.plus(Duration.ofDays(2)));
        BuiltDescriptor next = MasterDescriptorBuilder.build(backend, tp, 6, other, NOW, rng);
        VerifiedDescriptor v = DescriptorVerifier.verifyRefetched(next.text(), address, acceptable, NOW, Optional.of(first));
        assertEquals(tp, v.timePeriod());
        assertEquals(next.signingKey(), v.signingKey());
        assertEquals(2, v.introPoints().size());

        // The next period's descriptor has another blinded key: its period is found, not copied.
        BuiltDescriptor nextPeriod = MasterDescriptorBuilder.build(backend, tp.next(), 7, other, NOW, rng);
        assertEquals(tp.next(), DescriptorVerifier.verifyRefetched(nextPeriod.text(), address, acceptable, NOW,
                Optional.of(first)).timePeriod());

        // The last one's period is no longer acceptable: a descriptor for it is refused as such.
        BuiltDescriptor stale = MasterDescriptorBuilder.build(backend, tp, 8, other, NOW, rng);
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verifyRefetched(
                stale.text(), address, List.of(tp.next()), NOW, Optional.of(first)));
        assertEquals(Check.BLINDED_KEY_TIME_PERIOD, e.check());
    }

    @Test
    void refusesMoreThanTwentyIntroPointsAndSaysWhatToChange() {
        SecureRandom rng = new SecureRandom();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        List<IntroPoint> many = RandomIntroPoints.generate(21, rng, NOW.plus(Duration.ofDays(2)));
        var e = assertThrows(TooManyIntroPointsException.class,
                () -> MasterDescriptorBuilder.build(master, TimePeriod.containing(NOW), 1, many, NOW, rng));
        assertEquals(21, e.introPointCount());
        assertTrue(e.getMessage().contains("21 intro points") && e.getMessage().contains("more than 20")
                && e.getMessage().contains("fewer"), e.getMessage());
    }

    @Test
    void refusesDescriptorsOverFiftyThousandBytes() {
        SecureRandom rng = new SecureRandom();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        List<IntroPoint> big = new ArrayList<>();
        for (IntroPoint ip : RandomIntroPoints.generate(20, rng, NOW.plus(Duration.ofDays(2)))) {
            List<LinkSpecifier> specs = new ArrayList<>(ip.linkSpecifiers());
            specs.add(new LinkSpecifier.Unknown(200, new byte[255]));
            specs.add(new LinkSpecifier.Unknown(201, new byte[255])); // two: one alone landed near the limit
            big.add(new IntroPoint(specs, ip.onionKeyNtor(), ip.authKeyCert(), ip.encKeyNtor(), ip.encKeyCert(), ip.legacy()));
        }
        var e = assertThrows(DescriptorTooLargeException.class,
                () -> MasterDescriptorBuilder.build(master, TimePeriod.containing(NOW), 1, big, NOW, rng));
        assertEquals(20, e.introPointCount());
        assertTrue(e.sizeBytes() > 50_000);
        assertTrue(e.getMessage().contains(e.sizeBytes() + " bytes") && e.getMessage().contains("50000")
                && e.getMessage().contains("fewer intro points"), e.getMessage());
    }
}
