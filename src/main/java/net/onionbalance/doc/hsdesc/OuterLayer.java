package net.onionbalance.doc.hsdesc;

import net.onionbalance.doc.cert.Ed25519Cert;

import java.util.Arrays;
import java.util.Objects;

/**
 * The signed fields of the outer document (rend-spec-v3 §2.4 [DESC-OUTER]), everything but
 * the signature. The signature and the exact signed text live in {@link OuterDocument}.
 *
 * @param lifetimeMinutes  {@code descriptor-lifetime}, 30..720
 * @param signingKeyCert   {@code descriptor-signing-key-cert}: cert type 08 certifying the descriptor signing key, carrying the blinded key
 * @param revisionCounter  {@code revision-counter}, an unsigned 64-bit integer
 * @param superencrypted   the {@code superencrypted} MESSAGE: salt ‖ ciphertext ‖ MAC
 */
public record OuterLayer(int lifetimeMinutes, Ed25519Cert signingKeyCert, long revisionCounter, byte[] superencrypted) {
    public static final int MIN_LIFETIME_MINUTES = 30;
    public static final int MAX_LIFETIME_MINUTES = 720;

    public OuterLayer {
        if (lifetimeMinutes < MIN_LIFETIME_MINUTES || lifetimeMinutes > MAX_LIFETIME_MINUTES) {
            throw new IllegalArgumentException("descriptor-lifetime must be " + MIN_LIFETIME_MINUTES + ".."
                    + MAX_LIFETIME_MINUTES + " minutes, got " + lifetimeMinutes);
        }
        Objects.requireNonNull(signingKeyCert, "signingKeyCert");
        superencrypted = superencrypted.clone();
    }

    @Override public byte[] superencrypted() { return superencrypted.clone(); }

    /** The text tor signs: from "hs-descriptor 3" through the newline before "signature". */
    public String toSignedText() {
        return new NetdocWriter()
                .item("hs-descriptor", "3")
                .item("descriptor-lifetime", Integer.toString(lifetimeMinutes))
                .item("descriptor-signing-key-cert").object("ED25519 CERT", signingKeyCert.encoded())
                .item("revision-counter", Long.toUnsignedString(revisionCounter))
                .item("superencrypted").object("MESSAGE", superencrypted)
                .toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OuterLayer l && lifetimeMinutes == l.lifetimeMinutes && revisionCounter == l.revisionCounter
                && signingKeyCert.equals(l.signingKeyCert) && Arrays.equals(superencrypted, l.superencrypted);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(revisionCounter) * 31 + Arrays.hashCode(superencrypted);
    }

    @Override
    public String toString() {
        return "OuterLayer[lifetime " + lifetimeMinutes + " min, revision " + Long.toUnsignedString(revisionCounter)
                + ", superencrypted " + superencrypted.length + " bytes]";
    }
}
