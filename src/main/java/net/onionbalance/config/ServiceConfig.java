package net.onionbalance.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One master (frontend) onion service: {@code services[]}.
 *
 * @param key       the master's private key file, already resolved against the config file's folder
 *                  (as onionbalance does); read by the engine, not here
 * @param instances at least one backend; the same backend may also serve other masters
 */
public record ServiceConfig(Path key, List<InstanceConfig> instances, ServiceExtensions extensions) {
    public ServiceConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(extensions, "extensions");
        instances = List.copyOf(instances);
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one instance");
        }
    }

    public ServiceConfig(Path key, List<InstanceConfig> instances) {
        this(key, instances, ServiceExtensions.NONE);
    }
}
