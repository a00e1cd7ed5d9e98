package net.onionbalance.crypto;

/**
 * An onion address that is not a valid v3 address. {@link #reason()} says which check failed;
 * the message says it in words and quotes the input (addresses are public).
 */
public final class InvalidOnionAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which rule of rend-spec-v3 §6 [ONIONADDRESS] the input breaks. */
    public enum Reason {
        LENGTH,
        NOT_BASE32,
        VERSION,
        CHECKSUM,
        NOT_A_CURVE_POINT
    }

    private final Reason reason;

    public InvalidOnionAddressException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
