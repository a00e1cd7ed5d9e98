package net.onionbalance.doc.hsdesc;

import net.onionbalance.io.InputLimits;
import net.onionbalance.crypto.DescriptorLayerCipher;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.crypto.X25519PublicKey;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;
import net.onionbalance.doc.keys.FullKeyIdentity;
import net.onionbalance.doc.keys.ServiceIdentity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds, encrypts and signs a master descriptor listing intro points taken from backend
 * descriptors, the way C tor builds its own (rend-spec-v3 §2.4–2.5, hs_descriptor.c):
 * a descriptor signing key certified (type 08) by the blinded master key, kept per service and
 * slot by a {@link DescriptorSigningKey} (or fresh per build without one); each intro point's
 * auth-key (09) and enc-key (0B) certificates issued by that signing key over the same
 * certified keys (and reused while both are unchanged); the revision counter, both layers'
 * encryption and the outer signature new at every build; the first-layer plaintext NUL-padded to a multiple of
 * 10,000 bytes; without client authorization, 16 random auth-client lines and a fresh
 * ephemeral key, so the descriptor looks like any other.
 */
public final class MasterDescriptorBuilder {
    /** HSDirs' default HSV3MaxDescriptorSize; the consensus may set another ({@link BuildOptions#maxDescriptorBytes()}). */
    public static final int MAX_DESCRIPTOR_BYTES = InputLimits.DESCRIPTOR_BYTES;
    /** rend-spec-v3 §2.5.1.1: first-layer plaintext padded to a multiple of this. */
    public static final int FIRST_LAYER_PADDING_MULTIPLE = 10_000;
    /** rend-spec-v3 §2.5.1.2: auth-client lines come in multiples of this. */
    public static final int AUTH_CLIENT_MULTIPLE = 16;
    /** Lifetime of the signing-key and intro certificates, from the next whole hour (tor HS_DESC_CERT_LIFETIME). */
    public static final Duration CERT_LIFETIME = FullKeyIdentity.CERT_LIFETIME;

    private MasterDescriptorBuilder() {}

    /** With {@link BuildOptions#defaults()}: what the engine publishes. */
    public static BuiltDescriptor build(IdentityKey master, TimePeriod tp, long revisionCounter,
                                        List<IntroPoint> introPoints, Instant now, SecureRandom rng)
            throws DescriptorBuildException {
        return build(master.secretKey(), tp, revisionCounter, introPoints, BuildOptions.defaults(), now, rng);
    }

    public static BuiltDescriptor build(IdentityKey master, TimePeriod tp, long revisionCounter,
                                        List<IntroPoint> introPoints, BuildOptions options, Instant now, SecureRandom rng)
            throws DescriptorBuildException {
        return build(master.secretKey(), tp, revisionCounter, introPoints, options, now, rng);
    }

    /** With {@link BuildOptions#defaults()}. */
    public static BuiltDescriptor build(Ed25519ExpandedSecretKey master, TimePeriod tp, long revisionCounter,
                                        List<IntroPoint> introPoints, Instant now, SecureRandom rng)
            throws DescriptorBuildException {
        return build(master, tp, revisionCounter, introPoints, BuildOptions.defaults(), now, rng);
    }

    public static BuiltDescriptor build(Ed25519ExpandedSecretKey master, TimePeriod tp, long revisionCounter,
                                        List<IntroPoint> introPoints, BuildOptions options, Instant now, SecureRandom rng)
            throws DescriptorBuildException {
        return build(master, tp, revisionCounter, introPoints, options, now, rng, Ed25519ExpandedSecretKey.generate(rng));
    }

    /**
     * What the engine publishes: with the slot's kept signing key and certificates
     * ({@code keys} makes a new key when the period, the identity key or the certificates'
     * remaining lifetime call for one).
     */
    public static BuiltDescriptor build(IdentityKey master, TimePeriod tp, long revisionCounter,
                                        List<IntroPoint> introPoints, BuildOptions options, Instant now, SecureRandom rng,
                                        DescriptorSigningKey keys) throws DescriptorBuildException {
        return build(new FullKeyIdentity(Objects.requireNonNull(master, "master")), tp, revisionCounter, introPoints,
                options, now, rng, keys);
    }

