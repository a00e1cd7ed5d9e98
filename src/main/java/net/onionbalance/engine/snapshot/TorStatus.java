package net.onionbalance.engine.snapshot;

import java.util.Optional;

/**
 * The local tor as the balancer sees it through the control port.
 *
 * @param reconnects how often the control connection came back after it was lost, since start
 */
public record TorStatus(boolean connected, String endpoint, Optional<String> version, String detail, long reconnects) {
    public TorStatus(boolean connected, String endpoint, Optional<String> version, String detail) {
        this(connected, endpoint, version, detail, 0);
    }

    public static TorStatus notConnected(String detail) {
        return new TorStatus(false, "", Optional.empty(), detail);
    }
}
