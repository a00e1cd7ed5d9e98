package net.onionbalance.wizard;

import java.nio.file.Path;

/** The deployment could not be written; nothing of it is left on disk. The message names the path and the reason. */
public final class DeploymentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public DeploymentException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public DeploymentException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
