package net.onionbalance.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code onionbalance key}: inspect and create master keys and offline key bundles. */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = "Inspect or create an onion service master key, or an offline key bundle made from it.",
        subcommands = {KeyInfoCommand.class, KeyNewCommand.class, KeyOfflineCommand.class})
public final class KeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
