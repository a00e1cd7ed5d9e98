package net.onionbalance.app;

import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.ui.console.ConsoleHooks;
import net.onionbalance.wizard.BundleAddition;
import net.onionbalance.wizard.BundleAdditionException;
import net.onionbalance.wizard.BundleRotation.Result;
import net.onionbalance.wizard.BundleRotation.Rotated;
import net.onionbalance.wizard.BundleRotation.Selection;
import net.onionbalance.wizard.ClientAuthorizations;
import net.onionbalance.wizard.DeploymentRequest;
import net.onionbalance.wizard.InstanceBundle;
import net.onionbalance.wizard.RotationException;
import net.onionbalance.wizard.WizardDefaults;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The wizard's actions behind the console's keys, for the config.yaml the balancer runs:
 * {@code t} rotates bundles ({@link net.onionbalance.wizard.BundleRotation}), {@code a}'s "generate" writes a new bundle
 * ({@link BundleAddition}), {@code w} opens the setup wizard as a page ({@link WizardPage}), {@code c}
 * lists, adds and removes a service's authorized clients ({@link ClientAuthorizations}, as {@code client-auth}).
 * The file work runs on one worker thread, in order, never on the console thread. The full
 * instructions for the operator go to the log (the console's log pane and the log file); the
 * status line gets the short form.
 */
public final class ConsoleWizardHooks implements ConsoleHooks {
    private static final Logger LOG = Logger.getLogger(ConsoleWizardHooks.class.getName());

    private final Path configFile;
    /** Qualified: the simple name is the console's hook interface here. */
    private final net.onionbalance.wizard.BundleRotation rotation;
    private final BundleAddition addition;
    private final ClientAuthorizations clients;
    private final WizardDefaults wizardDefaults;
    private final SecureRandom rng;
    private final Executor worker;

    /**
     * @param configFile the running balancer's config.yaml; its folder holds the bundles
     * @param loader     the balancer's own loader (same environment and network checks)
     * @param worker     runs the file work; tests pass a direct executor
     */
    ConsoleWizardHooks(Path configFile, ConfigLoader loader, SecureRandom rng, Executor worker) {
        this.configFile = configFile.toAbsolutePath().normalize();
        this.rng = Objects.requireNonNull(rng, "rng");
        this.rotation = new net.onionbalance.wizard.BundleRotation(loader, rng);
        this.addition = new BundleAddition(loader, rng);
        this.clients = new ClientAuthorizations(loader, rng);
        this.worker = Objects.requireNonNull(worker, "worker");
        this.wizardDefaults = defaultsBeside(this.configFile);
    }

    /** For the running balancer: a daemon worker thread, so that a write in progress never keeps the JVM alive. */
    public static ConsoleWizardHooks forRunningConfig(Path configFile, ConfigLoader loader) {
        Executor worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "console-wizard");
            t.setDaemon(true);
            return t;
        });
        return new ConsoleWizardHooks(configFile, loader, new SecureRandom(), worker);
    }

    /**
     * The wizard from the console writes a new deployment beside the running one
     * ({@code /etc/onionbalance} &rarr; {@code /etc/onionbalance-new}); it refuses any folder
     * that holds a config.yaml, the running one included.
     */
    static WizardDefaults defaultsBeside(Path config) {
        Path dir = config.getParent();
        Path output = dir == null || dir.getFileName() == null
                ? Path.of("onionbalance-new").toAbsolutePath()
                : dir.resolveSibling(dir.getFileName() + "-new");
        WizardDefaults d = WizardDefaults.ONIONBALANCE_CONFIG;
        return new WizardDefaults(output, d.services(), d.instances(), d.tag(), d.virtualPort(),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false);
    }

    @Override
    public Optional<BundleRotation> bundleRotation() {
        return Optional.of(this::rotate);
    }

    @Override
    public Optional<InstanceGenerator> instanceGenerator() {
        return Optional.of(this::generate);
    }

    @Override
    public Optional<ClientAuthorization> clientAuthorization() {
        return Optional.of(new ClientAuthorization() {
            @Override
            public CompletionStage<ServiceClients> clients(OnionAddress service) {
                return work(() -> serviceClients(service));
            }

            @Override
            public CompletionStage<AddedClient> add(OnionAddress service, String name) {
                return work(() -> {
                    ClientAuthorizations.Added a = clients.add(configFile, service, name, Optional.empty());
                    // Where the secret is, never the secret itself.
                    LOG.info(() -> "client-auth: added client " + a.name() + " to " + service.withOnionSuffix() + ": "
                            + a.authFile() + " for the service" + (a.configEdited() ? " (config.yaml now names its folder)" : "")
                            + "; the client's key is " + a.privateFile() + ": give it to that client only, for its "
                            + "ClientOnionAuthDir");
                    return new AddedClient(a.name(), a.privateFile(), a.authFile());
                });
            }

            @Override
            public CompletionStage<String> remove(OnionAddress service, String name) {
                return work(() -> {
                    Path deleted = clients.remove(configFile, service, name);
                    LOG.info(() -> "client-auth: removed client " + name + " of " + service.withOnionSuffix() + " (" + deleted + ")");
                    return "removed client " + name + "; republishing, so its next descriptor fetch no longer opens";
                });
            }
        });
    }

    private ServiceClients serviceClients(OnionAddress service) throws ConfigException, IOException {
        ClientAuthorizations.ServiceClients s = clients.service(configFile, service);
        String source = s.source() instanceof AuthorizedClients.Folder f ? "folder " + f.folder()
                : s.source() instanceof AuthorizedClients.Listed ? "listed in " + configFile.getFileName() : "";
        return new ServiceClients(service, s.restricted(), source,
                s.clients().stream().map(ClientAuthFiles.AuthorizedClient::name).toList(),
                ClientAuthorizations.additionRefusal(s).map(ClientAuthorizations.Refusal::text),
                ClientAuthorizations.removalRefusal(s).map(ClientAuthorizations.Refusal::text));
    }

    /** File work that may fail with an operator's error. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws ConfigException, IOException;
    }

    /** Runs {@code w} on the worker; its error is logged once and completes the stage. */
    private <T> CompletionStage<T> work(Work<T> w) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return w.run();
            } catch (ConfigException | IOException | IllegalArgumentException e) {
                LOG.warning(() -> "client-auth: " + e.getMessage());
                throw new CompletionException(e);
            }
        }, worker);
    }

    @Override
    public Optional<Wizard> wizard() {
        return Optional.of(control -> new WizardPage(wizardDefaults, rng, worker));
    }

    private CompletionStage<String> rotate(OnionAddress service, List<InstanceStatus> instances, boolean wholeService) {
        // One instance: exactly that one, or a clear error; the whole service: as --service.
        return rotate(wholeService
                ? new Selection.Service(service)
                : new Selection.Named(instances.stream().map(i -> i.address().toString()).toList()));
    }

    private CompletionStage<String> rotate(Selection selection) {
        return CompletableFuture.supplyAsync(() -> {
            Result r;
            try {
                r = rotation.rotate(configFile, selection);
            } catch (RotationException e) {
                LOG.warning(() -> "bundle rotate: " + e.getMessage());
                throw new CompletionException(e);
            }
            for (Rotated x : r.rotated()) {
                String old = x.retiring().name().orElse(x.retiring().address().withOnionSuffix());
                String neu = x.replacement().name().orElse(x.replacement().address().withOnionSuffix());
                LOG.info(() -> "bundle rotate: " + old + " -> " + neu + " " + x.replacement().address().withOnionSuffix()
                        + ", listed in " + r.configFile().getFileName() + " next to " + old + ". Copy " + x.bundleDir()
                        + "/ to the backend host of " + old + ", add its " + InstanceBundle.TORRC
                        + " to that tor's torrc (or %include it) and reload tor; " + old + " is retired once "
                        + neu + "'s descriptor is seen valid, then remove its HiddenServiceDir and torrc lines there."
                        + x.replacement().clientKey().map(k -> " " + neu + " stays restricted to the balancer: its bundle has a new "
                                + "authorized_clients/" + InstanceBundle.BALANCER_AUTH + ", config.yaml names the key " + k + ".").orElse(""));
            }
            r.skipped().forEach(s -> LOG.warning(() -> "bundle rotate: skipped " + s));
            return rotationLine(r);
        }, worker);
    }

    static String rotationLine(Result r) {
        String skipped = r.skipped().isEmpty() ? "" : " (" + r.skipped().size() + " skipped, see the log)";
        if (r.rotated().size() == 1) {
            Rotated x = r.rotated().get(0);
            return x.replacement().name().orElse("new instance") + ": copy " + x.bundleDir() + "/ to "
                    + x.retiring().name().orElse("the old instance") + "'s host, include its torrc, reload tor" + skipped;
        }
        Path dir = r.rotated().get(0).bundleDir().getParent();
        List<String> names = r.rotated().stream().map(x -> x.bundleDir().getFileName().toString()).toList();
        // A status bar is one line: at the tutorial's 60 backends, the first and the last folder.
        String listed = names.size() <= 3 ? String.join(", ", names) : names.get(0) + " .. " + names.get(names.size() - 1);
        return r.rotated().size() + " new bundles in " + dir + "/ (" + listed + "): copy each to its backend host, see the log" + skipped;
    }

    private CompletionStage<GeneratedInstance> generate(OnionAddress service, Optional<String> name) {
        return CompletableFuture.supplyAsync(() -> {
            BundleAddition.Added a;
            try {
                a = addition.add(configFile, service, name);
            } catch (BundleAdditionException e) {
                LOG.warning(() -> "new instance: " + e.getMessage());
                throw new CompletionException(e);
            }
            LOG.info(() -> "new instance " + a.instanceName() + " " + a.address().withOnionSuffix() + " for "
                    + service.withOnionSuffix() + ": bundle " + a.bundleDir() + "/. Copy it to the backend host, add its "
                    + InstanceBundle.TORRC + " to that tor's torrc (or %include it) and reload tor; the balancer "
                    + "lists the address in " + configFile.getFileName() + " now and balances it once its descriptor is valid.");
            if (!a.portLinesCopied()) {
                LOG.warning(() -> "new instance " + a.instanceName() + ": no other bundle of this service is beside "
                        + configFile.getFileName() + ", so " + a.bundleDir().resolve(InstanceBundle.TORRC)
                        + " has the default '" + String.join("', '", a.bundle().portLines())
                        + "'; make it match the service's other backends before use.");
            }
            String check = a.portLinesCopied() ? "" : " (check its HiddenServicePort)";
            a.clientKey().ifPresent(k -> LOG.info(() -> "new instance " + a.instanceName() + " is restricted to the balancer, as the "
                    + "service's other backends: its bundle has authorized_clients/" + InstanceBundle.BALANCER_AUTH
                    + ", and config.yaml names the balancer's key " + k));
            return new GeneratedInstance(a.address(), a.instanceName(), a.instanceName() + ": copy " + a.bundleDir()
                    + "/ to the backend host, include its torrc, reload tor" + check, a.clientKey());
        }, worker);
    }
}
