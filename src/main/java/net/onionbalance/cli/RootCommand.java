package net.onionbalance.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code onionbalance}: the balancer itself. Subcommands are the operator tools
 * (keys, descriptors, HSDirs, config wizard, status).
 */
@Command(
        name = "onionbalance",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Load-balance Tor v3 onion services: publish one master descriptor "
                + "merging the introduction points of several backend instances.",
        subcommands = {
            KeyCommand.class,
            DescriptorCommand.class,
            HsdirsCommand.class,
            ConfigCommand.class,
            BundleCommand.class,
        })
public final class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }
}
