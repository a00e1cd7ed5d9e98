package net.onionbalance.doc.hsdesc;

/** A master descriptor could not be built from what was given; the message says what to change. */
public class DescriptorBuildException extends Exception {
    public DescriptorBuildException(String message) {
        super(message);
    }
}
