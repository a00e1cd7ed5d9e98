package net.onionbalance.doc.cert;

/** Bytes that are not a well-formed ed25519 certificate (cert-spec §2.1). {@link #reason()} names the rule broken. */
public final class CertParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        TRUNCATED,
        UNKNOWN_VERSION,
        BAD_SIGNING_KEY_EXTENSION,
        UNKNOWN_CRITICAL_EXTENSION,
        TRAILING_BYTES,
        BAD_PEM
    }

    private final Reason reason;

    public CertParseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
