package net.onionbalance.doc.keys;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.RevisionCounter;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The master identity key itself, as onionbalance 0.2.x holds it: it blinds itself for any
 * period and certifies a fresh descriptor signing key whenever asked, as C tor does
 * (hs_service.c build_service_desc_keys).
 */
public final class FullKeyIdentity implements ServiceIdentity {
    /** Lifetime of the signing-key and intro certificates, from the next whole hour (tor HS_DESC_CERT_LIFETIME). */
    public static final Duration CERT_LIFETIME = Duration.ofHours(54);

    private final IdentityKey key;

    public FullKeyIdentity(IdentityKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    public IdentityKey identityKey() {
        return key;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public Optional<SigningGap> gapFor(TimePeriod tp) {
        return Optional.empty();
    }

    @Override
    public CertifiedSigningKey signingKeyFor(TimePeriod tp, Instant now, SecureRandom rng) {
        return certify(KeyBlinding.blindSecretKey(key.secretKey(), tp), Ed25519ExpandedSecretKey.generate(rng),
                nextWholeHour(now).plus(CERT_LIFETIME));
    }

    /** {@code signingKey} certified (type 08, with the signer in its extension) by {@code blindedSecret} until {@code expiry}. */
    static CertifiedSigningKey certify(Ed25519ExpandedSecretKey blindedSecret, Ed25519ExpandedSecretKey signingKey,
                                       Instant expiry) {
        Ed25519Cert cert = Ed25519Cert.create(CertType.HS_V3_DESC_SIGNING, signingKey.publicKey(), expiry,
                blindedSecret, true);
        return new CertifiedSigningKey(signingKey, cert, blindedSecret.publicKey());
    }

    @Override
    public boolean fixedSigningKeys() {
        return false;
    }

    @Override
    public byte[] revisionCounterKey() {
        byte[] s = key.opeSecret();
        try {
            return RevisionCounter.key(s);
        } finally {
            java.util.Arrays.fill(s, (byte) 0);
        }
    }

    @Override
    public Optional<Instant> signsUntil() {
        return Optional.empty();
    }

    /** The next whole hour at or after {@code now}: where tor starts a certificate's lifetime. */
    public static Instant nextWholeHour(Instant now) {
        long s = now.getEpochSecond();
        return Instant.ofEpochSecond(Math.floorDiv(s + 3599, 3600) * 3600);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FullKeyIdentity f && key.equals(f.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "FullKeyIdentity[" + key + "]";
    }
}
