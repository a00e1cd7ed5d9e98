package net.onionbalance.cli;

import picocli.CommandLine;

/** Entry point of the {@code onionbalance} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command tree; tests build it the same way the launcher does. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new RootCommand());
    }
}
