package net.onionbalance.tor;

import java.util.ArrayList;
import java.nio.file.Path;
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
 * @param plainCookieFiles where a tor offering only plain COOKIE authentication may keep its cookie
 *                         (see {@link #TOR_COOKIE_FILES}); SAFECOOKIE needs no such list
 */
public record ControlSettings(List<ControlEndpoint> endpoints, Optional<PasswordSource> password,
                              Duration commandTimeout, Duration connectTimeout, Backoff reconnectBackoff,
                              List<Path> plainCookieFiles) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where tor puts its control cookie when CookieAuthFile is not set: Debian's and Ubuntu's
     * packaged tor (/run/tor/control.authcookie, /var/run being a link to /run) and tor's default
     * DataDirectory (/var/lib/tor/control_auth_cookie). Plain COOKIE sends the file's bytes to
     * whatever listens on the control port, so it is used only for these and the ones configured.
     */
    public static final List<Path> TOR_COOKIE_FILES = List.of(Path.of("/run/tor/control.authcookie"),
            Path.of("/var/run/tor/control.authcookie"), Path.of("/var/lib/tor/control_auth_cookie"));

    public ControlSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one control endpoint is needed");
        }
        Objects.requireNonNull(password, "password");
        requirePositive(commandTimeout, "command timeout");
        requirePositive(connectTimeout, "connect timeout");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        plainCookieFiles = List.copyOf(plainCookieFiles);
    }

    /** Defaults: no password, 30 s per command, 10 s to connect, {@link Backoff#DEFAULT}. */
    public static ControlSettings of(ControlEndpoint... endpoints) {
        return of(List.of(endpoints));
    }

    public static ControlSettings of(List<ControlEndpoint> endpoints) {
        return new ControlSettings(endpoints, Optional.empty(), DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, Backoff.DEFAULT,
                TOR_COOKIE_FILES);
    }

    public ControlSettings withPassword(PasswordSource source) {
        return new ControlSettings(endpoints, Optional.of(source), commandTimeout, connectTimeout, reconnectBackoff, plainCookieFiles);
    }

    public ControlSettings withCommandTimeout(Duration timeout) {
        return new ControlSettings(endpoints, password, timeout, connectTimeout, reconnectBackoff, plainCookieFiles);
    }

    public ControlSettings withConnectTimeout(Duration timeout) {
        return new ControlSettings(endpoints, password, commandTimeout, timeout, reconnectBackoff, plainCookieFiles);
    }

    public ControlSettings withReconnectBackoff(Backoff backoff) {
        return new ControlSettings(endpoints, password, commandTimeout, connectTimeout, backoff, plainCookieFiles);
    }

    /** Also trusts {@code cookieFile} for plain COOKIE authentication (the operator said it is tor's). */
    public ControlSettings withPlainCookieFile(Path cookieFile) {
        List<Path> files = new ArrayList<>(plainCookieFiles);
        files.add(cookieFile);
        return new ControlSettings(endpoints, password, commandTimeout, connectTimeout, reconnectBackoff, files);
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
