package net.onionbalance.crypto;

/** The on-disk forms of an onion service's ed25519 key that onionbalance and tor use. */
public enum KeyFormat {
    /** Unencrypted PKCS#8 PEM holding the 32-byte seed: what Python {@code onionbalance-config} writes for new keys. */
    PEM_PKCS8("PKCS#8 PEM ed25519 private key"),
    /** tor's {@code hs_ed25519_secret_key}: 32-byte header, then the 64-byte expanded key (rend-spec-v3 Appendix F). */
    TOR_SECRET("tor hs_ed25519_secret_key"),
    /** tor's {@code hs_ed25519_public_key}: 32-byte header, then the 32-byte public key. */
    TOR_PUBLIC("tor hs_ed25519_public_key"),
    /** The control port's {@code ED25519-V3:<base64 of the 64-byte expanded key>} (control-spec ADD_ONION). */
    ADD_ONION("ADD_ONION ED25519-V3 key blob");

    private final String description;

    KeyFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean hasSecret() {
        return this != TOR_PUBLIC;
    }
}
