package net.onionbalance.ui.console;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.snapshot.InstanceStatus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the console offers that other parts of the program provide: rotating an instance's torrc
 * bundle ({@code t}) and the setup wizard ({@code w}). Each is optional; while one is absent its
 * key is shown dimmed and pressing it says it is not available yet. {@link #NONE} has neither.
 */
public interface ConsoleHooks {
    ConsoleHooks NONE = new ConsoleHooks() {};

    /** {@code t}: new keys and a new bundle for instances of a service (the wizard issue). */
    default Optional<BundleRotation> bundleRotation() {
        return Optional.empty();
    }

    /** {@code w}: the setup wizard (the wizard issue). */
    default Optional<Wizard> wizard() {
        return Optional.empty();
    }

    /** Opens the setup wizard as a console page. */
    @FunctionalInterface
    interface Wizard {
        /**
         * A new wizard page, each time {@code w} is pressed (called on the console thread, must
         * not block). The page may submit commands, e.g. {@code AddInstance} for the instances
         * it generated, through {@code control}.
         */
        ConsolePage open(BalancerControl control);
    }

    /** Rotates torrc bundles; the console asks the operator to confirm before calling it. */
    @FunctionalInterface
    interface BundleRotation {
        /**
         * Starts the rotation and returns at once (called on the console thread). The stage
         * completes with one line for the status bar, e.g. "srv2: new bundle srv2-v2/ written";
         * completing exceptionally shows the exception's message as an error.
         *
         * @param instances the instances to rotate, at least one, all of {@code service}
         */
        CompletionStage<String> rotate(OnionAddress service, List<InstanceStatus> instances);
    }
}
