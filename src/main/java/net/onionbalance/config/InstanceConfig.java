package net.onionbalance.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One backend onion service under a master ({@code services[].instances[]}).
 *
 * @param address the backend's onion address, 56 characters, lower case, without ".onion"
 * @param name    the operator's label ({@code name:}, written by onionbalance-config as node1, node2, ...);
 *                onionbalance itself ignores it, we show it
 */
public record InstanceConfig(String address, Optional<String> name) {
    public InstanceConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        if (!OnionAddressCheck.isNormalised(address)) {
            throw new IllegalArgumentException("not a normalised v3 onion address: " + address);
        }
        name.ifPresent(InstanceConfig::checkName);
    }

    public static InstanceConfig of(String address) {
        return new InstanceConfig(address, Optional.empty());
    }

    public static InstanceConfig of(String address, String name) {
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
