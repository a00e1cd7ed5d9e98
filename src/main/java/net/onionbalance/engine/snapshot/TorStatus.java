package net.onionbalance.engine.snapshot;

import java.util.Optional;

/** The local tor as the balancer sees it through the control port. */
public record TorStatus(boolean connected, String endpoint, Optional<String> version, String detail) {
    public static TorStatus notConnected(String detail) {
        return new TorStatus(false, "", Optional.empty(), detail);
    }
}
