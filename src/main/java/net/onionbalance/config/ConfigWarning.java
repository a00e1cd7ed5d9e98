package net.onionbalance.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something in config.yaml that is accepted but does nothing, or is probably not what the
 * operator meant (a v2-era key, a misspelt key, a duplicated instance). The loader returns
 * these instead of printing them, so each face shows them its own way.
 *
 * @param line 1-based line of the offending key, or 0 for the whole file
 */
public record ConfigWarning(Path file, int line, String message) {
    public ConfigWarning {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : String.valueOf(file)) + ": " + message;
    }
}
