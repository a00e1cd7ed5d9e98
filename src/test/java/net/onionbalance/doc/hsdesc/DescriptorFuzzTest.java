package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.DescriptorLayerCipher;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.CertParseException;
import net.onionbalance.doc.cert.CertVerificationException;
import net.onionbalance.doc.cert.Ed25519Cert;
import net.onionbalance.testsupport.Fuzz;
import net.onionbalance.testsupport.Mutator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzing of the descriptor parser and verifier, layer by layer. The middle and inner layers
 * are re-encrypted and re-signed with the real keys after mutation, as a forger holding the
 * descriptor signing key could, so the mutations reach the parsers behind the signature and
 * the MACs. Whatever the input, the verifier answers with a {@link DescriptorException}.
 */
public class DescriptorFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");
    private static final SecureRandom RNG = new SecureRandom();
    private static final String[] WORDS = {"hs-descriptor 3", "descriptor-lifetime 180", "descriptor-signing-key-cert",
            "revision-counter", "superencrypted", "signature", "desc-auth-type x25519", "desc-auth-ephemeral-key",
            "auth-client", "encrypted", "create2-formats 2", "intro-auth-required ed25519", "single-onion-service",
            "pow-params v1", "introduction-point", "onion-key ntor", "auth-key", "enc-key ntor", "enc-key-cert",
            "legacy-key", "legacy-key-cert", "-----BEGIN ED25519 CERT-----", "-----END ED25519 CERT-----",
            "-----BEGIN MESSAGE-----", "-----END MESSAGE-----", "flow-control 1-2 31"};

    private static final Ed25519ExpandedSecretKey MASTER = Ed25519ExpandedSecretKey.generate(RNG);
    private static final Ed25519ExpandedSecretKey SIGNING = Ed25519ExpandedSecretKey.generate(RNG);
    private static final OnionAddress ADDRESS = OnionAddress.of(MASTER.publicKey());
    private static final TimePeriod TP = TimePeriod.containing(NOW);
    private static final String GOOD;
    private static final OuterLayer OUTER;
    private static final Ed25519PublicKey BLINDED;
    private static final byte[] SUBCREDENTIAL;
    private static final MiddleLayer MIDDLE;
    private static final String INNER_TEXT;

    static {
        try {
            GOOD = MasterDescriptorBuilder.build(MASTER, TP, 99, RandomIntroPoints.generate(3, RNG, NOW.plus(Duration.ofDays(2))),
                    BuildOptions.defaults(), NOW, RNG, SIGNING).text();
            OUTER = OuterDocument.parse(GOOD).layer();
            BLINDED = OUTER.signingKeyCert().signingKeyExtension().orElseThrow();
            SUBCREDENTIAL = Subcredential.of(MASTER.publicKey(), BLINDED).bytes();
            MIDDLE = MiddleLayer.parse(DescriptorLayers.decryptSuperencrypted(OUTER, BLINDED, SUBCREDENTIAL));
            INNER_TEXT = new String(DescriptorLayers.decryptEncrypted(MIDDLE, BLINDED, SUBCREDENTIAL, OUTER.revisionCounter(),
                    java.util.Optional.empty()), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Arbitrary<byte[]> seeds(String target, String generated) {
        List<byte[]> all = new ArrayList<>(Mutator.corpus(target));
        all.add(generated.getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.of(all);
    }

    @Provide
    Arbitrary<byte[]> outerSeeds() {
        return seeds("outer", GOOD);
    }

    @Provide
    Arbitrary<byte[]> middleSeeds() {
        return seeds("middle", MIDDLE.toText());
    }

    @Provide
    Arbitrary<byte[]> innerSeeds() {
        return seeds("inner", INNER_TEXT);
    }

    @Provide
    Arbitrary<byte[]> certSeeds() {
        List<byte[]> certs = new ArrayList<>(Mutator.corpus("certs"));
        Matcher m = Pattern.compile("-----BEGIN ED25519 CERT-----\n([^-]*)-----END").matcher(GOOD + INNER_TEXT
                + new String(Mutator.corpus("inner").get(0), StandardCharsets.ISO_8859_1));
        while (m.find()) {
            certs.add(Base64.getMimeDecoder().decode(m.group(1)));
        }
        return Arbitraries.of(certs);
    }

    private static void verify(String text) {
        Fuzz.onlyTypedErrors(() -> DescriptorVerifier.verify(text, ADDRESS, List.of(TP), NOW), DescriptorException.class);
    }

    private static String resignedWithMiddle(byte[] middlePlaintext) {
        return OuterDocument.sign(new OuterLayer(OUTER.lifetimeMinutes(), OUTER.signingKeyCert(), OUTER.revisionCounter(),
                DescriptorLayerCipher.encrypt(BLINDED.bytes(), SUBCREDENTIAL, OUTER.revisionCounter(),
                        DescriptorLayerCipher.SUPERENCRYPTED, middlePlaintext, RNG)), SIGNING).text();
    }

    /** The harness itself: an unchanged layer, re-encrypted and re-signed, verifies (so mutations reach the parsers). */
    @Example
    void unchangedLayersResignedVerify() throws DescriptorException {
        MiddleLayer m = new MiddleLayer(MIDDLE.authType(), MIDDLE.ephemeralKey(), MIDDLE.authClients(),
                DescriptorLayerCipher.encrypt(BLINDED.bytes(), SUBCREDENTIAL, OUTER.revisionCounter(),
                        DescriptorLayerCipher.ENCRYPTED, INNER_TEXT.getBytes(StandardCharsets.US_ASCII), RNG));
        String text = resignedWithMiddle(MasterDescriptorBuilder.padFirstLayer(m.toText()));
        if (DescriptorVerifier.verify(text, ADDRESS, List.of(TP), NOW).introPoints().size() != 3) {
            throw new AssertionError("the re-signed descriptor lost its intro points");
        }
    }

    @Property
    void outerLayer(@ForAll("outerSeeds") byte[] seed, @ForAll long mutation) {
        outer(Mutator.mutate(seed, mutation, WORDS));
    }

    @Property
    void middleLayerBehindTheSignature(@ForAll("middleSeeds") byte[] seed, @ForAll long mutation) {
        middle(Mutator.mutate(seed, mutation, WORDS));
    }

    @Property
    void innerLayerBehindTheSignatureAndBothMacs(@ForAll("innerSeeds") byte[] seed, @ForAll long mutation) {
        inner(Mutator.mutate(seed, mutation, WORDS));
    }

    @Property
    void certificates(@ForAll("certSeeds") byte[] seed, @ForAll long mutation) {
        certificate(Mutator.mutate(seed, mutation));
    }

    // The targets, also run by scripts/fuzz's coverage-guided fuzzer (net.onionbalance.fuzz.FuzzTargets).

    /** A whole descriptor as an HSDir could serve it: parsed, then verified. */
    public static void outer(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        Fuzz.onlyTypedErrors(() -> OuterDocument.parse(text), DescriptorParseException.class);
        verify(text);
    }

    /** The middle layer's plaintext, encrypted and signed with the real keys: reaches past signature and MAC. */
    public static void middle(byte[] plaintext) {
        verify(resignedWithMiddle(plaintext));
    }

    /** The inner layer's plaintext, encrypted in a middle layer and signed: reaches past signature and both MACs. */
    public static void inner(byte[] plaintext) {
        MiddleLayer m = new MiddleLayer(MIDDLE.authType(), MIDDLE.ephemeralKey(), MIDDLE.authClients(),
                DescriptorLayerCipher.encrypt(BLINDED.bytes(), SUBCREDENTIAL, OUTER.revisionCounter(),
                        DescriptorLayerCipher.ENCRYPTED, plaintext, RNG));
        verify(resignedWithMiddle(MasterDescriptorBuilder.padFirstLayer(m.toText())));
    }

    /** An ed25519 certificate (tor's cert-spec): parsed, printed, verified. */
    public static void certificate(byte[] bytes) {
        Fuzz.onlyTypedErrors(() -> {
            Ed25519Cert c = Ed25519Cert.parse(bytes);
            c.toString();
            c.verify(SIGNING.publicKey(), NOW);
            c.certifiedKey(); // safe once verified
        }, CertParseException.class, CertVerificationException.class);
    }
}
