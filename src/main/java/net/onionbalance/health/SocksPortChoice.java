package net.onionbalance.health;

import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.SocksListener;
import net.onionbalance.tor.TorController;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which SocksPort the health checks use, and a sentence for the operator saying why (or why
 * there are no active checks).
 *
 * @param address     empty: no usable SocksPort, so no active health checks
 * @param explanation one line for the log and the console
 */
public record SocksPortChoice(Optional<InetSocketAddress> address, String explanation) {
    public SocksPortChoice {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** A configured address wins; otherwise the first TCP listener tor reports. */
    public static SocksPortChoice find(TorController tor, Optional<InetSocketAddress> configured) {
        if (configured.isPresent()) {
            return new SocksPortChoice(configured, "health checks use the configured SocksPort " + show(configured.get()));
        }
        List<SocksListener> listeners;
        try {
            listeners = tor.socksListeners();
        } catch (ControlException e) {
            return new SocksPortChoice(Optional.empty(), "no active health checks: cannot ask tor for its SocksPort ("
                    + e.getMessage() + ")");
        }
        return choose(listeners);
    }

    /** The decision on what {@code GETINFO net/listeners/socks} gave. */
    public static SocksPortChoice choose(List<SocksListener> listeners) {
        for (SocksListener l : listeners) {
            Optional<InetSocketAddress> tcp = l.tcpAddress();
            if (tcp.isPresent()) {
                return new SocksPortChoice(tcp, "health checks use tor's SocksPort " + l.spec()
                        + " (whether it has ExtendedErrors shows in the first failure: tor does not report its flags)");
            }
        }
        if (!listeners.isEmpty()) {
            return new SocksPortChoice(Optional.empty(), "no active health checks: tor's SocksPorts (" + listeners
                    + ") are Unix sockets, which the checker cannot use; add 'SocksPort 127.0.0.1:9050 ExtendedErrors' to tor's torrc");
        }
        return new SocksPortChoice(Optional.empty(), "no active health checks: the balancer's tor has no SocksPort (SocksPort 0); "
                + "add 'SocksPort 127.0.0.1:9050 ExtendedErrors' to its torrc");
    }

    private static String show(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
