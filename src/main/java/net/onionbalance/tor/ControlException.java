package net.onionbalance.tor;

/**
 * Base of every error the control client reports. It is <em>checked</em>: each call to tor can
 * fail for reasons outside the caller's control (tor restarted, tor refused the command), and the
 * engine must turn them into state rather than crash. Messages name the tor endpoint and say
 * what an operator can do; they never contain a password or cookie.
 */
public class ControlException extends Exception {
    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Without a stack trace: for an error prepared ahead of time, whose trace would say nothing. */
    protected ControlException(String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
    }
}
