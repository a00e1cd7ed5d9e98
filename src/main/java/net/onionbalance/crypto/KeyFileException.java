package net.onionbalance.crypto;

import java.io.IOException;
import java.nio.file.Path;

/** A key file that cannot be read, understood or written. The message names the file and the problem, never key bytes. */
public final class KeyFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public KeyFileException(Path path, String problem) {
        super("key file " + path + ": " + problem);
        this.path = path;
    }

    public KeyFileException(Path path, String problem, Throwable cause) {
        super("key file " + path + ": " + problem, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
