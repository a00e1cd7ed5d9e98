package net.onionbalance.cli;

import net.onionbalance.engine.BalancerControl;

/** Placeholder until the console lands on this branch: always headless. */
final class ConsoleLauncher {
    private ConsoleLauncher() {}

    static boolean terminalAvailable() {
        return false;
    }

    static int run(BalancerControl control) {
        return 1;
    }
}
