package net.onionbalance.cli;

import picocli.CommandLine;

/**
 * The whole command tree, for every run that is not a plain balancer run; tests build it the same way
 * the launcher does. Not in {@link Main}: the JVM's launcher looks up {@code main} among Main's public
 * methods, which loads every class their signatures name, and picocli's CommandLine (~110 KB of class
 * data) would then be loaded by every balancer run too.
 */
public final class CommandTree {
    private CommandTree() {}

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        for (Object sub : new Object[] {new KeyCommand(), new DescriptorCommand(), new HsdirsCommand(),
                new ConfigCommand(), new BundleCommand(), new StatusCommand(), new ClientAuthCommand()}) {
            cl.addSubcommand(sub);
        }
        return cl;
    }
}