    /**
     * As above, from the identity key or an offline key bundle. The caller checks
     * {@link ServiceIdentity#gapFor} first: a period the identity cannot sign for throws
     * IllegalStateException.
     */
    public static BuiltDescriptor build(ServiceIdentity master, TimePeriod tp, long revisionCounter,
                                        List<IntroPoint> introPoints, BuildOptions options, Instant now, SecureRandom rng,
                                        DescriptorSigningKey keys) throws DescriptorBuildException {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(keys, "keys");
        checkIntroPointCount(introPoints);
        DescriptorSigningKey.Keys k = keys.keysFor(master, tp, Objects.requireNonNull(now, "now"), rng);
        return build(master.publicKey(), k.blindedKey(), tp, revisionCounter,
                introPoints.stream().map(k::recertified).toList(), options, List.of(), now, rng, k.signingKey(),
                k.signingKeyCert());
    }

    /** With a given descriptor signing key: for tests that must re-sign altered descriptors. */
    static BuiltDescriptor build(Ed25519ExpandedSecretKey master, TimePeriod tp, long revisionCounter,
                                 List<IntroPoint> introPoints, BuildOptions options, Instant now, SecureRandom rng,
                                 Ed25519ExpandedSecretKey signingKey) throws DescriptorBuildException {
        return build(master, tp, revisionCounter, introPoints, options, List.of(), now, rng, signingKey);
    }

    /**
     * As a backend's tor would build it, with {@code pow-params}: for tests only. A master
     * descriptor never carries them (see {@link MasterFeatures}), so no public path writes them.
     */
    static BuiltDescriptor buildAsBackend(Ed25519ExpandedSecretKey key, TimePeriod tp, long revisionCounter,
                                          List<IntroPoint> introPoints, BuildOptions options, List<PowParams> pow,
                                          Instant now, SecureRandom rng) throws DescriptorBuildException {
        return build(key, tp, revisionCounter, introPoints, options, pow, now, rng, Ed25519ExpandedSecretKey.generate(rng));
    }

    private static BuiltDescriptor build(Ed25519ExpandedSecretKey master, TimePeriod tp, long revisionCounter,
                                         List<IntroPoint> introPoints, BuildOptions options, List<PowParams> pow,
                                         Instant now, SecureRandom rng, Ed25519ExpandedSecretKey signingKey)
            throws DescriptorBuildException {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(tp, "tp");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(now, "now");
        checkIntroPointCount(introPoints);
        Ed25519ExpandedSecretKey blindedSecret = KeyBlinding.blindSecretKey(master, tp);
        Instant expiry = nextWholeHour(now).plus(CERT_LIFETIME);
        Ed25519Cert signingCert = Ed25519Cert.create(CertType.HS_V3_DESC_SIGNING, signingKey.publicKey(), expiry,
                blindedSecret, true);
        List<IntroPoint> recertified = introPoints.stream().map(ip -> ip.recertified(signingKey, expiry)).toList();
        return build(master.publicKey(), blindedSecret.publicKey(), tp, revisionCounter, recertified, options, pow, now,
                rng, signingKey, signingCert);
    }

