package net.onionbalance.tor;

/**
 * Authentication to tor's control port failed or was impossible: unreadable cookie file,
 * refused password, no password configured, SAFECOOKIE server hash mismatch, or no method
 * both sides support (control-spec §3.5, §3.21, §3.24).
 */
public class ControlAuthenticationException extends ControlException {
    public ControlAuthenticationException(String message) {
        super(message);
    }

    public ControlAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
