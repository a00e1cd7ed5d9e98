package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.keys.CertifiedSigningKey;
import net.onionbalance.doc.keys.ServiceIdentity;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The descriptor signing key of one service's descriptor slot, kept across builds as C tor keeps
 * it (hs_service.c: {@code build_service_desc_keys} makes one signing key per descriptor, i.e. per
 * time period, and keeps it until the descriptor rotates), with its signing-key certificate (type
 * 08, rend-spec-v3 §2.4) and the intro points' auth-key (09) and enc-key (0B) certificates it
 * signed (§2.5.2.2), so that a rebuild re-signs only what changed.
 *
 * <p>Where we differ from tor: tor re-issues every certificate before each upload; we reuse a
 * certificate while what it certifies, its signer and its expiry are unchanged. Ed25519
 * signatures are deterministic, so a reused certificate is byte for byte the one a fresh
 * signature would give.
 *
 * <p>With an offline key bundle ({@link ServiceIdentity#fixedSigningKeys()}) the key is the
 * bundle's for the period, kept for the whole period. With the identity key, the signing key rotates (a fresh key, a fresh signing-key certificate, and every intro point
 * certified again) when the time period changes, when the service's identity key changes, and
 * when its certificates have less than {@link #RENEW_BEFORE} left of their
 * {@link MasterDescriptorBuilder#CERT_LIFETIME} (so about every 30 h: a published descriptor
 * lives 3 h, and a client's clock may be off). All certificates of one key share its expiry.
 *
 * <p>Memory only: the secret key here (the signing key; the blinded secret key is not kept, and a bundle never holds one) is never written,
 * logged or shown ({@link #toString()} names only public keys). Bounded: {@link #retain} drops
 * the certificates of intro points no longer published, and the cache is cleared rather than
 * grow past {@link #MAX_KEPT_INTRO_POINTS}. Not thread-safe: the engine's thread owns it.
 */
public final class DescriptorSigningKey {
    /** Certificates with less than this left are not reused: the key rotates. */
    public static final Duration RENEW_BEFORE = Duration.ofHours(24);
    /** Six distinct descriptors of 20 intro points each, twice over (an assignment in flux). */
    static final int MAX_KEPT_INTRO_POINTS = 12 * InnerLayer.MAX_INTRO_POINTS;

    /** What an intro point's two certificates certify; the rest of the intro point is copied as given. */
    private record Certified(List<LinkSpecifier> linkSpecifiers, String onionKeyNtor, Ed25519PublicKey authKey,
                             String encKeyNtor, Ed25519PublicKey encKeyEd25519) {
        static Certified of(IntroPoint ip) {
            return new Certified(ip.linkSpecifiers(), HexFormat.of().formatHex(ip.onionKeyNtor()), ip.authKey(),
                    HexFormat.of().formatHex(ip.encKeyNtor()), ip.encKeyCert().certifiedKey());
        }
    }

    /** One signing key's state: what it was made for, and what it signed. */
    private static final class Kept {
        final Ed25519PublicKey master;
        final TimePeriod timePeriod;
        final boolean fixed;
        final Ed25519PublicKey blindedKey;
        final Ed25519ExpandedSecretKey signingKey;
        final Ed25519Cert signingKeyCert;
        final Map<Certified, IntroPoint> introPoints = new HashMap<>();

        Kept(ServiceIdentity master, TimePeriod tp, Instant now, SecureRandom rng) {
            this.master = master.publicKey();
            this.timePeriod = tp;
            this.fixed = master.fixedSigningKeys();
            CertifiedSigningKey k = master.signingKeyFor(tp, now, rng);
            this.blindedKey = k.blindedKey();
            this.signingKey = k.signingKey();
            this.signingKeyCert = k.certificate();
        }

        /** A bundle's key is the period's only one: kept to the end of the period, whatever its expiry. */
        boolean fits(ServiceIdentity master, TimePeriod tp, Instant now) {
            return this.master.equals(master.publicKey()) && timePeriod.equals(tp) && fixed == master.fixedSigningKeys()
                    && (fixed || !now.plus(RENEW_BEFORE).isAfter(signingKeyCert.expiration()));
        }
    }

    private Kept kept;
    private long rotations;

    /** An empty keeper: the first build makes the key. */
    public DescriptorSigningKey() {}

    /** The kept key for this service, period and time, made anew when it does not fit. */
    Keys keysFor(ServiceIdentity master, TimePeriod tp, Instant now, SecureRandom rng) {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(tp, "tp");
        if (kept == null || !kept.fits(master, tp, now)) {
            kept = new Kept(master, tp, now, rng);
            rotations++;
        }
        return new Keys(kept);
    }

    /** The keys one build uses: the blinded key, the signing key and its certificate, the intro certificates. */
    static final class Keys {
        private final Kept kept;

        private Keys(Kept kept) {
            this.kept = kept;
        }

        Ed25519PublicKey blindedKey() {
            return kept.blindedKey;
        }

        Ed25519ExpandedSecretKey signingKey() {
            return kept.signingKey;
        }

        Ed25519Cert signingKeyCert() {
            return kept.signingKeyCert;
        }

        /** The intro point with certificates by this signing key: the kept ones if it is unchanged. */
        IntroPoint recertified(IntroPoint ip) {
            Certified what = Certified.of(ip);
            IntroPoint done = kept.introPoints.get(what);
            if (done == null) {
                if (kept.introPoints.size() >= MAX_KEPT_INTRO_POINTS) {
                    kept.introPoints.clear(); // never reached with retain() per round; a bound all the same
                }
                done = ip.recertified(kept.signingKey, kept.signingKeyCert.expiration());
                kept.introPoints.put(what, done);
            }
            return done;
        }
    }

    /**
     * Keeps only the certificates of these intro points (all a slot publishes this round, across
     * its distinct descriptors): a backend's old intro points leave the cache with it.
     */
    public void retain(Collection<IntroPoint> current) {
        if (kept == null) {
            return;
        }
        Set<Certified> keep = new HashSet<>();
        for (IntroPoint ip : current) {
            keep.add(Certified.of(ip));
        }
        kept.introPoints.keySet().retainAll(keep);
    }

    /** Drops the key and everything it signed (the next build makes a new one). */
    public void forget() {
        kept = null;
    }

    /** How many intro points' certificates are kept. */
    public int keptIntroPoints() {
        return kept == null ? 0 : kept.introPoints.size();
    }

    /** How many signing keys this keeper has made. */
    public long rotations() {
        return rotations;
    }

    /** The current signing key's public half, if one is kept. */
    public Optional<Ed25519PublicKey> signingPublicKey() {
        return kept == null ? Optional.empty() : Optional.of(kept.signingKey.publicKey());
    }

    @Override
    public String toString() {
        return kept == null ? "DescriptorSigningKey[none]"
                : "DescriptorSigningKey[" + kept.timePeriod + ", signing key " + kept.signingKey.publicKey().base64()
                        + ", expires " + kept.signingKeyCert.expiration() + ", " + kept.introPoints.size() + " intro points]";
    }
}
