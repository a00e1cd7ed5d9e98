package net.onionbalance.cli;

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
        System.exit(plain.isPresent() ? runPlain(plain.get()) : CommandTree.newCommandLine().execute(args));
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
