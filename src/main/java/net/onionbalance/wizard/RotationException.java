package net.onionbalance.wizard;

/** A bundle rotation that cannot be done; nothing was written. The message says which instance and why. */
public final class RotationException extends Exception {
    private static final long serialVersionUID = 1L;

    public RotationException(String message) {
        super(message);
    }

    public RotationException(String message, Throwable cause) {
        super(message, cause);
    }
}
