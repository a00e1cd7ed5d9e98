package net.onionbalance.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Optional;

/** Entry point of the {@code onionbalance} launcher. */
public final class Main {
    private Main() {}

    /**
     * A plain balancer run starts without picocli (see {@link BalancerFlags}); everything else, and
     * any spelling BalancerFlags leaves alone, gets picocli and the whole command tree.
     */
    public static void main(String[] args) {
        Optional<RootCommand> plain = BalancerFlags.parse(args);
        System.exit(plain.isPresent() ? runPlain(plain.get()) : newCommandLine().execute(args));
    }

    /** The whole command tree; tests build it the same way the launcher does. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        for (Object sub : new Object[] {new KeyCommand(), new DescriptorCommand(), new HsdirsCommand(),
                new ConfigCommand(), new BundleCommand(), new StatusCommand(), new ClientAuthCommand()}) {
            cl.addSubcommand(sub);
        }
        return cl;
    }

    /** As picocli's execute() would: an unexpected exception is printed and exits 1, never left to hang the JVM. */
    private static int runPlain(RootCommand root) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return root.run(err);
        } catch (RuntimeException | Error e) {
            e.printStackTrace(err);
            return 1;
        }
    }
}
