package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A slot's kept descriptor signing key: rebuilds reuse the key and the intro points'
 * certificates, and the descriptors still verify and decrypt; a changed intro point, period,
 * identity key or a certificate near its expiry never gets a kept certificate.
 */
class DescriptorSigningKeyTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");
    private final SecureRandom rng = new SecureRandom();
    private final IdentityKey master = IdentityKey.generate(rng, KeyFormat.TOR_SECRET);
    private final OnionAddress address = master.onionAddress();
    private final TimePeriod tp = TimePeriod.containing(NOW);

    private VerifiedDescriptor verify(BuiltDescriptor built, Instant now) throws DescriptorException {
        return DescriptorVerifier.verify(built.text(), address, List.of(tp, tp.previous(), tp.next()), now);
    }

    private BuiltDescriptor build(DescriptorSigningKey keys, TimePeriod period, long revision, List<IntroPoint> ips,
                                  Instant now) throws DescriptorBuildException {
        return MasterDescriptorBuilder.build(master, period, revision, ips, BuildOptions.defaults(), now, rng, keys);
    }

    @Test
    void aRebuildKeepsTheSigningKeyAndTheIntroPointCertificatesAndStillVerifies() throws Exception {
        List<IntroPoint> given = RandomIntroPoints.generate(20, rng, NOW.plus(Duration.ofDays(2)));
        DescriptorSigningKey keys = new DescriptorSigningKey();
        BuiltDescriptor first = build(keys, tp, 100, given, NOW);
        BuiltDescriptor again = build(keys, tp, 160, given, NOW.plusSeconds(60));
        VerifiedDescriptor a = verify(first, NOW);
        VerifiedDescriptor b = verify(again, NOW.plusSeconds(60));

        assertEquals(first.signingKey(), again.signingKey(), "one signing key for the slot");
        assertEquals(first.signingKeyExpiry(), again.signingKeyExpiry(), "and its certificate kept");
        assertEquals(160, b.revisionCounter(), "the revision counter is per build");
        assertNotEquals(first.text(), again.text(), "encryption and signature are per build");
        assertEquals(20, b.introPoints().size());
        for (int i = 0; i < 20; i++) {
            IntroPoint in = given.get(i);
            IntroPoint out = b.introPoints().get(i);
            assertEquals(a.introPoints().get(i).authKeyCert(), out.authKeyCert(), "auth-key cert reused");
            assertEquals(a.introPoints().get(i).encKeyCert(), out.encKeyCert(), "enc-key cert reused");
            assertEquals(in.linkSpecifiers(), out.linkSpecifiers());
            assertArrayEquals(in.onionKeyNtor(), out.onionKeyNtor());
            assertEquals(in.authKey(), out.authKey());
            assertArrayEquals(in.encKeyNtor(), out.encKeyNtor());
            assertEquals(in.encKeyCertifiedKey(), out.encKeyCertifiedKey());
            assertEquals(Optional.of(again.signingKey()), out.authKeyCert().signingKeyExtension());
        }
        assertEquals(1, keys.rotations());
        assertEquals(20, keys.keptIntroPoints());
    }

    @Test
    void aRestrictedDescriptorWithKeptCertificatesOpensForItsClientAtEveryBuild() throws Exception {
        X25519PrivateKey alice = X25519PrivateKey.generate(rng);
        BuildOptions restricted = BuildOptions.defaults()
                .withClientAuthorization(new ClientAuthorization.Restricted(List.of(alice.publicKey())));
        List<IntroPoint> given = RandomIntroPoints.generate(3, rng, NOW.plus(Duration.ofDays(2)));
        DescriptorSigningKey keys = new DescriptorSigningKey();
        List<VerifiedDescriptor> seen = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            Instant at = NOW.plusSeconds(60L * round);
            BuiltDescriptor built = MasterDescriptorBuilder.build(master, tp, 10 + round, given, restricted, at, rng, keys);
            seen.add(DescriptorVerifier.verify(built.text(), address, List.of(tp), at, alice));
            assertThrows(DescriptorException.class, () -> verify(built, at), "closed without a client key");
        }
        assertEquals(seen.get(0).introPoints(), seen.get(1).introPoints(), "the same certificates, opened by alice");
        assertEquals(seen.get(0).signingKey(), seen.get(1).signingKey());
    }

    @Test
    void aKeptCertificateIsExactlyTheOneAFreshSignatureGives() throws Exception {
        DescriptorSigningKey keys = new DescriptorSigningKey();
        IntroPoint ip = RandomIntroPoints.generate(1, rng, NOW.plus(Duration.ofDays(2))).get(0);
        DescriptorSigningKey.Keys k = keys.keysFor(new net.onionbalance.doc.keys.FullKeyIdentity(master), tp, NOW, rng);
        IntroPoint kept = k.recertified(ip);
        assertSame(kept, keys.keysFor(new net.onionbalance.doc.keys.FullKeyIdentity(master), tp, NOW.plusSeconds(600), rng).recertified(ip));
        assertEquals(ip.recertified(k.signingKey(), k.signingKeyCert().expiration()), kept,
                "Ed25519 is deterministic: reuse changes no byte");
    }

    @Test
    void aChangedIntroPointGetsNewCertificates() throws Exception {
        List<IntroPoint> given = new ArrayList<>(RandomIntroPoints.generate(4, rng, NOW.plus(Duration.ofDays(2))));
        DescriptorSigningKey keys = new DescriptorSigningKey();
        VerifiedDescriptor before = verify(build(keys, tp, 1, given, NOW), NOW);
        IntroPoint other = RandomIntroPoints.generate(1, rng, NOW.plus(Duration.ofDays(2))).get(0);
        IntroPoint ip0 = given.get(0);
        IntroPoint ip1 = given.get(1);
        IntroPoint ip2 = given.get(2);
        // Same auth key, other link specifiers; other onion key; other auth key and enc key.
        given.set(0, new IntroPoint(other.linkSpecifiers(), ip0.onionKeyNtor(), ip0.authKeyCert(), ip0.encKeyNtor(),
                ip0.encKeyCert(), Optional.empty()));
        given.set(1, new IntroPoint(ip1.linkSpecifiers(), X25519PrivateKey.generate(rng).publicKey().bytes(),
                ip1.authKeyCert(), ip1.encKeyNtor(), ip1.encKeyCert(), Optional.empty()));
        given.set(2, new IntroPoint(ip2.linkSpecifiers(), ip2.onionKeyNtor(), other.authKeyCert(), other.encKeyNtor(),
                other.encKeyCert(), Optional.empty()));
        VerifiedDescriptor after = verify(build(keys, tp, 2, given, NOW.plusSeconds(60)), NOW.plusSeconds(60));

        assertEquals(before.signingKey(), after.signingKey());
        for (int i = 0; i < 4; i++) {
            IntroPoint out = after.introPoints().get(i);
            assertEquals(given.get(i).linkSpecifiers(), out.linkSpecifiers(), "intro point " + i);
            assertArrayEquals(given.get(i).onionKeyNtor(), out.onionKeyNtor(), "intro point " + i);
            assertEquals(given.get(i).authKey(), out.authKey(), "intro point " + i);
            assertEquals(given.get(i).encKeyCertifiedKey(), out.encKeyCertifiedKey(), "intro point " + i);
        }
        assertEquals(before.introPoints().get(3), after.introPoints().get(3), "the unchanged one kept as it was");
        assertNotEquals(before.introPoints().get(2).authKeyCert(), after.introPoints().get(2).authKeyCert());
        assertEquals(4 + 3, keys.keptIntroPoints(), "the old three stay until the round's retain");
        keys.retain(given);
        assertEquals(4, keys.keptIntroPoints(), "only current intro points are kept");
    }

    @Test
    void theSigningKeyChangesWithThePeriodTheIdentityKeyAndNearExpiry() throws Exception {
        List<IntroPoint> given = RandomIntroPoints.generate(2, rng, NOW.plus(Duration.ofDays(3)));
        DescriptorSigningKey keys = new DescriptorSigningKey();
        BuiltDescriptor first = build(keys, tp, 1, given, NOW);
        Ed25519PublicKey k0 = first.signingKey();

        BuiltDescriptor next = build(keys, tp.next(), 2, given, NOW);
        assertNotEquals(k0, next.signingKey(), "a new time period, a new signing key");
        VerifiedDescriptor v = verify(next, NOW);
        assertEquals(tp.next(), v.timePeriod());
        assertNotEquals(verify(first, NOW).introPoints().get(0).authKeyCert(), v.introPoints().get(0).authKeyCert(),
                "certificates by the old key are not reused");

        DescriptorSigningKey keys2 = new DescriptorSigningKey();
        Ed25519PublicKey a = build(keys2, tp, 1, given, NOW).signingKey();
        // Expiry is the next whole hour (13:00) + 54 h; renewed once less than 24 h remain.
        Instant expiry = Instant.parse("2026-11-27T19:00:00Z");
        assertEquals(a, build(keys2, tp, 2, given, expiry.minus(DescriptorSigningKey.RENEW_BEFORE)).signingKey());
        Instant late = expiry.minus(DescriptorSigningKey.RENEW_BEFORE).plusSeconds(1);
        BuiltDescriptor renewed = build(keys2, tp, 3, given, late);
        assertNotEquals(a, renewed.signingKey(), "certificates near expiry: a new key");
        assertEquals(MasterDescriptorBuilder.nextWholeHour(late).plus(MasterDescriptorBuilder.CERT_LIFETIME),
                renewed.signingKeyExpiry());
        verify(renewed, late);

        IdentityKey otherMaster = IdentityKey.generate(rng, KeyFormat.TOR_SECRET);
        BuiltDescriptor forOther = MasterDescriptorBuilder.build(otherMaster, tp, 4, given, BuildOptions.defaults(),
                late, rng, keys2);
        assertNotEquals(renewed.signingKey(), forOther.signingKey(), "another identity key, another signing key");
        assertNotEquals(renewed.blindedKey(), forOther.blindedKey());
        DescriptorVerifier.verify(forOther.text(), otherMaster.onionAddress(), List.of(tp), late);
        assertEquals(3, keys2.rotations(), "made, renewed, another identity");
    }

    @Test
    void distinctDescriptorsOfOneSlotShareTheKeyAndEachIntroPointsCertificates() throws Exception {
        List<IntroPoint> all = RandomIntroPoints.generate(40, rng, NOW.plus(Duration.ofDays(2)));
        DescriptorSigningKey keys = new DescriptorSigningKey();
        List<VerifiedDescriptor> built = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            List<IntroPoint> subset = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                subset.add(all.get((d * 7 + i) % 40));
            }
            built.add(verify(build(keys, tp, 5, subset, NOW), NOW));
        }
        for (VerifiedDescriptor v : built) {
            assertEquals(built.get(0).signingKey(), v.signingKey());
            for (IntroPoint ip : v.introPoints()) {
                for (VerifiedDescriptor w : built) {
                    for (IntroPoint jp : w.introPoints()) {
                        if (jp.authKey().equals(ip.authKey())) {
                            assertEquals(ip.authKeyCert(), jp.authKeyCert());
                            assertEquals(ip.encKeyCert(), jp.encKeyCert());
                        }
                    }
                }
            }
        }
        assertTrue(keys.keptIntroPoints() <= 40);
        keys.retain(all.subList(0, 10));
        assertEquals(10, keys.keptIntroPoints());
        byte[] secret = keys.keysFor(new net.onionbalance.doc.keys.FullKeyIdentity(master), tp, NOW, rng).signingKey().expandedBytes();
        String shown = keys.toString();
        assertFalse(shown.contains(java.util.Base64.getEncoder().withoutPadding().encodeToString(secret).substring(0, 20)));
        assertFalse(shown.contains(java.util.HexFormat.of().formatHex(secret).substring(0, 20)));
        assertTrue(shown.contains(built.get(0).signingKey().base64()), shown);
    }
}
