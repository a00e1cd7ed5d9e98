package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519PublicKey;

import java.time.Instant;

/**
 * A signed master descriptor ready for HSPOST.
 *
 * @param text             the descriptor
 * @param blindedKey       the master's blinded key for the time period (where it is stored on the ring)
 * @param signingKey       the descriptor signing key (the slot's kept one, or fresh per build without a {@link DescriptorSigningKey})
 * @param signingKeyExpiry when the signing-key and intro point certificates expire
 * @param revisionCounter  its revision counter
 * @param introPointCount  how many intro points it lists
 * @param sizeBytes        its size in bytes
 */
public record BuiltDescriptor(String text, Ed25519PublicKey blindedKey, Ed25519PublicKey signingKey,
                              Instant signingKeyExpiry, long revisionCounter, int introPointCount, int sizeBytes) {
    @Override
    public String toString() {
        return "BuiltDescriptor[revision " + Long.toUnsignedString(revisionCounter) + ", " + introPointCount
                + " intro points, " + sizeBytes + " bytes, blinded key " + blindedKey.base64() + "]";
    }
}
