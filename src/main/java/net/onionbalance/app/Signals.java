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

    static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warning(() -> "SIGHUP cannot be caught here (" + e.getMessage() + "): reload by restarting");
        }
    }
}
