package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A backend descriptor that passed every {@link Check}: safe to take intro points from.
 *
 * @param address     the onion address it was verified for
 * @param timePeriod  the acceptable time period whose blinded key it carries
 * @param blindedKey  the blinded key (from the signing-key certificate, equal to blind(identity, timePeriod))
 * @param signingKey  the descriptor signing key that signed the document and the intro point certificates
 * @param outer       the parsed outer document (signed text and signature)
 * @param middle      the decrypted first layer
 * @param inner       the decrypted second layer
 */
public record VerifiedDescriptor(OnionAddress address, TimePeriod timePeriod, Ed25519PublicKey blindedKey,
                                 Ed25519PublicKey signingKey, OuterDocument outer, MiddleLayer middle, InnerLayer inner) {
    public long revisionCounter() {
        return outer.layer().revisionCounter();
    }

    public Duration lifetime() {
        return Duration.ofMinutes(outer.layer().lifetimeMinutes());
    }

    public Instant signingKeyExpiry() {
        return outer.layer().signingKeyCert().expiration();
    }

    public List<IntroPoint> introPoints() {
        return inner.introPoints();
    }

    /**
     * Whether the backend asks clients for proof-of-work ({@code pow-params}, hspow-spec §2).
     * A master descriptor never carries the line (the backend checks a solution against its own
     * seed and blinded key, hspow-spec §3.4.1), so clients reaching this backend through the
     * master do not solve puzzles: under a PoW attack on the backend they queue at effort 0.
     */
    public boolean advertisesPow() {
        return !inner.powParams().isEmpty();
    }

    /** Whether the backend offers congestion control ({@code flow-control}, proposal 324). */
    public boolean advertisesFlowControl() {
        return inner.flowControl().isPresent();
    }

    @Override
    public String toString() {
        return "VerifiedDescriptor[" + address + ", " + timePeriod + ", revision " + Long.toUnsignedString(revisionCounter())
                + ", " + introPoints().size() + " intro points]";
    }
}
