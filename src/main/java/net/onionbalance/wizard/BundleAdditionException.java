package net.onionbalance.wizard;

/** A new instance bundle that cannot be written; nothing was written. The message says which service and why. */
public final class BundleAdditionException extends Exception {
    private static final long serialVersionUID = 1L;

    public BundleAdditionException(String message) {
        super(message);
    }

    public BundleAdditionException(String message, Throwable cause) {
        super(message, cause);
    }
}
