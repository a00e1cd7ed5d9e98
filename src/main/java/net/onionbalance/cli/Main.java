package net.onionbalance.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point of the {@code onionbalance} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLineFor(args).execute(args));
    }

    /** The whole command tree; tests build it the same way the launcher does. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        for (Object sub : new Object[] {new KeyCommand(), new DescriptorCommand(), new HsdirsCommand(),
                new ConfigCommand(), new BundleCommand(), new StatusCommand()}) {
            cl.addSubcommand(sub);
        }
        return cl;
    }

    /**
     * The root command alone when the arguments are a plain balancer run, else the whole tree.
     * picocli reflects over every subcommand it is given (their options, mixins, nested commands);
     * a balancer runs for months and never needs them, and leaving them out keeps ~120 classes and
     * their reflection data (~1.3 MB of resident memory, measured) out of it. Anything the root
     * alone cannot parse (a subcommand, a typo) and --help (which lists the subcommands) get the
     * whole tree and so the same answer as ever.
     */
    static CommandLine commandLineFor(String[] args) {
        CommandLine root = new CommandLine(new RootCommand());
        try {
            CommandLine.ParseResult parsed = root.parseArgs(args);
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                return root; // execute() parses again, from the options' initial values
            }
        } catch (ParameterException e) {
            // answered by the whole tree below
        }
        return newCommandLine();
    }
}
