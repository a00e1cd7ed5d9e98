package net.onionbalance.cli;

import java.util.Locale;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.PendingRotation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance bundle retire --instance NAME}: by hand, what the balancer does by itself once
 * a rotated backend is seen valid — remove the old backend of a pending rotation from config.yaml.
 */
@Command(
        name = "retire",
        mixinStandardHelpOptions = true,
        description = "Remove the old backend of a rotation from config.yaml now (onionbalance does it by itself once the "
                + "new backend's descriptor is valid). Only backends that have a rotated replacement can be retired.")
public final class BundleRetireCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--instance", required = true, paramLabel = "NAME", description = "The old backend: its config name or address.")
    String name;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "config.yaml (default: $ONIONBALANCE_CONFIG, else config.yaml).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = (config != null ? config : OnionbalanceEnvironment.system().configPath()).toAbsolutePath();
        ConfigLoader loader = BundleRotation.defaultLoader();
        try {
            List<PendingRotation> pending = PendingRotation.find(loader.load(file).config());
            for (PendingRotation p : pending) {
                if (p.retiring().name().filter(name::equals).isPresent()
                        || p.retiring().address().toString().equals(name.toLowerCase(Locale.ROOT).replace(".onion", ""))) {
                    p.retire(new ConfigWriter(loader), file);
                    out.println("retired " + p.retiringName().orElse("") + " " + p.retiring().address().withOnionSuffix()
                            + " (replaced by " + p.replacement().name().orElse("") + " " + p.replacement().address().withOnionSuffix() + ")");
                    out.flush();
                    return 0;
                }
            }
            err.println("onionbalance bundle retire: " + name + " is not an old backend of a rotation in " + file
                    + (pending.isEmpty() ? " (no rotation is pending)." : " (pending: "
                    + String.join(", ", pending.stream().map(p -> p.retiringName().orElse(p.retiring().address().toString())).toList()) + ")."));
        } catch (ConfigException | IOException e) {
            err.println("onionbalance bundle retire: " + e.getMessage());
        }
        err.flush();
        return 1;
    }
}
