package net.onionbalance.app;

import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.ui.console.ConsoleApp;
import net.onionbalance.ui.console.ConsoleHooks;
import net.onionbalance.ui.console.ConsoleUnavailableException;

import java.io.IOException;
import java.time.Clock;
import java.util.logging.Logger;

/** Opens the full-screen console when the balancer runs on a terminal. */
final class ConsoleLauncher {
    private static final Logger LOG = Logger.getLogger(ConsoleLauncher.class.getName());

    private ConsoleLauncher() {}

    /** A terminal on stdin and stdout: the console is the default there, as nyx is. */
    static boolean terminalAvailable() {
        return System.console() != null && OnionbalanceEnvironment.system().terminalType().filter(t -> !"dumb".equals(t)).isPresent();
    }

    /** @param hooks the wizard's actions for the running config ({@link ConsoleWizardHooks}) */
    static int run(BalancerControl control, ConsoleHooks hooks) {
        try {
            return ConsoleApp.runOnTerminal(control, hooks, Clock.systemUTC());
        } catch (ConsoleUnavailableException | IOException e) {
            LOG.severe(() -> "The console could not start (" + e.getMessage() + "); use --no-tui to run headless");
            return 1;
        }
    }
}
