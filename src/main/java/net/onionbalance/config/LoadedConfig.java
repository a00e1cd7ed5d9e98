package net.onionbalance.config;

import java.util.List;
import java.util.Objects;

/** A config and what the loader noticed but accepted (ignored v2 keys, misspellings, duplicates). */
public record LoadedConfig(BalancerConfig config, List<ConfigWarning> warnings) {
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}
