package net.onionbalance.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages read a status socket the way the status command does. */
public final class StatusCommandAccess {
    private StatusCommandAccess() {}

    public static String read(Path socket) throws IOException {
        return StatusCommand.read(socket);
    }
}
