package net.onionbalance.crypto;

import net.onionbalance.io.BoundedFileException;

import java.io.IOException;
import java.nio.file.Path;

/** A key file that cannot be read, understood or written. The message names the file and the problem, never key bytes. */
public final class KeyFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public KeyFileException(Path path, String problem) {
        super("key file " + named(path) + ": " + problem);
        this.path = path;
    }

    public KeyFileException(Path path, String problem, Throwable cause) {
        super("key file " + named(path) + ": " + problem, cause);
        this.path = path;
    }

    /** A read that {@link BoundedFiles} refused: its message already names the key file and the problem. */
    public KeyFileException(BoundedFileException e) {
        super(e.getMessage(), e);
        this.path = e.path();
    }

    /** An empty path would vanish from the message ("key file : ..."): show it as ''. */
    private static String named(Path path) {
        return path == null || path.toString().isEmpty() ? "''" : path.toString();
    }

    public Path path() {
        return path;
    }
}
