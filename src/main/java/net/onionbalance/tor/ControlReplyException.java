package net.onionbalance.tor;

/**
 * Tor answered a command with an error status (control-spec §4: 4xx/5xx), for example
 * {@code 552 Unrecognized key "nosuchkey"} or {@code 554 Invalid descriptor}.
 */
public class ControlReplyException extends ControlException {
    private final int code;
    private final String text;

    public ControlReplyException(String endpoint, String command, int code, String text) {
        super("tor at " + endpoint + " answered " + command + " with " + code + " " + text);
        this.code = code;
        this.text = text;
    }

    /** Tor's three-digit status code. */
    public int code() {
        return code;
    }

    /** Tor's explanation, as sent. */
    public String text() {
        return text;
    }
}
