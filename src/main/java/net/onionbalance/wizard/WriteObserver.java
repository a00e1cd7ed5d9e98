package net.onionbalance.wizard;

import java.io.IOException;
import java.nio.file.Path;

/** Told of every file and folder a writer creates; tests use it to fail a write halfway. */
@FunctionalInterface
interface WriteObserver {
    WriteObserver NONE = p -> { };

    void created(Path path) throws IOException;
}
