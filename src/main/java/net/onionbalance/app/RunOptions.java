package net.onionbalance.app;

import net.onionbalance.config.TorControlSettings;
import net.onionbalance.tor.ControlSettings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@code onionbalance} command line asks of a balancer run, as values: the commands in
 * {@code cli} parse flags into this, so that the wiring here never sees picocli.
 *
 * @param config      {@code -c}; absent: {@code $ONIONBALANCE_CONFIG}, else config.yaml
 * @param verbosity   {@code -v}; absent: {@code $ONIONBALANCE_LOG_LEVEL}, else info
 * @param testNetwork {@code --is-testnet}: timings for a private test network
 * @param noTui       {@code --no-tui}: headless even on a terminal
 * @param logFile     {@code --log-file}; absent: {@code $ONIONBALANCE_LOG_LOCATION}
 * @param control     the control-port flags ({@code -i -p -s}) merged with config.yaml's {@code tor-control:}
 */
public record RunOptions(Optional<Path> config, Optional<String> verbosity, boolean testNetwork, boolean noTui,
                         Optional<Path> logFile, ControlChoice control) {
    public RunOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(verbosity, "verbosity");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(control, "control");
    }

    /** Where and how to reach tor, once config.yaml and the environment are known. */
    @FunctionalInterface
    public interface ControlChoice {
        ControlSettings settings(TorControlSettings fromConfig, Map<String, String> environment);
    }
}
