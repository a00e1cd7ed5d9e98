package net.onionbalance.doc.cert;

/** A well-formed certificate that does not hold: {@link #reason()} says why. */
public final class CertVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The signature does not verify under the signing key: altered, or signed by someone else. */
        BAD_SIGNATURE,
        /** The signed-with-ed25519-key extension names a different key than the expected signer. */
        WRONG_SIGNER,
        /** No signing key given and the certificate carries no signed-with-ed25519-key extension. */
        NO_SIGNING_KEY,
        /**
         * Valid signature, but CERT_KEY_TYPE is not the ed25519 key its certificate type must
         * certify (cert-spec §2.1, A.1): e.g. an intro point auth-key certificate naming a digest.
         */
        WRONG_KEY_TYPE,
        /** Valid signature, but the expiration time has passed. */
        EXPIRED
    }

    private final Reason reason;

    public CertVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
