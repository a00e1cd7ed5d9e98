package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.DescriptorLayerCipher;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.Ed25519Cert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Every kind of alteration is rejected, each with its own reason. */
class TamperingTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");
    private static final SecureRandom RNG = new SecureRandom();
    private static Ed25519ExpandedSecretKey master;
    private static Ed25519ExpandedSecretKey signingKey;
    private static OnionAddress address;
    private static TimePeriod tp;
    private static List<IntroPoint> intros;
    private static String good;
    private static byte[] subcredential;

    @BeforeAll
    static void build() throws Exception {
        master = Ed25519ExpandedSecretKey.generate(RNG);
        signingKey = Ed25519ExpandedSecretKey.generate(RNG);
        address = OnionAddress.of(master.publicKey());
        tp = TimePeriod.containing(NOW);
        intros = RandomIntroPoints.generate(3, RNG, NOW.plus(Duration.ofDays(2)));
        good = MasterDescriptorBuilder.build(master, tp, 99, intros, BuildOptions.defaults(), NOW, RNG, signingKey).text();
        subcredential = Subcredential.of(master.publicKey(), OuterDocument.parse(good).layer()
                .signingKeyCert().signingKeyExtension().orElseThrow()).bytes();
        assertDoesNotThrow(() -> DescriptorVerifier.verify(good, address, List.of(tp), NOW));
    }

    private static Check rejection(String text) {
        return rejection(text, List.of(tp), NOW);
    }

    private static Check rejection(String text, List<TimePeriod> periods, Instant now) {
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(text, address, periods, now));
        assertFalse(e.getMessage().isBlank());
        return e.check();
    }

    private static byte[] flip(byte[] b, int index) {
        byte[] c = b.clone();
        int i = Math.floorMod(index, c.length);
        c[i] ^= 0x01;
        return c;
    }

    /** Replaces the base64 body of the n-th object with the given label. */
    private static String replaceObject(String text, String label, int occurrence, UnaryOperator<byte[]> change) {
        String begin = "-----BEGIN " + label + "-----\n";
        String end = "-----END " + label + "-----";
        int from = -1;
        for (int k = 0; k <= occurrence; k++) {
            from = text.indexOf(begin, from + 1);
        }
        int bodyStart = from + begin.length();
        int bodyEnd = text.indexOf(end, bodyStart);
        byte[] content = Base64.getMimeDecoder().decode(text.substring(bodyStart, bodyEnd));
        String body = new NetdocWriter().object(label, change.apply(content), false).toString();
        return text.substring(0, from) + body + text.substring(bodyEnd + end.length());
    }

    private static OuterDocument outer(String text) throws Exception {
        return OuterDocument.parse(text);
    }

    /** Re-encrypts changed layers and signs again with the real signing key, as a forger holding it could. */
    private static String reassemble(OuterLayer outer, byte[] superencrypted) {
        return OuterDocument.sign(new OuterLayer(outer.lifetimeMinutes(), outer.signingKeyCert(), outer.revisionCounter(),
                superencrypted), signingKey).text();
    }

    private static byte[] blinded() throws Exception {
        return outer(good).layer().signingKeyCert().signingKeyExtension().orElseThrow().bytes();
    }

    private static String withMiddle(UnaryOperator<MiddleLayer> change) throws Exception {
        OuterLayer o = outer(good).layer();
        MiddleLayer m = MiddleLayer.parse(DescriptorLayers.decryptSuperencrypted(o,
                o.signingKeyCert().signingKeyExtension().orElseThrow(), subcredential));
        byte[] plain = MasterDescriptorBuilder.padFirstLayer(change.apply(m).toText());
        return reassemble(o, DescriptorLayerCipher.encrypt(blinded(), subcredential, o.revisionCounter(),
                DescriptorLayerCipher.SUPERENCRYPTED, plain, RNG));
    }

    private static String withInnerText(UnaryOperator<String> change) throws Exception {
        OuterLayer o = outer(good).layer();
        return withMiddle(m -> {
            try {
                byte[] inner = DescriptorLayers.decryptEncrypted(m, o.signingKeyCert().signingKeyExtension().orElseThrow(),
                        subcredential, o.revisionCounter(), Optional.empty());
                byte[] changed = change.apply(new String(inner, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                return new MiddleLayer(m.authType(), m.ephemeralKey(), m.authClients(), DescriptorLayerCipher.encrypt(
                        blinded(), subcredential, o.revisionCounter(), DescriptorLayerCipher.ENCRYPTED, changed, RNG));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void flippedByteInTheDescriptorSignature() throws Exception {
        OuterDocument d = outer(good);
        String sig = NetdocWriter.base64Unpadded(d.signature());
        String bad = NetdocWriter.base64Unpadded(flip(d.signature(), 10));
        assertEquals(Check.DESCRIPTOR_SIGNATURE, rejection(good.replace("signature " + sig, "signature " + bad)));
    }

    /**
     * The signatures are checked in one batch after the layers are open; a check that fails before
     * that point must still lose to a signature that fails before it in Check's order.
     */
    @Test
    void aDamagedSignatureIsNamedBeforeTheLaterChecksItsDamageWouldAlsoFail() throws Exception {
        String badCert = replaceObject(good, "ED25519 CERT", 0, c -> flip(c, -1));
        Instant expiry = outer(good).layer().signingKeyCert().expiration();
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(badCert, List.of(tp), expiry.plusSeconds(1)));
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(badCert, List.of(tp.next().next().next()), NOW));
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(replaceObject(badCert, "MESSAGE", 0, c -> flip(c, 100))));
        OuterDocument d = outer(good);
        String badDocument = good.replace("signature " + NetdocWriter.base64Unpadded(d.signature()),
                "signature " + NetdocWriter.base64Unpadded(flip(d.signature(), 40)));
        assertEquals(Check.SIGNING_KEY_CERT_EXPIRY, rejection(badDocument, List.of(tp), expiry.plusSeconds(1)));
        assertEquals(Check.DESCRIPTOR_SIGNATURE, rejection(replaceObject(badDocument, "MESSAGE", 0, c -> flip(c, -3))));
    }

    @Test
    void flippedByteInTheSigningKeyCertificate() {
        // in the signature of the certificate, then in the certified key
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(replaceObject(good, "ED25519 CERT", 0, c -> flip(c, -1))));
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(replaceObject(good, "ED25519 CERT", 0, c -> flip(c, 8))));
        // the blinded key in the extension: the certificate then names a key that did not sign it
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(replaceObject(good, "ED25519 CERT", 0, c -> flip(c, 45))));
    }

    @Test
    void flippedByteInTheCiphertextIsCaughtByTheSignatureAndAfterResigningByTheMac() throws Exception {
        assertEquals(Check.DESCRIPTOR_SIGNATURE, rejection(replaceObject(good, "MESSAGE", 0, c -> flip(c, 100))));
        OuterLayer o = outer(good).layer();
        assertEquals(Check.SUPERENCRYPTED_MAC, rejection(reassemble(o, flip(o.superencrypted(), 100))));
        assertEquals(Check.SUPERENCRYPTED_MAC, rejection(reassemble(o, flip(o.superencrypted(), 3))), "salt");
    }

    @Test
    void flippedByteInTheFirstLayerMac() throws Exception {
        OuterLayer o = outer(good).layer();
        assertEquals(Check.SUPERENCRYPTED_MAC, rejection(reassemble(o, flip(o.superencrypted(), -1))));
    }

    @Test
    void flippedByteInTheSecondLayerCiphertextOrMac() throws Exception {
        // Re-signed by the service's own key, so the first layer is what the signer wrote: a second
        // layer that does not open without a cookie cannot be told from one encrypted for client
        // authorization (the auth-client lines look alike), so it is reported as restricted.
        assertEquals(Check.CLIENT_AUTHORIZATION, rejection(withMiddle(m -> new MiddleLayer(m.authType(), m.ephemeralKey(),
                m.authClients(), flip(m.encrypted(), 200)))));
        assertEquals(Check.CLIENT_AUTHORIZATION, rejection(withMiddle(m -> new MiddleLayer(m.authType(), m.ephemeralKey(),
                m.authClients(), flip(m.encrypted(), -1)))));
    }

    @Test
    void flippedByteInAnIntroPointCertificate() throws Exception {
        assertEquals(Check.INTRO_AUTH_KEY_CERT, rejection(withInnerText(t -> replaceObject(t, "ED25519 CERT", 2, c -> flip(c, -5)))));
        assertEquals(Check.INTRO_ENC_KEY_CERT, rejection(withInnerText(t -> replaceObject(t, "ED25519 CERT", 3, c -> flip(c, 20)))));
    }

    /** CERT_KEY_TYPE 0x03 (a digest) in place of 0x01 (ed25519), signed by {@code signer} as a forger holding it could. */
    private static byte[] reissuedWithKeyType3(byte[] encoded, Ed25519ExpandedSecretKey signer) {
        try {
            Ed25519Cert c = Ed25519Cert.parse(encoded);
            return Ed25519Cert.create(c.typeCode(), c.expirationHours(), 0x03, c.certifiedKeyBytes(),
                    c.extensions(), signer).encoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSigningKeyCertificateWhoseKeyTypeByteWasChangedIsRejectedNotACrash() throws Exception {
        String changed = replaceObject(good, "ED25519 CERT", 0, c -> {
            byte[] d = c.clone();
            d[6] = 0x03; // CERT_KEY_TYPE, cert-spec §2.1
            return d;
        });
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, rejection(changed));
    }

    @Test
    void aWellSignedSigningKeyCertificateThatCertifiesNoEd25519KeyIsRejected() throws Exception {
        Ed25519ExpandedSecretKey blindedSecret = KeyBlinding.blindSecretKey(master, tp);
        OuterLayer o = outer(good).layer();
        Ed25519Cert forged = Ed25519Cert.parse(reissuedWithKeyType3(o.signingKeyCert().encoded(), blindedSecret));
        String text = OuterDocument.sign(new OuterLayer(o.lifetimeMinutes(), forged, o.revisionCounter(),
                o.superencrypted()), signingKey).text();
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(text, address, List.of(tp), NOW));
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, e.check());
        assertTrue(e.getMessage().contains("does not certify an ed25519 signing key"), e.getMessage());
    }

    @Test
    void introPointCertificatesThatCertifyNoEd25519KeyAreRejected() throws Exception {
        DescriptorException auth = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verify(
                withInnerText(t -> replaceObject(t, "ED25519 CERT", 2, c -> reissuedWithKeyType3(c, signingKey))),
                address, List.of(tp), NOW));
        assertEquals(Check.INTRO_AUTH_KEY_CERT, auth.check());
        assertTrue(auth.getMessage().contains("intro point 2") && auth.getMessage().contains("type 0x03"), auth.getMessage());
        DescriptorException enc = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verify(
                withInnerText(t -> replaceObject(t, "ED25519 CERT", 3, c -> reissuedWithKeyType3(c, signingKey))),
                address, List.of(tp), NOW));
        assertEquals(Check.INTRO_ENC_KEY_CERT, enc.check());
        assertTrue(enc.getMessage().contains("type 0x03"), enc.getMessage());
    }

    @Test
    void aDescriptorOverHsv3MaxDescriptorSizeIsRefusedBeforeParsing() {
        // A stuffed but otherwise well-formed descriptor: 60,000 bytes of an unknown item before the signature.
        int sig = good.indexOf("signature ");
        String stuffed = good.substring(0, sig) + "x-padding " + "A".repeat(60_000) + "\n" + good.substring(sig);
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(stuffed, address, List.of(tp), NOW));
        assertEquals(Check.OUTER_LAYER_FORMAT, e.check());
        assertTrue(e.getMessage().contains("at most 50000 bytes (HSV3MaxDescriptorSize)"), e.getMessage());
        Runtime rt = Runtime.getRuntime();
        String huge = "x ".repeat(20_000_000); // 40 MB of one-letter items would need gigabytes as parsed items
        long before = rt.totalMemory() - rt.freeMemory();
        assertThrows(DescriptorParseException.class, () -> OuterDocument.parse(huge));
        assertTrue(rt.totalMemory() - rt.freeMemory() - before < 200L << 20, "refused without parsing");
    }

    @Test
    void introPointsCertifiedBySomeoneElse() throws Exception {
        Ed25519ExpandedSecretKey other = Ed25519ExpandedSecretKey.generate(RNG);
        IntroPoint foreign = RandomIntroPoints.one(RNG, other, NOW.plus(Duration.ofDays(2)));
        assertEquals(Check.INTRO_AUTH_KEY_CERT, rejection(withInnerText(t -> t + foreign.toText())));
    }

    @Test
    void descriptorOfAnotherIdentity() throws Exception {
        Ed25519ExpandedSecretKey stranger = Ed25519ExpandedSecretKey.generate(RNG);
        String forged = MasterDescriptorBuilder.build(stranger, tp, 99,
                RandomIntroPoints.generate(1, RNG, NOW.plus(Duration.ofDays(2))), NOW, RNG).text();
        assertEquals(Check.BLINDED_KEY_IDENTITY, rejection(forged));
    }

    @Test
    void blindedKeyOfAnotherTimePeriod() throws Exception {
        String old = MasterDescriptorBuilder.build(master, tp.previous().previous(), 99,
                RandomIntroPoints.generate(1, RNG, NOW.plus(Duration.ofDays(2))), NOW, RNG).text();
        assertEquals(Check.BLINDED_KEY_TIME_PERIOD, rejection(old));
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(old, address, List.of(tp), NOW));
        assertTrue(e.getMessage().contains("time period " + tp.previous().previous().number()), e.getMessage());
        assertDoesNotThrow(() -> DescriptorVerifier.verify(old, address, List.of(tp, tp.previous().previous()), NOW));
    }

    @Test
    void expiredSigningKeyCertificate() throws Exception {
        Instant expiry = outer(good).layer().signingKeyCert().expiration();
        assertEquals(Check.SIGNING_KEY_CERT_EXPIRY, rejection(good, List.of(tp), expiry.plusSeconds(1)));
        assertDoesNotThrow(() -> DescriptorVerifier.verify(good, address, List.of(tp), expiry));
    }

    @Test
    void expiredIntroPointCertificate() throws Exception {
        IntroPoint stale = RandomIntroPoints.one(RNG, signingKey, NOW.minus(Duration.ofHours(2)));
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(withInnerText(t -> t + stale.toText()), address, List.of(tp), NOW));
        assertEquals(Check.INTRO_AUTH_KEY_CERT, e.check());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void aRefetchedIdenticalDescriptorIsAcceptedAgainWhileItsTimeChecksHold() throws Exception {
        VerifiedDescriptor first = DescriptorVerifier.verify(good, address, List.of(tp), NOW);
        VerifiedDescriptor again = DescriptorVerifier.verifyRefetched(new String(good.toCharArray()), address, List.of(tp),
                NOW.plusSeconds(60), Optional.of(first));
        assertEquals(first.revisionCounter(), again.revisionCounter());
        assertEquals(first.introPoints(), again.introPoints());

        // The time-dependent checks run again on identical bytes.
        Instant expiry = outer(good).layer().signingKeyCert().expiration();
        DescriptorException expired = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verifyRefetched(
                good, address, List.of(tp), expiry.plusSeconds(1), Optional.of(first)));
        assertEquals(Check.SIGNING_KEY_CERT_EXPIRY, expired.check());
        DescriptorException moved = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verifyRefetched(
                good, address, List.of(tp.next()), NOW, Optional.of(first)));
        assertEquals(Check.BLINDED_KEY_TIME_PERIOD, moved.check());
        assertTrue(moved.getMessage().contains("time period " + tp.number()), moved.getMessage());
    }

    @Test
    void aRefetchedDescriptorThatDiffersIsVerifiedInFull() throws Exception {
        VerifiedDescriptor first = DescriptorVerifier.verify(good, address, List.of(tp), NOW);
        OuterDocument d = outer(good);
        String altered = good.replace("signature " + NetdocWriter.base64Unpadded(d.signature()),
                "signature " + NetdocWriter.base64Unpadded(flip(d.signature(), 7)));
        String resigned = good.replace("revision-counter 99", "revision-counter 100");
        assertEquals(Check.DESCRIPTOR_SIGNATURE, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verifyRefetched(altered, address, List.of(tp), NOW, Optional.of(first))).check());
        assertEquals(Check.DESCRIPTOR_SIGNATURE, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verifyRefetched(resigned, address, List.of(tp), NOW, Optional.of(first))).check());
        // Another service's earlier descriptor is no shortcut either.
        Ed25519ExpandedSecretKey other = Ed25519ExpandedSecretKey.generate(RNG);
        assertEquals(Check.BLINDED_KEY_IDENTITY, assertThrows(DescriptorException.class, () -> DescriptorVerifier.verifyRefetched(
                good, OnionAddress.of(other.publicKey()), List.of(tp), NOW, Optional.of(first))).check());
    }

    @Test
    void theSameDescriptorEncryptedForAnotherHsdirKeepsWhatWasDecryptedAndStillHasItsSignaturesChecked() throws Exception {
        VerifiedDescriptor first = DescriptorVerifier.verify(good, address, List.of(tp), NOW);
        // As tor does for each HSDir: same signing key and revision counter, fresh salts.
        String reencoded = MasterDescriptorBuilder.build(master, tp, 99, intros, BuildOptions.defaults(), NOW, RNG, signingKey).text();
        assertNotEquals(good, reencoded);
        VerifiedDescriptor again = DescriptorVerifier.verifyRefetched(reencoded, address, List.of(tp), NOW.plusSeconds(60),
                Optional.of(first));
        assertEquals(reencoded, again.outer().text());
        assertSame(first.inner(), again.inner(), "the layers were not decrypted again");
        assertEquals(DescriptorVerifier.verify(reencoded, address, List.of(tp), NOW).introPoints(), again.introPoints());

        OuterDocument d = outer(reencoded);
        String forged = reencoded.replace("signature " + NetdocWriter.base64Unpadded(d.signature()),
                "signature " + NetdocWriter.base64Unpadded(flip(d.signature(), 3)));
        assertEquals(Check.DESCRIPTOR_SIGNATURE, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verifyRefetched(forged, address, List.of(tp), NOW, Optional.of(first))).check());
        String badCert = replaceObject(reencoded, "ED25519 CERT", 0, b -> flip(b, b.length - 5));
        assertEquals(Check.SIGNING_KEY_CERT_SIGNATURE, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verifyRefetched(badCert, address, List.of(tp), NOW, Optional.of(first))).check());
        Instant expiry = d.layer().signingKeyCert().expiration();
        assertEquals(Check.SIGNING_KEY_CERT_EXPIRY, assertThrows(DescriptorException.class, () -> DescriptorVerifier.verifyRefetched(
                reencoded, address, List.of(tp), expiry.plusSeconds(1), Optional.of(first))).check());

        // A new signing key (a restarted backend) or a new revision counter is decrypted and checked in full.
        Ed25519ExpandedSecretKey otherSigningKey = Ed25519ExpandedSecretKey.generate(RNG);
        List<IntroPoint> newIntros = RandomIntroPoints.generate(2, RNG, NOW.plus(Duration.ofDays(2)));
        String restarted = MasterDescriptorBuilder.build(master, tp, 99, newIntros, BuildOptions.defaults(), NOW, RNG,
                otherSigningKey).text();
        assertEquals(2, DescriptorVerifier.verifyRefetched(restarted, address, List.of(tp), NOW, Optional.of(first))
                .introPoints().size());
    }

    @Test
    void anIntroPointCertificateThatExpiresIsCaughtOnARefetch() throws Exception {
        Instant soon = NOW.plus(Duration.ofHours(1));
        IntroPoint shortLived = RandomIntroPoints.one(RNG, signingKey, soon);
        String text = withInnerText(t -> t + shortLived.toText());
        VerifiedDescriptor first = DescriptorVerifier.verify(text, address, List.of(tp), NOW);
        Instant ipExpiry = shortLived.authKeyCert().expiration();
        assertTrue(ipExpiry.isBefore(first.signingKeyExpiry()), ipExpiry + " vs " + first.signingKeyExpiry());
        assertDoesNotThrow(() -> DescriptorVerifier.verifyRefetched(text, address, List.of(tp), ipExpiry, Optional.of(first)));
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorVerifier.verifyRefetched(
                text, address, List.of(tp), ipExpiry.plusSeconds(1), Optional.of(first)));
        assertEquals(Check.INTRO_AUTH_KEY_CERT, e.check());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void randomSingleCharacterDamageNeverGetsThroughOrCrashes() {
        long seed = RNG.nextLong();
        java.util.Random r = new java.util.Random(seed);
        String alphabet = "AZaz09+/= -\n\u00e9x";
        for (int i = 0; i < 150; i++) {
            char[] c = good.toCharArray();
            int at = r.nextInt(c.length);
            c[at] = alphabet.charAt(r.nextInt(alphabet.length()));
            String damaged = new String(c);
            try {
                VerifiedDescriptor v = DescriptorVerifier.verify(damaged, address, List.of(tp), NOW);
                // A change base64 decoding cannot see (e.g. unused trailing bits) may leave the bytes intact.
                assertEquals(3, v.introPoints().size(), "seed " + seed + " position " + at);
            } catch (DescriptorException expected) {
                assertNotNull(expected.check());
            }
        }
    }
}
