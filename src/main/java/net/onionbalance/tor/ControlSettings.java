package net.onionbalance.tor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and talk to tor.
 *
 * @param endpoints        tried in order on every (re)connection; the first that accepts a connection is used
 * @param password         where to read the password when tor wants HASHEDPASSWORD and no cookie is readable
 * @param commandTimeout   the longest wait for any reply, including each authentication step
 * @param connectTimeout   the longest wait for a TCP connection to be established
 * @param reconnectBackoff waits between reconnection attempts after the connection is lost
 */
public record ControlSettings(List<ControlEndpoint> endpoints, Optional<PasswordSource> password,
                              Duration commandTimeout, Duration connectTimeout, Backoff reconnectBackoff) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ControlSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one control endpoint is needed");
        }
        Objects.requireNonNull(password, "password");
        requirePositive(commandTimeout, "command timeout");
        requirePositive(connectTimeout, "connect timeout");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
    }

    /** Defaults: no password, 30 s per command, 10 s to connect, {@link Backoff#DEFAULT}. */
    public static ControlSettings of(ControlEndpoint... endpoints) {
        return new ControlSettings(List.of(endpoints), Optional.empty(), DEFAULT_COMMAND_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT, Backoff.DEFAULT);
    }

    public static ControlSettings of(List<ControlEndpoint> endpoints) {
        return new ControlSettings(endpoints, Optional.empty(), DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, Backoff.DEFAULT);
    }

    public ControlSettings withPassword(PasswordSource source) {
        return new ControlSettings(endpoints, Optional.of(source), commandTimeout, connectTimeout, reconnectBackoff);
    }

    public ControlSettings withCommandTimeout(Duration timeout) {
        return new ControlSettings(endpoints, password, timeout, connectTimeout, reconnectBackoff);
    }

    public ControlSettings withConnectTimeout(Duration timeout) {
        return new ControlSettings(endpoints, password, commandTimeout, timeout, reconnectBackoff);
    }

    public ControlSettings withReconnectBackoff(Backoff backoff) {
        return new ControlSettings(endpoints, password, commandTimeout, connectTimeout, backoff);
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
