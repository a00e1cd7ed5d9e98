package net.onionbalance.cli;

import net.onionbalance.config.TorControlSettings;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.PasswordSource;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * onionbalance 0.2.x's control-port flags ({@code -i -p -s}), shared by the balancer and the
 * commands that talk to tor. Flags win over config.yaml's {@code tor-control:}, which wins over
 * the defaults; the socket is tried first when it exists, then TCP.
 */
public final class ControlPortOptions {
    @Option(names = {"-i", "--ip"}, paramLabel = "IP", description = "tor control port address (default: 127.0.0.1)")
    String ip;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "tor control port (default: 9051)")
    Integer port;

    @Option(names = {"-s", "--socket"}, paramLabel = "SOCKET",
            description = "tor control socket, tried first when it exists "
                    + "(default: $ONIONBALANCE_TOR_CONTROL_SOCKET or /var/run/tor/control)")
    Path socket;

    boolean anyGiven() {
        return ip != null || port != null || socket != null;
    }

    /** These flags, each one not given taken from {@code fallback} (flags before a subcommand). */
    ControlPortOptions or(ControlPortOptions fallback) {
        ControlPortOptions o = new ControlPortOptions();
        o.ip = ip != null ? ip : fallback.ip;
        o.port = port != null ? port : fallback.port;
        o.socket = socket != null ? socket : fallback.socket;
        return o;
    }

    /**
     * Where and how to reach tor. The password comes from config.yaml's password file, else from
     * {@value PasswordSource#DEFAULT_ENV}; never from the command line, where {@code ps} shows it.
     */
    ControlSettings settings(TorControlSettings fromConfig, Map<String, String> environment) {
        Optional<Path> sock = Optional.ofNullable(socket).or(fromConfig::socket);
        String host = ip != null ? ip : fromConfig.host().orElse(ControlEndpoint.DEFAULT_HOST);
        int p = port != null ? port : fromConfig.port().orElse(ControlEndpoint.DEFAULT_PORT);
        ControlSettings s = ControlSettings.of(ControlEndpoint.onionbalanceCandidates(sock, environment, host, p));
        if (fromConfig.cookieFile().isPresent()) {
            s = s.withPlainCookieFile(fromConfig.cookieFile().get());
        }
        if (fromConfig.passwordFile().isPresent()) {
            s = s.withPassword(new PasswordSource.File(fromConfig.passwordFile().get()));
        } else if (environment.get(PasswordSource.DEFAULT_ENV) != null) {
            s = s.withPassword(new PasswordSource.Environment(PasswordSource.DEFAULT_ENV));
        }
        return s;
    }
}
