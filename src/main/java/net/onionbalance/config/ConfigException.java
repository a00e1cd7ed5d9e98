package net.onionbalance.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A mistake in config.yaml (or in a file it points to), told the way an operator fixes it:
 * which file, which line, what is wrong, and what to write instead.
 *
 * <p>The message reads {@code config.yaml:7: 'instances' is missing from this service. Fix: ...}.
 * Line numbers are 1-based; 0 means the problem is not tied to one line (an unreadable file).
 * Messages never contain secrets: a password file is named, its content is not quoted.
 */
public final class ConfigException extends Exception {
    private final Path file;
    private final int line;
    private final String problem;
    private final String fix;

    public ConfigException(Path file, int line, String problem, String fix) {
        this(file, line, problem, fix, null);
    }

    public ConfigException(Path file, int line, String problem, String fix, Throwable cause) {
        super(format(file, line, problem, fix), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.problem = Objects.requireNonNull(problem, "problem");
        this.fix = Objects.requireNonNull(fix, "fix");
    }

    private static String format(Path file, int line, String problem, String fix) {
        String where = line > 0 ? file + ":" + line : String.valueOf(file);
        return where + ": " + problem + (fix.isEmpty() ? "" : " Fix: " + fix);
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }
}
