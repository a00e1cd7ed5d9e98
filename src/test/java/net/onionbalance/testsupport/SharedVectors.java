package net.onionbalance.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Access to the public known-answer vectors in {@code ../shared/vectors}. That folder sits
 * beside every developer checkout and CI clone, but not beside a user's fresh clone: tests
 * that need it are skipped there, with a message saying so.
 */
public final class SharedVectors {
    private SharedVectors() {}

    /** The vectors folder; skips the calling test when it is absent. */
    public static Path dir() {
        Path p = Path.of("..", "shared", "vectors").toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            System.err.println("skipped: ../shared/vectors not present");
            Assumptions.abort("skipped: ../shared/vectors not present");
        }
        return p;
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new AssertionError("cannot read ../shared/vectors/" + relative + ": " + e, e);
        }
    }

    public static byte[] readBytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new AssertionError("cannot read ../shared/vectors/" + relative + ": " + e, e);
        }
    }

    /** A JSON vector file as nested maps and lists (SnakeYAML reads JSON, being a YAML subset). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String relative) {
        var settings = new org.yaml.snakeyaml.LoaderOptions();
        settings.setCodePointLimit(64 * 1024 * 1024);
        return (Map<String, Object>) new org.yaml.snakeyaml.Yaml(settings).load(read(relative));
    }
}
