package net.onionbalance.crypto;

/**
 * A descriptor layer whose MAC does not match (rend-spec-v3 §2.5.3): the blob was altered, or it
 * was encrypted for another key, subcredential, revision counter or layer.
 */
public final class LayerMacMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LayerMacMismatchException(String message) {
        super(message);
    }
}
