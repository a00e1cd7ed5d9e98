package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /**
     * The names we write ourselves (the console's new or added instance, the wizard's tag that
     * numbers node1, node2, ...): 1 to 32 letters, digits, '_', '.' or '-', not starting with '.'
     * or '-', so config.yaml needs no quoting for it (a YAML plain scalar) and a bundle folder
     * named after it is neither hidden nor read as an option. A config file may hold any name
     * {@link #checkName} accepts; this is the stricter rule for names we choose.
     */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

    /** {@link #PLAIN_NAME} in words, for the refusal the operator reads. */
    public static final String PLAIN_NAME_RULE =
            "up to 32 letters, digits, '_', '.' or '-', starting with a letter, digit or '_'";

    /** Whether {@code name} is a name we may write ourselves ({@link #PLAIN_NAME}). */
    public static boolean isPlainName(String name) {
        return name != null && PLAIN_NAME.matcher(name).matches();
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
