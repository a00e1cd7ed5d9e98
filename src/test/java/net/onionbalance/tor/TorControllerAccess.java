package net.onionbalance.tor;

/** For tests outside this package: a raw command (e.g. SETCONF on a test network's client tor). */
public final class TorControllerAccess {
    private TorControllerAccess() {}

    /** Sends {@code command}; fails when tor does not answer 250. */
    public static void expectOk(TorController tor, String command) throws ControlException {
        Reply r = tor.send(command, command);
        if (!r.isOk()) {
            throw new ControlReplyException(String.valueOf(tor.endpoint()), command, r.status(), r.last().text());
        }
    }
}
