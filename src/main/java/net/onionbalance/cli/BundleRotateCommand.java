package net.onionbalance.cli;

import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.InstanceBundle;
import net.onionbalance.wizard.RotationException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code onionbalance bundle rotate [--instance NAME ...|--service MASTER|--all] [-c config.yaml]}: new backend keys, old and new side by side. */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = {"Give backends new keys without downtime: writes a new versioned bundle (srv1 -> srv1.v2) per chosen "
                + "backend and lists its address in config.yaml next to the old one (node1 -> node1-v2). "
                + "Run both on the backend host; onionbalance retires the old address once the new one's descriptor is valid."})
public final class BundleRotateCommand implements Callable<Integer> {
    static final class Choice {
        @Option(names = "--instance", paramLabel = "NAME", required = true,
                description = "A backend by config name (node1), bundle name (srv1) or address; repeatable.")
        List<String> names;

        @Option(names = "--all", required = true, description = "Every backend of every service that has a bundle in the config's folder.")
        boolean all;

        @Option(names = "--service", paramLabel = "MASTER", required = true,
                description = "Every backend of one service (its master address or key file as config.yaml names it) that has a "
                        + "bundle in the config's folder: all new bundles and one config.yaml edit in one step; each old backend "
                        + "is retired once its own successor's descriptor is valid, so the service is never left without backends.")
        String service;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "config.yaml of the deployment (default: $ONIONBALANCE_CONFIG, else config.yaml).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path file = config != null ? config : OnionbalanceEnvironment.system().configPath();
        BundleRotation.Selection selection = choice.all ? new BundleRotation.Selection.All()
                : choice.service != null ? new BundleRotation.Selection.ServiceNamed(choice.service)
                : new BundleRotation.Selection.Named(choice.names);
        try {
            BundleRotation.Result r = new BundleRotation(BundleRotation.defaultLoader(), new SecureRandom()).rotate(file, selection);
            for (BundleRotation.Rotated x : r.rotated()) {
                out.println("rotated " + x.retiring().name().orElse(x.retiring().address().withOnionSuffix()) + " -> "
                        + x.replacement().name().orElse("") + " " + x.replacement().address().withOnionSuffix()
                        + "  new bundle " + x.bundleDir());
                x.replacement().clientKey().ifPresent(k -> out.println("  restricted to the balancer: its authorized_clients/"
                        + InstanceBundle.BALANCER_AUTH + " is new, and config.yaml names the balancer's new key " + k));
                if (!x.carriedClients().isEmpty()) {
                    out.println("  authorized_clients/ carried over: " + String.join(", ",
                            x.carriedClients().stream().map(c -> c.name() + ".auth").toList()));
                }
            }
            for (String s : r.skipped()) {
                out.println("skipped: " + s);
            }
            out.println("config.yaml now lists old and new addresses side by side. Install each new bundle on the same host "
                    + "as the old one (README.txt) and reload tor; onionbalance removes the old address once the new "
                    + "descriptor is valid (or: onionbalance bundle retire --instance <old name>). Then remove the old "
                    + "HiddenServiceDir and its torrc lines from that host.");
            out.flush();
            return 0;
        } catch (RotationException e) {
            spec.commandLine().getErr().println("onionbalance bundle rotate: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
