package net.onionbalance.doc.hsdesc;

import java.util.Objects;

/**
 * A descriptor was rejected. {@link #check()} says which check failed; the message says it
 * in words with the context needed to act on it. Messages never carry key material.
 */
public class DescriptorException extends Exception {
    private final Check check;

    public DescriptorException(Check check, String message) {
        super(message);
        this.check = Objects.requireNonNull(check, "check");
    }

    public DescriptorException(Check check, String message, Throwable cause) {
        super(message, cause);
        this.check = Objects.requireNonNull(check, "check");
    }

    /** The check that failed. */
    public Check check() {
        return check;
    }
}
