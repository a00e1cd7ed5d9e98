package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.DescriptorLayerCipher;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Backend descriptors with lines a master never writes (pow-params, a malformed proto), for tests
 * in other packages: signed and encrypted with the backend's key as its tor would.
 */
public final class BackendDescriptors {
    private BackendDescriptors() {}

    public static String withPow(Ed25519ExpandedSecretKey key, TimePeriod tp, List<IntroPoint> intros, BuildOptions options,
                                 PowParams pow, Instant now, SecureRandom rng) throws DescriptorBuildException {
        return withPow(key, tp, intros, options, List.of(pow), now, rng);
    }

    /** Several pow-params lines, written as given (one scheme twice too: InnerLayer checks that only when parsing). */
    public static String withPow(Ed25519ExpandedSecretKey key, TimePeriod tp, List<IntroPoint> intros, BuildOptions options,
                                 List<PowParams> pow, Instant now, SecureRandom rng) throws DescriptorBuildException {
        return MasterDescriptorBuilder.buildAsBackend(key, tp, 3, intros, options, pow, now, rng).text();
    }

    /**
     * A backend descriptor whose second-layer text is {@code edit} applied to what the builder
     * wrote, encrypted and signed again with the same keys: what a backend's tor writing that
     * text would publish.
     */
    public static String withInnerText(Ed25519ExpandedSecretKey key, TimePeriod tp, List<IntroPoint> intros,
                                       UnaryOperator<String> edit, Instant now, SecureRandom rng) throws Exception {
        Ed25519ExpandedSecretKey signingKey = Ed25519ExpandedSecretKey.generate(rng);
        String built = MasterDescriptorBuilder.build(key, tp, 3, intros, BuildOptions.defaults(), now, rng, signingKey).text();
        OuterLayer o = OuterDocument.parse(built).layer();
        Ed25519PublicKey blinded = o.signingKeyCert().signingKeyExtension().orElseThrow();
        byte[] subcredential = Subcredential.of(key.publicKey(), blinded).bytes();
        MiddleLayer m = MiddleLayer.parse(DescriptorLayers.decryptSuperencrypted(o, blinded, subcredential));
        byte[] inner = DescriptorLayers.decryptEncrypted(m, blinded, subcredential, o.revisionCounter(), Optional.empty());
        byte[] changed = edit.apply(new String(inner, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        MiddleLayer m2 = new MiddleLayer(m.authType(), m.ephemeralKey(), m.authClients(), DescriptorLayerCipher.encrypt(
                blinded.bytes(), subcredential, o.revisionCounter(), DescriptorLayerCipher.ENCRYPTED, changed, rng));
        byte[] superencrypted = DescriptorLayerCipher.encrypt(blinded.bytes(), subcredential, o.revisionCounter(),
                DescriptorLayerCipher.SUPERENCRYPTED, MasterDescriptorBuilder.padFirstLayer(m2.toText()), rng);
        return OuterDocument.sign(new OuterLayer(o.lifetimeMinutes(), o.signingKeyCert(), o.revisionCounter(),
                superencrypted), signingKey).text();
    }

    /** {@link #withInnerText} adding {@code lines} (each ending in a newline) after the layer's first line. */
    public static String withInnerLines(Ed25519ExpandedSecretKey key, TimePeriod tp, List<IntroPoint> intros,
                                        String lines, Instant now, SecureRandom rng) throws Exception {
        return withInnerText(key, tp, intros, t -> {
            int eol = t.indexOf('\n') + 1;
            return t.substring(0, eol) + lines + t.substring(eol);
        }, now, rng);
    }
}
