package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;

import java.nio.file.Path;
import java.util.Optional;

/** What a face (console, signal handler, CLI) may ask of the engine. Executed on the engine thread. */
public sealed interface EngineCommand {
    /** Build and upload both descriptors now; empty = every service. */
    record ForceRepublish(Optional<OnionAddress> service) implements EngineCommand {}

    /**
     * Add a backend instance to a service; written to config.yaml and effective at once.
     *
     * @param clientKey for a backend restricted to the balancer: the balancer's {@code .auth_private} for it
     *                  (config.yaml's {@code client-key}), already written
     */
    record AddInstance(OnionAddress service, OnionAddress instance, Optional<String> name, Optional<Path> clientKey)
            implements EngineCommand {
        public AddInstance(OnionAddress service, OnionAddress instance, Optional<String> name) {
            this(service, instance, name, Optional.empty());
        }
    }

    /** Remove a backend instance from a service; written to config.yaml and effective at once. */
    record RemoveInstance(OnionAddress service, OnionAddress instance) implements EngineCommand {}

    /** Re-read config.yaml (SIGHUP); a broken file is refused and the running config stays. */
    record Reload() implements EngineCommand {}

    /** Fetch every backend descriptor now. */
    record FetchNow() implements EngineCommand {}
}
