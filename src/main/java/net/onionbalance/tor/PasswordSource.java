package net.onionbalance.tor;

import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the control-port password comes from (HASHEDPASSWORD, control-spec §3.5). Never a
 * command-line value: that would be visible to every user in {@code ps}. The password is read
 * at each authentication, so a changed file is picked up on the next reconnect.
 */
public sealed interface PasswordSource {
    /** Environment variable read when the operator chooses the environment. */
    String DEFAULT_ENV = "ONIONBALANCE_TOR_CONTROL_PASSWORD";

    /** The password bytes (one trailing newline removed). */
    default byte[] read() throws ControlAuthenticationException {
        return read(System::getenv);
    }

    byte[] read(Function<String, String> environment) throws ControlAuthenticationException;

    /** A file holding the password; one trailing newline is ignored. */
    record File(Path path) implements PasswordSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public byte[] read(Function<String, String> environment) throws ControlAuthenticationException {
            byte[] raw;
            try {
                raw = BoundedFiles.read(path, FileKind.PASSWORD_FILE);
            } catch (BoundedFileException e) {
                throw new ControlAuthenticationException(e.getMessage());
            }
            int end = raw.length;
            if (end > 0 && raw[end - 1] == '\n') {
                end--;
                if (end > 0 && raw[end - 1] == '\r') {
                    end--;
                }
            }
            byte[] pw = Arrays.copyOf(raw, end);
            Arrays.fill(raw, (byte) 0);
            if (pw.length == 0) {
                throw new ControlAuthenticationException("control-port password file " + path + " is empty");
            }
            return pw;
        }
    }

    /** An environment variable holding the password. */
    record Environment(String variable) implements PasswordSource {
        public Environment {
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public byte[] read(Function<String, String> environment) throws ControlAuthenticationException {
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new ControlAuthenticationException("control-port password expected in environment variable "
                        + variable + ", which is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }
}
