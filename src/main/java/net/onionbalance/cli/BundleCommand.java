package net.onionbalance.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code onionbalance bundle}: backend bundles of a deployment written by {@code onionbalance config}. */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Backend bundles (srvN/) of a deployment written by 'onionbalance config'.",
        subcommands = {BundleRotateCommand.class, BundleRetireCommand.class})
public final class BundleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
