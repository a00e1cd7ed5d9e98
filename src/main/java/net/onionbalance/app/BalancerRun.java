package net.onionbalance.app;

import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.metrics.MetricsServer;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.io.Temporaries;
import net.onionbalance.config.ConfigWarning;
import net.onionbalance.config.LoadedConfig;
import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.Balancer;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.ControllerGateway;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.ServiceRegistry;
import net.onionbalance.logging.LogLevels;
import net.onionbalance.logging.LogSetup;
import net.onionbalance.status.StatusJson;
import net.onionbalance.status.StatusSocketServer;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.TorController;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the balancer as {@code onionbalance} does: config, keys, tor, engine, status socket,
 * signals; then the console on a terminal, or headless until SIGTERM.
 */
public final class BalancerRun {
    private static final Logger LOG = Logger.getLogger(BalancerRun.class.getName());

    private final RunOptions opts;
    private final PrintWriter err;

    public BalancerRun(RunOptions opts, PrintWriter err) {
        this.opts = opts;
        this.err = err;
    }

    public int run() {
        OnionbalanceEnvironment env = OnionbalanceEnvironment.system();
        boolean console = !opts.noTui() && ConsoleLauncher.terminalAvailable();
        Level level;
        try {
            level = LogLevels.parse(opts.verbosity().orElseGet(() -> env.logLevel().orElse("info")));
        } catch (IllegalArgumentException e) {
            err.println("onionbalance: " + e.getMessage());
            return 2;
        }
        Optional<Path> logFile = opts.logFile().or(env::logLocation);
        LogSetup logs;
        try {
            logs = LogSetup.configure(level, !console, logFile);
        } catch (IOException e) {
            err.println("onionbalance: cannot open the log file " + logFile.orElse(null) + ": " + e.getMessage());
            return 1;
        }

        ConfigLoader loader = new ConfigLoader(env, BalancerRun::masterAddressOrNull, opts.testNetwork());
        Path configPath = opts.config().orElseGet(env::configPath);
        LoadedConfig loaded;
        try {
            loaded = loader.load(configPath);
        } catch (ConfigException e) {
            err.println("onionbalance: " + e.getMessage());
            return 1;
        }
        for (ConfigWarning w : loaded.warnings()) {
            LOG.warning(() -> w.toString());
        }
        BalancerConfig cfg = loaded.config();
        // An edit of config.yaml killed before its rename left a temporary beside it: remove it now.
        Temporaries.removeStale(cfg.source().toAbsolutePath().getParent());
        ConfigFileStore store = new ConfigFileStore(loader, cfg);
        List<ServiceRegistry.ServiceDefinition> defs;
        try {
            defs = store.definitions(cfg);
        } catch (IOException e) {
            err.println("onionbalance: " + e.getMessage());
            return 1;
        }
        for (var d : defs) {
            LOG.info(() -> "Loaded onion " + d.master() + " with " + d.instances().size() + " instances");
        }

        TorController controller;
        try {
            controller = TorController.open(opts.control().settings(cfg.extensions().torControl(), env.variables()));
        } catch (ControlException e) {
            err.println("onionbalance: " + e.getMessage());
            return 1;
        }

        var settings = new Balancer.Settings(cfg.timings(), cfg.extensions().introPointsPerInstance(), opts.testNetwork());
        Balancer balancer = new Balancer(Clock.systemUTC(), new ControllerGateway(controller), settings,
                new ServiceRegistry(store, defs), logs.recent());
        balancer.start();

        StatusSocketServer status = null;
        if (cfg.statusSocketLocation().isPresent()) {
            try {
                status = StatusSocketServer.start(cfg.statusSocketLocation().get(),
                        () -> StatusJson.render(balancer.snapshot()));
                Path statusPath = status.path();
                LOG.info(() -> "Status socket at " + statusPath);
            } catch (IOException e) {
                LOG.severe(e::getMessage);
            }
        }
        // Only referenced when configured, so with metrics off none of its classes load.
        AutoCloseable metrics = null;
        if (cfg.extensions().metrics().isPresent()) {
            try {
                metrics = MetricsServer.start(cfg.extensions().metrics().get(), balancer::snapshot,
                        cfg.timings().republishAge(), String.valueOf(BalancerRun.class.getPackage().getImplementationVersion()));
            } catch (IOException e) {
                LOG.severe(e::getMessage);
            }
        }
        // Type=notify: READY=1 now, and WATCHDOG=1 only while the engine loop ticks (SystemdNotify).
        Optional<SystemdNotify> systemd = SystemdNotify.fromEnvironment(env.variables(), balancer::lastTickNanos);
        systemd.ifPresent(SystemdNotify::ready);
        CountDownLatch stopped = new CountDownLatch(1);
        Signals.onHangup(() -> {
            LOG.info(() -> "SIGHUP: reloading " + configPath + " and reopening the log file");
            logs.reopen();
            balancer.submit(new EngineCommand.Reload());
        });
        StatusSocketServer statusFinal = status;
        AutoCloseable metricsFinal = metrics;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            systemd.ifPresent(SystemdNotify::close);
            shutdown(balancer, statusFinal, metricsFinal);
        }, "shutdown"));

        int rc = 0;
        if (console) {
            rc = ConsoleLauncher.run(balancer, ConsoleWizardHooks.forRunningConfig(cfg.source(), loader));
        } else {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shutdown(balancer, status, metrics);
        return rc;
    }

    private static synchronized void shutdown(BalancerControl balancer, StatusSocketServer status, AutoCloseable metrics) {
        if (status != null) {
            status.close();
        }
        if (metrics != null) {
            try {
                metrics.close();
            } catch (Exception e) {
                LOG.fine(() -> "closing metrics: " + e);
            }
        }
        if (balancer instanceof Balancer b) {
            b.close();
        }
    }


    private static OnionAddress masterAddressOrNull(Path key) {
        try {
            return ServiceKeys.load(key).onionAddress();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
