package net.onionbalance.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables onionbalance 0.2.x reads ({@code docs/config.md}), taken from an
 * injected map so tests never depend on the real environment. An empty value counts as unset.
 */
public record OnionbalanceEnvironment(Map<String, String> variables) {
    public static final String CONFIG = "ONIONBALANCE_CONFIG";
    public static final String STATUS_SOCKET_LOCATION = "ONIONBALANCE_STATUS_SOCKET_LOCATION";
    public static final String TOR_CONTROL_SOCKET = "ONIONBALANCE_TOR_CONTROL_SOCKET";
    public static final String LOG_LEVEL = "ONIONBALANCE_LOG_LEVEL";
    public static final String LOG_LOCATION = "ONIONBALANCE_LOG_LOCATION";
    /** Not onionbalance's: the terminal type, which decides whether the console can start. */
    public static final String TERM = "TERM";

    /** onionbalance's {@code -c} default when {@code ONIONBALANCE_CONFIG} is unset: relative to the working folder. */
    public static final Path DEFAULT_CONFIG = Path.of("config.yaml");

    public OnionbalanceEnvironment {
        variables = Map.copyOf(variables);
    }

    public static OnionbalanceEnvironment system() {
        return new OnionbalanceEnvironment(System.getenv());
    }

    /** {@code -c}'s default: {@code $ONIONBALANCE_CONFIG}, else {@code config.yaml}. */
    public Path configPath() {
        return get(CONFIG).map(Path::of).orElse(DEFAULT_CONFIG);
    }

    /** Takes precedence over {@code status-socket-location} in config.yaml. */
    public Optional<Path> statusSocketLocation() {
        return get(STATUS_SOCKET_LOCATION).map(Path::of);
    }

    /** {@code -s}'s default (onionbalance falls back to /var/run/tor/control). */
    public Optional<Path> torControlSocket() {
        return get(TOR_CONTROL_SOCKET).map(Path::of);
    }

    /** {@code -v}'s default in onionbalance 0.2.2 (0.2.4 overrides it with 'info'). */
    public Optional<String> logLevel() {
        return get(LOG_LEVEL);
    }

    /** {@code --log-file}'s default; a blank value counts as unset. */
    public Optional<Path> logLocation() {
        return get(LOG_LOCATION).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** {@code $TERM} as it is, empty string included (the console tells "not set" from "dumb"). */
    public Optional<String> terminalType() {
        return Optional.ofNullable(variables.get(TERM));
    }

    private Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
