package net.onionbalance.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code onionbalance descriptor}: inspect v3 onion-service descriptors. */
@Command(
        name = "descriptor",
        mixinStandardHelpOptions = true,
        description = "Inspect v3 onion-service descriptors.",
        subcommands = {DescriptorShowCommand.class})
public final class DescriptorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
