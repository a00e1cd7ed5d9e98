package net.onionbalance.ui.console;

/**
 * There is no terminal to draw on (stdin or stdout is not a terminal, e.g. under systemd, in a
 * pipe, or with TERM=dumb). The caller runs headless instead and says why.
 */
public final class ConsoleUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConsoleUnavailableException(String message) {
        super(message);
    }

    public ConsoleUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
