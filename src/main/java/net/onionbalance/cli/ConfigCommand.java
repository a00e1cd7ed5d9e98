package net.onionbalance.cli;

import java.util.Locale;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import net.onionbalance.wizard.Answers;
import net.onionbalance.wizard.ClientsRequest;
import net.onionbalance.wizard.DeploymentException;
import net.onionbalance.wizard.DeploymentPlan;
import net.onionbalance.wizard.DeploymentRequest;
import net.onionbalance.wizard.DeploymentWriter;
import net.onionbalance.wizard.InvalidAnswerException;
import net.onionbalance.wizard.PlainPrompts;
import net.onionbalance.wizard.ServiceRequest;
import net.onionbalance.wizard.ServiceTarget;
import net.onionbalance.wizard.WizardConversation;
import net.onionbalance.wizard.WizardDefaults;
import net.onionbalance.wizard.WizardScreen;
import net.onionbalance.wizard.WrittenDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance config} (alias {@code onionbalance-config}): onionbalance-config's flags and
 * prompts, writing the whole deployment: master key(s), config.yaml with the real backend
 * addresses, one srvN/ bundle per backend and README.txt. Without flags it asks: on a terminal in
 * a Lanterna screen, otherwise line by line on stdin, as onionbalance-config does.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        resourceBundle = "net.onionbalance.cli.ConfigCommandHelp",
        versionProvider = VersionProvider.class,
        description = {
                "Generate an onionbalance deployment: master key(s), config.yaml listing real backend addresses, "
                        + "and for each backend a bundle srvN/ (instance_torrc, HiddenServiceDir with keys, hostname, ob_config) "
                        + "plus README.txt. Accepts onionbalance-config's flags; without flags it asks interactively.",
                "Nothing is ever overwritten, and nothing is left half-written on error."})
public final class ConfigCommand implements Callable<Integer> {
    /** Options that do not make a run non-interactive (onionbalance-config: only -v; ours add the last two). */
    private static final Set<String> KEEP_INTERACTIVE = Set.of("-v", "--force", "--hs-dir-root");

    @Spec
    CommandSpec spec;

