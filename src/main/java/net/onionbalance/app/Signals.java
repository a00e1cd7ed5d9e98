package net.onionbalance.app;

import java.util.logging.Logger;

/**
 * SIGHUP for reload, as the Debian unit and logrotate send it. Uses the JDK's
 * {@code sun.misc.Signal} (module jdk.unsupported), the only way to catch SIGHUP without
 * native code.
 */
final class Signals {
    private static final Logger LOG = Logger.getLogger(Signals.class.getName());

    private Signals() {}

    /** Runs {@code action} on every SIGHUP; warns, saying why, when SIGHUP cannot reach it. */
    static void onHangup(Runnable action) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> action.run());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // HotSpot keeps a SIGHUP that was ignored when the process started ignored (it never
                // installs the handler) and says so only by returning SIG_IGN.
                LOG.warning("SIGHUP is ignored in this process (it was started with SIGHUP ignored, e.g. under nohup): "
                        + "`kill -HUP` and `systemctl reload` will not reload config.yaml; restart to apply changes, "
                        + "or start it through the onionbalance launcher, which resets SIGHUP first");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warning(() -> "SIGHUP cannot be caught here (" + e.getMessage() + "): reload by restarting");
        }
    }
}
