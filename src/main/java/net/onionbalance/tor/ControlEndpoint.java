package net.onionbalance.tor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where tor's control port listens: a TCP address or a Unix-domain socket ({@code ControlPort unix:/path}). */
public sealed interface ControlEndpoint {
    /** onionbalance 0.2.x default for {@code -s/--socket}. */
    Path DEFAULT_SOCKET = Path.of("/var/run/tor/control");
    /** onionbalance 0.2.x environment variable overriding the default socket. */
    String SOCKET_ENV = "ONIONBALANCE_TOR_CONTROL_SOCKET";
    /** onionbalance 0.2.x defaults for {@code -i/--ip} and {@code -p/--port}. */
    String DEFAULT_HOST = "127.0.0.1";
    int DEFAULT_PORT = 9051;

    SocketAddress socketAddress();

    record Tcp(String host, int port) implements ControlEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("control port host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("control port must be 1-65535, got " + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    record Unix(Path path) implements ControlEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * The endpoints to try, in order, following onionbalance 0.2.x: the socket ({@code -s}, else
     * {@value #SOCKET_ENV}, else {@link #DEFAULT_SOCKET}) first when that file exists, then TCP
     * {@code host:port}.
     *
     * @param socketOption the {@code -s/--socket} value, if given
     * @param environment  the process environment (a parameter so that tests can supply one)
     */
    static List<ControlEndpoint> onionbalanceCandidates(Optional<Path> socketOption, Map<String, String> environment,
                                                        String host, int port) {
        Path socket = socketOption.orElseGet(() -> {
            String env = environment.get(SOCKET_ENV);
            return env == null || env.isBlank() ? DEFAULT_SOCKET : Path.of(env);
        });
        List<ControlEndpoint> out = new ArrayList<>(2);
        if (Files.exists(socket)) {
            out.add(new Unix(socket));
        }
        out.add(new Tcp(host, port));
        return List.copyOf(out);
    }
}
