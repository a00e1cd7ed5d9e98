package net.onionbalance.doc.keys;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * What a balancer needs of a master onion service's key to publish its descriptors (rend-spec-v3
 * §1.7): the identity public key, per time period a descriptor signing key certified by that
 * period's blinded key, and the revision-counter key. The identity key itself ({@link
 * FullKeyIdentity}) can make all of them for any period; an offline key bundle ({@link
 * KeyBundle}) holds them made in advance for a run of periods, without the identity secret.
 */
public interface ServiceIdentity {
    Ed25519PublicKey publicKey();

    default OnionAddress onionAddress() {
        return OnionAddress.of(publicKey());
    }

    /** Why no descriptor can be signed for {@code tp}, or empty when one can. */
    Optional<SigningGap> gapFor(TimePeriod tp);

    /**
     * A descriptor signing key for {@code tp} and its certificate by {@code tp}'s blinded key. The
     * identity key makes a fresh one at each call, valid {@link FullKeyIdentity#CERT_LIFETIME} from
     * the next whole hour after {@code now}; a bundle gives its one key for the period.
     *
     * @throws IllegalStateException when {@link #gapFor} is not empty (callers check first)
     */
    CertifiedSigningKey signingKeyFor(TimePeriod tp, Instant now, SecureRandom rng);

    /**
     * True when {@link #signingKeyFor} gives one fixed key per period (a bundle): a keeper must
     * keep it for the whole period rather than rotate it before its certificate runs low.
     */
    boolean fixedSigningKeys();

    /** K of the revision counter ({@link net.onionbalance.crypto.RevisionCounter#key}): a copy, secret. */
    byte[] revisionCounterKey();

    /**
     * When this identity first cannot sign a descriptor the network needs (a bundle: when the
     * next-period slot needs the period after its last); empty for the identity key itself.
     */
    Optional<Instant> signsUntil();
}
