package net.onionbalance.tor;

/** Tor did not answer a command within the configured command timeout. */
public class ControlTimeoutException extends ControlException {
    public ControlTimeoutException(String message) {
        super(message);
    }
}
