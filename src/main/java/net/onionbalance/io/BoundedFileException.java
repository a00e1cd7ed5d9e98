package net.onionbalance.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be read as the kind of file it should be. The message is a whole sentence
 * that names the kind and the path ("key file /etc/x.key does not exist"), so callers print it
 * as it is.
 */
public final class BoundedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        MISSING,
        NOT_REGULAR_FILE,
        TOO_LARGE,
        PERMISSION_DENIED,
        UNREADABLE
    }

    private final Reason reason;
    private final transient Path path;

    BoundedFileException(Reason reason, FileKind kind, Path path, String problem, Throwable cause) {
        super(kind.words() + " " + path + " " + problem, cause);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    public Path path() {
        return path;
    }
}
