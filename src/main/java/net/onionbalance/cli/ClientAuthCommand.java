package net.onionbalance.cli;

import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.ClientAuthorizations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance client-auth add|list|remove}: the clients allowed to fetch a master
 * descriptor (restricted discovery, rend-spec-v3 §2.5.1.2). Edits files only; a running balancer
 * applies the change when it reloads (SIGHUP) and then republishes at once.
 */
@Command(
        name = "client-auth",
        mixinStandardHelpOptions = true,
        description = {"Restrict a service to authorized clients (tor's client authorization): add, list or remove clients.",
                "A running balancer applies changes on reload: systemctl reload onionbalance (or kill -HUP its PID); "
                        + "it then republishes at once, so a removed client cannot open the descriptor it fetches next."},
        subcommands = {ClientAuthCommand.Add.class, ClientAuthCommand.ListClients.class, ClientAuthCommand.Remove.class})
public final class ClientAuthCommand implements Callable<Integer> {
    static final String RELOAD_HINT = "A running balancer applies this when it reloads: systemctl reload onionbalance "
            + "(or kill -HUP <pid>); it republishes at once.";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "config.yaml (default: $ONIONBALANCE_CONFIG, else config.yaml).")
        Path config;

        Path configFile() {
            return config != null ? config : OnionbalanceEnvironment.system().configPath();
        }

        ClientAuthorizations clients() {
            return new ClientAuthorizations(BundleRotation.defaultLoader(), new SecureRandom());
        }

        int fail(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("onionbalance " + spec.qualifiedName().replaceFirst("^onionbalance ", "") + ": " + message);
            err.flush();
            return 1;
        }

        static OnionAddress address(String text) {
            return OnionAddress.parse(text);
        }

        @Override
        public Integer call() {
            try {
                return run(spec.commandLine().getOut());
            } catch (ConfigException | IOException | IllegalArgumentException e) { // also KeyFileException, InvalidOnionAddressException
                return fail(e.getMessage());
            }
        }

        abstract int run(PrintWriter out) throws ConfigException, IOException;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Make a key pair for a new client: NAME.auth in the service's authorized-clients folder "
                    + "(created, and named in config.yaml, if the service has none) and <master>.auth_private for the "
                    + "client's tor (ClientOnionAuthDir), both mode 0600, never over an existing file."})
    static final class Add extends Base {
        @Parameters(index = "0", paramLabel = "NAME", description = "The client's name (letters, digits, '_', '-', '.').")
        String name;

        @Option(names = "--service", required = true, paramLabel = "ADDR", description = "The master onion address.")
        String service;

        @Option(names = "--output-dir", paramLabel = "DIR",
                description = "Where to write the client's .auth_private file (default: client-keys/NAME/ beside config.yaml).")
        Path outputDir;

        @Override
        int run(PrintWriter out) throws ConfigException, IOException {
            ClientAuthorizations.Added a = clients().add(configFile(), address(service), name, Optional.ofNullable(outputDir));
            out.println("client " + a.name() + " of " + a.master().withOnionSuffix());
            out.println("  service side: " + a.authFile());
            out.println("  client side:  " + a.privateFile() + "  (secret: give it to the client only; it goes into the "
                    + "folder its torrc names as ClientOnionAuthDir)");
            if (a.configEdited()) {
                out.println("  config.yaml: the service now has 'authorized-clients: " + a.authFile().getParent() + "'");
            }
            out.println(RELOAD_HINT);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The authorized clients of each service.")
    static final class ListClients extends Base {
        @Option(names = "--service", paramLabel = "ADDR", description = "Only this master onion address.")
        String service;

        @Override
        int run(PrintWriter out) throws ConfigException, IOException {
            Optional<OnionAddress> only = Optional.ofNullable(service).map(Base::address);
            for (ClientAuthorizations.ServiceClients s : clients().list(configFile())) {
                if (only.isPresent() && !only.get().equals(s.master())) {
                    continue;
                }
                String where = s.source() instanceof AuthorizedClients.Folder f ? " (folder " + f.folder() + ")"
                        : s.source() instanceof AuthorizedClients.Listed ? " (listed in config.yaml)" : "";
                out.println(s.master().withOnionSuffix() + ": " + (s.restricted()
                        ? s.clients().size() + " authorized client" + (s.clients().size() == 1 ? "" : "s") + where
                        : "public (no client authorization)"));
                for (ClientAuthFiles.AuthorizedClient c : s.clients()) {
                    out.println("  " + c.name() + "  " + ClientAuthFiles.authLine(c.key()));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete a client's .auth file from the service's authorized-clients folder.")
    static final class Remove extends Base {
        @Parameters(index = "0", paramLabel = "NAME", description = "The client's name.")
        String name;

        @Option(names = "--service", required = true, paramLabel = "ADDR", description = "The master onion address.")
        String service;

        @Override
        int run(PrintWriter out) throws ConfigException, IOException {
            Path deleted = clients().remove(configFile(), address(service), name);
            out.println("removed client " + name + " (" + deleted + ")");
            out.println(RELOAD_HINT);
            out.flush();
            return 0;
        }
    }
}
