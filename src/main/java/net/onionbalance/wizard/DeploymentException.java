package net.onionbalance.wizard;

import java.nio.file.Path;

/** The deployment could not be written; nothing of it is left on disk. The message names the path and the reason. */
public final class DeploymentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final boolean outputInTheWay;

    public DeploymentException(Path path, String message) {
        this(path, message, false);
    }

    /** @param outputInTheWay the chosen output is refused (a file, or holds a deployment): the operator's input, not a failure */
    public DeploymentException(Path path, String message, boolean outputInTheWay) {
        super(message);
        this.path = path;
        this.outputInTheWay = outputInTheWay;
    }

    public DeploymentException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.outputInTheWay = false;
    }

    /** Whether the output folder was refused before anything was written (a usage error: choose another --output). */
    public boolean outputInTheWay() {
        return outputInTheWay;
    }

    public Path path() {
        return path;
    }
}
