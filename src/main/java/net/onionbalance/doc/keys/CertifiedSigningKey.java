package net.onionbalance.doc.keys;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.util.Objects;

/**
 * A descriptor signing key with its signing-key certificate (type 08, rend-spec-v3 §2.4), signed
 * by the blinded key of one time period.
 *
 * @param signingKey    the descriptor signing key (secret: never written but into a bundle, never logged)
 * @param certificate   type 08, certifying {@code signingKey}'s public half, with the blinded key in its extension
 * @param blindedKey    the blinded public key of the period
 */
public record CertifiedSigningKey(Ed25519ExpandedSecretKey signingKey, Ed25519Cert certificate,
                                  Ed25519PublicKey blindedKey) {
    public CertifiedSigningKey {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(blindedKey, "blindedKey");
    }

    @Override
    public String toString() {
        return "CertifiedSigningKey[signing key " + signingKey.publicKey().base64() + ", expires "
                + certificate.expiration() + "]";
    }
}
