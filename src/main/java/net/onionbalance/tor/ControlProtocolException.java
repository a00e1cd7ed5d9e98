package net.onionbalance.tor;

/** Tor sent something that does not follow the control-spec grammar (§2.3, §2.4). */
public class ControlProtocolException extends ControlException {
    public ControlProtocolException(String message) {
        super(message);
    }
}
