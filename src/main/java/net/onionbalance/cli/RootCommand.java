package net.onionbalance.cli;

import net.onionbalance.app.BalancerRun;
import net.onionbalance.app.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance}: runs the balancer, with the flags of onionbalance 0.2.x. Subcommands are
 * the operator tools (keys, descriptors, HSDirs, config wizard, status), added by {@link Main}.
 */
@Command(
        name = "onionbalance",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Load-balance Tor v3 onion services: publish one master descriptor "
                + "merging the introduction points of several backend instances.")
public final class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG",
            description = "config file (default: $ONIONBALANCE_CONFIG or config.yaml)")
    Path config;

    @Mixin
    ControlPortOptions control = new ControlPortOptions();

    @Option(names = {"-v", "--verbosity"}, paramLabel = "LEVEL",
            description = "debug, info, warning, error or critical (default: $ONIONBALANCE_LOG_LEVEL or info)")
    String verbosity;

    @Option(names = "--is-testnet", description = "timings for a private test network (TestingTorNetwork)")
    boolean testNetwork;

    @Option(names = "--no-tui", description = "run headless (the default without a terminal), logging to stderr")
    boolean noTui;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "also append log lines to FILE, reopened on SIGHUP (default: $ONIONBALANCE_LOG_LOCATION)")
    Path logFile;

    @Option(names = "--hs-version", paramLabel = "v3", hidden = true,
            description = "accepted for compatibility with onionbalance 0.2.x; only v3 exists")
    String hsVersion;

    @Override
    public Integer call() {
        return run(spec.commandLine().getErr());
    }

    /** Runs the balancer with these flags; {@link Main} calls it directly when picocli was not needed. */
    int run(PrintWriter err) {
        if (hsVersion != null && !hsVersion.equals("v3")) {
            err.println("onionbalance: only --hs-version v3 is supported (v2 onion services are gone from tor)");
            return 2;
        }
        return new BalancerRun(new RunOptions(Optional.ofNullable(config), Optional.ofNullable(verbosity), testNetwork, noTui,
                Optional.ofNullable(logFile), control::settings), err).run();
    }
}
