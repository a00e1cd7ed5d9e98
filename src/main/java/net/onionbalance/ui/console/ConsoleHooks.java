package net.onionbalance.ui.console;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.snapshot.InstanceStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the console offers that other parts of the program provide: rotating an instance's torrc
 * bundle ({@code t}), generating a new instance with its bundle (the second choice of {@code a}),
 * the setup wizard ({@code w}) and a service's authorized clients ({@code c}). Each is optional; while one is absent its key is shown dimmed
 * and pressing it says it is not available yet ({@code a} then only takes a pasted address).
 * {@link #NONE} has none of them.
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

    /** {@code a}, second choice: a new instance with a fresh key and its torrc bundle. */
    default Optional<InstanceGenerator> instanceGenerator() {
        return Optional.empty();
    }

    /** {@code c}: the authorized clients of a service (restricted discovery): list, add, remove. */
    default Optional<ClientAuthorization> clientAuthorization() {
        return Optional.empty();
    }

    /**
     * The authorized clients of a service (rend-spec-v3 §2.5.1.2), kept in files beside
     * config.yaml, exactly as {@code onionbalance client-auth} keeps them. Each call starts the file
     * work and returns at once (called on the console thread); completing exceptionally carries
     * the operator's error. After an add or a remove the console asks the engine to re-read
     * config.yaml ({@code Reload}): it sees the service's clients changed and republishes at once.
     */
    interface ClientAuthorization {
        /** The service's clients as its files hold them now. */
        CompletionStage<ServiceClients> clients(OnionAddress service);

        /** A new key pair for client {@code name}, as {@code onionbalance client-auth add} makes it. */
        CompletionStage<AddedClient> add(OnionAddress service, String name);

        /** Deletes client {@code name}'s {@code .auth} file, as {@code onionbalance client-auth remove}; a line for the status bar. */
        CompletionStage<String> remove(OnionAddress service, String name);
    }

    /**
     * A service's clients.
     *
     * @param source       where they are kept ("folder /etc/onionbalance/authorized_clients/..."); empty when public
     * @param names        the clients' names, sorted
     * @param cannotAdd    why no client can be added now (the operator's fix included); empty when one can
     * @param cannotRemove why no client can be removed now (the last one, or none); empty when one can
     */
    record ServiceClients(OnionAddress service, boolean restricted, String source, List<String> names,
                          Optional<String> cannotAdd, Optional<String> cannotRemove) {
        public ServiceClients {
            names = List.copyOf(names);
        }
    }

    /**
     * A client just added.
     *
     * @param privateFile the client's {@code <master>.auth_private}, to hand to the client only
     * @param authFile    the service's {@code <name>.auth}
     */
    record AddedClient(String name, Path privateFile, Path authFile) {}

    /** Writes a new instance's bundle; the console then asks the engine to add it ({@code AddInstance}). */
    @FunctionalInterface
    interface InstanceGenerator {
        /**
         * Starts writing the bundle and returns at once (called on the console thread). On
         * success the console submits {@code AddInstance(service, address, name)}, which lists the
         * instance in config.yaml, and shows the message; completing exceptionally shows the
         * exception's message as an error and adds nothing.
         *
         * @param name the operator's name for it; empty: the hook chooses one
         */
        CompletionStage<GeneratedInstance> generate(OnionAddress service, Optional<String> name);
    }

    /**
     * A generated instance.
     *
     * @param message   one line for the status bar: where the bundle is and what to copy to the backend host
     * @param clientKey for a backend restricted to the balancer (as the service's others are): the
     *                  balancer's key file for it, which {@code AddInstance} names in config.yaml
     */
    record GeneratedInstance(OnionAddress address, String name, String message, Optional<Path> clientKey) {
        public GeneratedInstance(OnionAddress address, String name, String message) {
            this(address, name, message, Optional.empty());
        }
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
         * Starts the rotation and returns at once (called on the console thread). The rotation
         * lists each new instance in config.yaml next to the old one; when the stage completes,
         * the console asks the engine to re-read config.yaml ({@code Reload}) and shows the
         * stage's line in the status bar, e.g. "node2-v2: copy srv2.v2/ to the backend host";
         * completing exceptionally shows the exception's message as an error.
         *
         * @param instances the instances to rotate, all of {@code service}: the one under the
         *                  cursor, or (cursor on the service) every instance of the service, in
         *                  which case those that cannot be rotated are left out and named
         * @param wholeService true when the operator chose the service rather than one instance
         */
        CompletionStage<String> rotate(OnionAddress service, List<InstanceStatus> instances, boolean wholeService);
    }
}