    @Option(names = "--hs-version", paramLabel = "v3", defaultValue = "v3",
            description = "Onion service version; only v3 (v2 is gone from tor since 0.4.6).")
    String hsVersion;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Master key to import: tor's hs_ed25519_secret_key or a PEM key; copied byte for byte. "
                    + "Repeat for several services (the n-th --key is service #n); services without one get a new key.")
    List<Path> keys = new ArrayList<>();

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", hidden = true,
            description = "onionbalance-config's v2 key password; ignored (onionbalance cannot read encrypted keys).")
    String password;

    /** Text, not int: picocli's own refusal of "abc" would name neither the range nor the reason. */
    @Option(names = "-n", paramLabel = "NUM_INSTANCES", defaultValue = "2", descriptionKey = ConfigCommandHelp.INSTANCES)
    String instances;

    @Option(names = "--intro-points-per-instance", paramLabel = "N", descriptionKey = ConfigCommandHelp.INTRO_POINTS)
    String introPointsPerInstance;

    @Option(names = "-s", paramLabel = "NUM_SERVICES", defaultValue = "1", description = "Master services to create (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", defaultValue = "node",
            description = "Prefix of the instance names: TAG1, TAG2, ... (default: ${DEFAULT-VALUE}).")
    String tag;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "config/",
            description = "Folder to write the deployment to; created if missing (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--no-interactive", description = "Do not ask; use the flags and defaults.")
    boolean noInteractive;

    @Option(names = "-v", paramLabel = "VERBOSITY", defaultValue = "info",
            description = "Accepted for onionbalance-config compatibility (debug, info, warning, error, critical).")
    String verbosity;

    @Option(names = "--service-virtual-port", paramLabel = "PORT", defaultValue = "80",
            description = "Port clients connect to on the onion address (default: ${DEFAULT-VALUE}).")
    String virtualPort;

    @Option(names = "--service-target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:80",
            description = "Where each backend's tor forwards connections: host:port, [IPv6]:port or unix:/path (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--hs-dir-root", paramLabel = "DIR", defaultValue = "/var/lib/tor",
            description = "Folder on the backend hosts that will hold each HiddenServiceDir (default: ${DEFAULT-VALUE}).")
    Path hsDirRoot;

    @Option(names = "--restrict-backends", description = "Restrict each backend's own descriptor to the balancer "
            + "(tor client authorization): bundles get authorized_clients/balancer.auth, config.yaml a client-key per "
            + "instance (backend-keys/). Without it, anyone who knows a backend's address can reach that backend.")
    boolean restrictBackends;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "0",
            description = "Restrict each service to authorized clients: make N client key pairs (client1..N), as "
                    + "'onionbalance client-auth add' does: authorized_clients/<master>/clientK.auth for config.yaml and "
                    + "client-keys/clientK/<master>.auth_private for each client's tor (0 to " + Answers.MAX_NEW_CLIENTS
                    + "; default: ${DEFAULT-VALUE}, public).")
    int clients;

    @Option(names = "--authorized-clients", paramLabel = "DIR",
            description = "Restrict a service to the clients of a folder of tor's <name>.auth files (such as a restricted "
                    + "tor service's HiddenServiceDir/authorized_clients/); they are copied into the deployment. Repeat for "
                    + "several services (the n-th is service #n); with --clients, the new keys come on top.")
    List<Path> authorizedClients = new ArrayList<>();

    @Option(names = "--force", description = "If the output already holds these files, move them into OUTPUT/replaced-<time>/ and write anew.")
    boolean force;

    private final InputStream stdin;
    private final boolean terminal;

    public ConfigCommand() {
        this(System.in, System.console() != null);
    }

    /** @param terminal whether to ask in a Lanterna screen (false: plain prompts on {@code stdin}) */
    ConfigCommand(InputStream stdin, boolean terminal) {
        this.stdin = stdin;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!"v3".equals(hsVersion)) {
                throw new InvalidAnswerException("--hs-version", "Only --hs-version v3 exists now: tor dropped v2 onion services in 0.4.6.");
            }
            if (!Set.of("debug", "info", "warning", "error", "critical").contains(verbosity.toLowerCase(Locale.ROOT))) {
                throw new InvalidAnswerException("-v", "-v takes debug, info, warning, error or critical; got '" + verbosity + "'.");
            }
            if (password != null) {
                err.println("onionbalance config: note: -p/--password is ignored: onionbalance reads only unencrypted keys (as onionbalance-config for v3).");
            }
            DeploymentRequest request;
            if (interactive()) {
                WizardDefaults defaults = new WizardDefaults(output, services, Answers.numberOfInstances("-n", instances), tag, 80,
                        hsDirRoot, force, restrictBackends);
                if (terminal) {
                    return runScreen(defaults, out, err);
                }
                request = new PlainPrompts(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out)
                        .ask(new WizardConversation(defaults));
            } else {
                request = fromFlags();
            }
            WrittenDeployment written = new DeploymentWriter().write(DeploymentPlan.prepare(request, new SecureRandom()));
            report(written, out);
            return 0;
        } catch (InvalidAnswerException e) {
            // A usage error, as picocli's own (exit 2): the flag or question, what is allowed.
            err.println("onionbalance config: " + (e.getMessage().startsWith(e.field()) ? "" : e.field() + ": ") + e.getMessage());
            err.flush();
            return USAGE;
        } catch (DeploymentException e) {
            err.println("onionbalance config: " + e.getMessage());
            err.flush();
            return e.outputInTheWay() ? USAGE : 1;
        } catch (IOException e) {
            err.println("onionbalance config: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** picocli's exit code for a usage error (CommandLine.ExitCode.USAGE): bad flags or answers, nothing written. */
    static final int USAGE = 2;

    private boolean interactive() {
        if (noInteractive) {
            return false;
        }
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!KEEP_INTERACTIVE.contains(o.longestName()) && !KEEP_INTERACTIVE.contains(o.shortestName())) {
                return false;
            }
        }
        return true;
    }

    private DeploymentRequest fromFlags() throws InvalidAnswerException {
        int s = Answers.numberOfServices("-s", Integer.toString(services));
        int n = Answers.numberOfInstances("-n", instances);
        int ips = introPointsPerInstance == null ? Answers.INTRO_POINTS_PER_INSTANCE
                : Answers.introPointsPerInstance("--intro-points-per-instance", introPointsPerInstance, n);
        Answers.numberOfInstances("-n", n, ips, "--intro-points-per-instance");
        String t = Answers.tag("--tag", tag);
        int port = Answers.virtualPort("--service-virtual-port", virtualPort);
        ServiceTarget tgt = ServiceTarget.parse(target);
        if (keys.size() > s) {
            throw new InvalidAnswerException("--key", "--key is given " + keys.size() + " times but -s asks for " + s
                    + " service" + (s == 1 ? "" : "s") + "; give one --key per service at most.");
        }
        if (authorizedClients.size() > s) {
            throw new InvalidAnswerException("--authorized-clients", "--authorized-clients is given " + authorizedClients.size()
                    + " times but -s asks for " + s + " service" + (s == 1 ? "" : "s") + "; give one folder per service at most.");
        }
        Answers.numberOfNewClients("--clients", clients);
        List<ServiceRequest> list = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            Optional<Path> key = i < keys.size() ? Optional.of(keys.get(i)) : Optional.empty();
            Optional<Path> folder = i < authorizedClients.size() ? Optional.of(authorizedClients.get(i)) : Optional.empty();
            list.add(new ServiceRequest(key, n, t, port, tgt, new ClientsRequest(clients, folder), ips));
        }
        return new DeploymentRequest(output, list, hsDirRoot, force, restrictBackends);
    }

    private int runScreen(WizardDefaults defaults, PrintWriter out, PrintWriter err) throws IOException {
        Screen screen = new DefaultTerminalFactory().createScreen();
        Optional<WrittenDeployment> written;
        screen.startScreen();
        try {
            written = WizardScreen.run(new com.googlecode.lanterna.gui2.MultiWindowTextGUI(screen), defaults);
        } finally {
            screen.stopScreen();
        }
        if (written.isEmpty()) {
            err.println("onionbalance config: nothing written.");
            err.flush();
            return 1;
        }
        report(written.get(), out);
        return 0;
    }

    static void report(WrittenDeployment w, PrintWriter out) {
        out.println("Wrote " + w.output() + ":");
        w.replaced().ifPresent(r -> out.println("  (the files that were in the way are now in " + r + ")"));
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            out.println("  master " + s.master().withOnionSuffix() + "  key " + s.keyFileName()
                    + s.importedFrom().map(p -> " (copied from " + p + ")").orElse(" (new)"));
            for (var i : s.instances()) {
                out.println("    " + i.bundleName() + "/  " + i.instanceName() + "  " + i.address().withOnionSuffix()
                        + (i.balancerClientKey().isPresent() ? "  (restricted to the balancer)" : ""));
            }
            if (s.introPointsPerInstance() != Answers.INTRO_POINTS_PER_INSTANCE) {
                out.println("    intro-points-per-instance: " + s.introPointsPerInstance());
            }
            s.visitorNotes().forEach(l -> out.println("    " + l));
            w.clientNotes(s).forEach(l -> out.println("    " + l));
        }
        out.println("  config.yaml lists these backends; README.txt says which file goes where.");
        out.println("Next: install each srvN/ on its backend host (README.txt), then run: onionbalance -c "
                + w.configFile());
        out.flush();
    }
}
