package net.onionbalance.tor;

/**
 * There is no working connection to tor: it could not be reached at all, or the connection
 * dropped before the command was answered. A {@link TorController} keeps reconnecting by itself;
 * callers may simply try again later.
 */
public class ControlConnectionLostException extends ControlException {
    public ControlConnectionLostException(String message) {
        super(message);
    }

    public ControlConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Prepared ahead of time, without a stack trace (see {@link ControlConnection}'s reader). */
    static ControlConnectionLostException prepared(String message) {
        return new ControlConnectionLostException(message, false);
    }

    private ControlConnectionLostException(String message, boolean writableStackTrace) {
        super(message, writableStackTrace);
    }
}
