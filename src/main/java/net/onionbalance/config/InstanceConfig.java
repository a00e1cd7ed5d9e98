package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend onion service under a master ({@code services[].instances[]}).
 *
 * @param address the backend's onion address (config.yaml may write it with or without ".onion")
 * @param name    the operator's label ({@code name:}, written by onionbalance-config as node1, node2, ...);
 *                onionbalance itself ignores it, we show it
 * @param clientKey {@code client-key}: for a backend whose descriptor is restricted to the balancer
 *                  (rend-spec-v3 §2.5.1.2), the balancer's client key for it, a tor {@code .auth_private}
 *                  file, resolved against the config file's folder; read by the engine, not here
 */
public record InstanceConfig(OnionAddress address, Optional<String> name, Optional<Path> clientKey) {
    public InstanceConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clientKey, "clientKey");
        name.ifPresent(InstanceConfig::checkName);
    }

    public InstanceConfig(OnionAddress address, Optional<String> name) {
        this(address, name, Optional.empty());
    }

    public static InstanceConfig of(OnionAddress address) {
        return new InstanceConfig(address, Optional.empty());
    }

    public static InstanceConfig of(OnionAddress address, String name) {
        return new InstanceConfig(address, Optional.of(name));
    }

    /** A name is shown on one console line and written back into YAML: one line, printable. */
    static void checkName(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("instance name is blank");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("instance name contains a control character (position " + i + ")");
            }
        }
    }
}
