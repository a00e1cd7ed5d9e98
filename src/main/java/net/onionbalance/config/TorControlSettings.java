package net.onionbalance.config;

import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code tor-control:} extension: where tor's control port is and how to log in. Command-line
 * flags ({@code -i -p -s}) and {@code ONIONBALANCE_TOR_CONTROL_SOCKET} win over these; onionbalance
 * 0.2.x has no password at all (it authenticates with none, or the cookie).
 *
 * @param passwordFile resolved against the config file's folder; holds the control password
 *                     (the plain text given to {@code HashedControlPassword}'s hash) on its first line
 * @param cookieFile   tor's CookieAuthFile when it is not in one of tor's default places: the one
 *                     file besides those whose bytes plain COOKIE authentication may send
 */
public record TorControlSettings(
        Optional<String> host, OptionalInt port, Optional<Path> socket, Optional<Path> passwordFile,
        Optional<Path> cookieFile) {

    public static final TorControlSettings NONE =
            new TorControlSettings(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());

    /** Without a cookie file. */
    public TorControlSettings(Optional<String> host, OptionalInt port, Optional<Path> socket, Optional<Path> passwordFile) {
        this(host, port, socket, passwordFile, Optional.empty());
    }

    public TorControlSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(cookieFile, "cookieFile");
        port.ifPresent(p -> {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + p);
            }
        });
    }

    /**
     * The password from {@link #passwordFile()}: its first line without the line break (a trailing
     * newline from {@code echo} is not part of the password). Empty when no file is configured.
     *
     * @throws ConfigException naming the file (never its content) when it cannot be read or is empty
     */
    public Optional<String> readPassword() throws ConfigException {
        if (passwordFile.isEmpty()) {
            return Optional.empty();
        }
        Path file = passwordFile.get();
        String text;
        try {
            text = new String(BoundedFiles.read(file, FileKind.PASSWORD_FILE), StandardCharsets.UTF_8);
        } catch (BoundedFileException e) {
            throw new ConfigException(file, 0, "Cannot read the tor control password: " + e.getMessage() + ".",
                    "check the path under 'tor-control: password-file:' and that this user may read it.", e);
        }
        int eol = text.indexOf('\n');
        String first = eol < 0 ? text : text.substring(0, eol);
        if (first.endsWith("\r")) {
            first = first.substring(0, first.length() - 1);
        }
        if (first.isEmpty()) {
            throw new ConfigException(file, 1, "The tor control password file is empty.",
                    "write the password (not its hash) on the first line.");
        }
        return Optional.of(first);
    }

    @Override
    public String toString() {
        // No secret lives here (only the file's path), but say so explicitly for readers of logs.
        return "TorControlSettings[host=" + host + ", port=" + port + ", socket=" + socket
                + ", passwordFile=" + passwordFile + ", cookieFile=" + cookieFile + "]";
    }
}