    /**
     * How many of {@code introPoints}, the first ones in order, fit in a descriptor built with
     * {@code options} within {@code options.maxDescriptorBytes()} (HSV3MaxDescriptorSize). A
     * descriptor's size depends only on the lengths of its texts, never on the key or random
     * values (fixed-length base64 throughout), so throwaway keys and the longest revision counter
     * (20 digits) measure it; about five builds, a binary search.
     */
    public static int introPointsThatFit(List<IntroPoint> introPoints, BuildOptions options, Instant now, SecureRandom rng) {
        Ed25519ExpandedSecretKey throwaway = Ed25519ExpandedSecretKey.generate(rng);
        TimePeriod tp = TimePeriod.containing(now);
        BuildOptions unbounded = options.withMaxDescriptorBytes(Integer.MAX_VALUE);
        int lo = 0;
        int hi = Math.min(introPoints.size(), InnerLayer.MAX_INTRO_POINTS);
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            int size;
            try {
                size = build(throwaway, tp, -1L, introPoints.subList(0, mid), unbounded, now, rng).sizeBytes();
            } catch (DescriptorBuildException e) {
                throw new IllegalStateException("an unbounded build cannot be too large", e);
            }
            if (size <= options.maxDescriptorBytes()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static void checkIntroPointCount(List<IntroPoint> introPoints) throws TooManyIntroPointsException {
        if (introPoints.size() > InnerLayer.MAX_INTRO_POINTS) {
            throw new TooManyIntroPointsException(introPoints.size());
        }
    }

    /** The per-build part: the intro points already certified by {@code signingKey}. */
    private static BuiltDescriptor build(Ed25519PublicKey identity, Ed25519PublicKey blinded,
                                         TimePeriod tp, long revisionCounter, List<IntroPoint> recertified,
                                         BuildOptions options, List<PowParams> pow, Instant now, SecureRandom rng,
                                         Ed25519ExpandedSecretKey signingKey, Ed25519Cert signingCert)
            throws DescriptorBuildException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(rng, "rng");
        Subcredential subcredential = Subcredential.of(identity, blinded);
        InnerLayer inner = new InnerLayer(List.of(InnerLayer.CREATE2_NTOR), List.of(), options.singleOnionService(),
                options.flowControl(), options.proto(), pow, recertified); // pow is empty for every master: see MasterFeatures

        X25519PrivateKey ephemeral = X25519PrivateKey.generate(rng);
        FirstLayerAuth auth = firstLayerAuth(options.clientAuthorization(), subcredential, ephemeral, rng);
        byte[] innerSecret = concat(blinded.bytes(), auth.descriptorCookie().orElse(new byte[0]));
        byte[] encrypted = DescriptorLayerCipher.encrypt(innerSecret, subcredential.bytes(), revisionCounter,
                DescriptorLayerCipher.ENCRYPTED, inner.toText().getBytes(StandardCharsets.US_ASCII), rng);
        MiddleLayer middle = new MiddleLayer(MiddleLayer.AUTH_TYPE_X25519, ephemeral.publicKey().bytes(),
                auth.authClients(), encrypted);
        byte[] superencrypted = DescriptorLayerCipher.encrypt(blinded.bytes(), subcredential.bytes(), revisionCounter,
                DescriptorLayerCipher.SUPERENCRYPTED, padFirstLayer(middle.toText()), rng);

        OuterLayer outer = new OuterLayer(options.lifetimeMinutes(), signingCert, revisionCounter, superencrypted);
        String text = OuterDocument.sign(outer, signingKey).text();
        int size = text.length();
        if (size > options.maxDescriptorBytes()) {
            throw new DescriptorTooLargeException(size, recertified.size(), options.maxDescriptorBytes());
        }
        return new BuiltDescriptor(text, blinded, signingKey.publicKey(), signingCert.expiration(), revisionCounter,
                recertified.size(), size);
    }

    private record FirstLayerAuth(List<AuthClient> authClients, Optional<byte[]> descriptorCookie) {}

    private static FirstLayerAuth firstLayerAuth(ClientAuthorization authorization, Subcredential subcredential,
                                                 X25519PrivateKey ephemeral, SecureRandom rng) {
        List<AuthClient> lines = new ArrayList<>();
        Optional<byte[]> cookie = Optional.empty();
        if (authorization instanceof ClientAuthorization.Restricted restricted) {
            byte[] descriptorCookie = random(rng, DescriptorLayers.DESCRIPTOR_COOKIE_LENGTH);
            for (X25519PublicKey client : restricted.clients()) {
                ClientAuthKeys keys = ClientAuthKeys.derive(subcredential, ephemeral, client);
                byte[] iv = random(rng, AuthClient.IV_LENGTH);
                lines.add(new AuthClient(keys.clientId(), iv, keys.cookieStream(iv, descriptorCookie)));
            }
            cookie = Optional.of(descriptorCookie);
        }
        // Fakes fill up to a multiple of 16 (at least 16) so the line count reveals little.
        int total = Math.max(AUTH_CLIENT_MULTIPLE,
                (lines.size() + AUTH_CLIENT_MULTIPLE - 1) / AUTH_CLIENT_MULTIPLE * AUTH_CLIENT_MULTIPLE);
        while (lines.size() < total) {
            lines.add(new AuthClient(random(rng, AuthClient.CLIENT_ID_LENGTH), random(rng, AuthClient.IV_LENGTH),
                    random(rng, AuthClient.COOKIE_LENGTH)));
        }
        Collections.shuffle(lines, rng);
        return new FirstLayerAuth(lines, cookie);
    }

    static byte[] padFirstLayer(String text) {
        byte[] plain = text.getBytes(StandardCharsets.US_ASCII);
        int padded = (plain.length + FIRST_LAYER_PADDING_MULTIPLE - 1) / FIRST_LAYER_PADDING_MULTIPLE
                * FIRST_LAYER_PADDING_MULTIPLE;
        return Arrays.copyOf(plain, padded);
    }

    static Instant nextWholeHour(Instant now) {
        return FullKeyIdentity.nextWholeHour(now);
    }

    private static byte[] random(SecureRandom rng, int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
