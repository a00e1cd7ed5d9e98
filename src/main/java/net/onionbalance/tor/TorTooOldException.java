package net.onionbalance.tor;

/** The connected tor lacks a feature the balancer needs; the message names the minimum version. */
public class TorTooOldException extends ControlException {
    private final TorVersion actual;
    private final TorVersion required;

    public TorTooOldException(TorVersion actual, TorVersion required, String feature) {
        super("tor " + actual + " is too old: " + feature + " needs " + required + " or later");
        this.actual = actual;
        this.required = required;
    }

    public TorVersion actual() {
        return actual;
    }

    public TorVersion required() {
        return required;
    }
}
