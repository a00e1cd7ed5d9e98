package net.onionbalance.doc.hsdesc;

/**
 * The checks a received descriptor must pass before its intro points are used, in the
 * order {@link DescriptorVerifier} applies them: of several that fail, it names the first here.
 * (It computes the signatures together, in one batch, after the layers are open; see
 * {@link net.onionbalance.crypto.Ed25519Batch}.) Each names one thing an operator can look up
 * (rend-spec-v3 §2.4, §2.5).
 */
public enum Check {
    OUTER_LAYER_FORMAT("the outer document is well-formed (rend-spec-v3 §2.4)"),
    SIGNING_KEY_CERT_SIGNATURE("the descriptor-signing-key-cert (type 08) is signed by the blinded key in its extension and certifies an ed25519 key"),
    SIGNING_KEY_CERT_EXPIRY("the descriptor-signing-key-cert has not expired"),
    BLINDED_KEY_TIME_PERIOD("the blinded key is the address's blinded key for an acceptable time period"),
    BLINDED_KEY_IDENTITY("the blinded key is derived from the identity key of the address"),
    DESCRIPTOR_SIGNATURE("the descriptor signature (\"Tor onion service descriptor sig v3\") holds"),
    SUPERENCRYPTED_MAC("the MAC of the first (superencrypted) layer holds (rend-spec-v3 §2.5.3)"),
    MIDDLE_LAYER_FORMAT("the first-layer plaintext is well-formed (rend-spec-v3 §2.5.1.2)"),
    CLIENT_AUTHORIZATION("the descriptor can be opened with the given client authorization key (rend-spec-v3 §2.5.1.2)"),
    ENCRYPTED_MAC("the MAC of the second (encrypted) layer holds (rend-spec-v3 §2.5.3)"),
    INNER_LAYER_FORMAT("the second-layer plaintext is well-formed (rend-spec-v3 §2.5.2.2)"),
    INTRO_AUTH_KEY_CERT("each intro point's auth-key cert (type 09) is signed by the descriptor signing key, certifies an ed25519 key and has not expired"),
    INTRO_ENC_KEY_CERT("each intro point's enc-key-cert (type 0B) is signed by the descriptor signing key, certifies an ed25519 key and has not expired");

    private final String description;

    Check(String description) {
        this.description = description;
    }

    /** What the check asserts, in words. */
    public String description() {
        return description;
    }
}
