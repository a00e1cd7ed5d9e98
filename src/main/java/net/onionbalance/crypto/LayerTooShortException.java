package net.onionbalance.crypto;

/** A descriptor layer blob shorter than salt (16) plus MAC (32): it cannot be a layer at all. */
public final class LayerTooShortException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LayerTooShortException(String message) {
        super(message);
    }
}
