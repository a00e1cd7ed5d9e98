package net.onionbalance.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The subcredential of a service for one time period (rend-spec-v3 §2.1 [SUBCRED]):
 * N_hs_cred = H("credential" ‖ KP_hs_id), N_hs_subcred = H("subcredential" ‖ N_hs_cred ‖ KP_hs_blind_id).
 * Anyone who knows the onion address can compute it; it keys the descriptor layers.
 */
public final class Subcredential {
    private final byte[] bytes;

    private Subcredential(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Subcredential of(Ed25519PublicKey identity, Ed25519PublicKey blinded) {
        return new Subcredential(Digests.sha3_256(Digests.ascii("subcredential"), credential(identity), blinded.bytes()));
    }

    /** For the identity key and period: blinds the key first. */
    public static Subcredential of(Ed25519PublicKey identity, TimePeriod tp) {
        return of(identity, KeyBlinding.blindPublicKey(identity, tp));
    }

    /** N_hs_cred = H("credential" ‖ KP_hs_id). */
    public static byte[] credential(Ed25519PublicKey identity) {
        return Digests.sha3_256(Digests.ascii("credential"), identity.bytes());
    }

    /** The 32 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subcredential s && MessageDigest.isEqual(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Subcredential[32 bytes]";
    }
}
