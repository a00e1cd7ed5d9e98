package net.onionbalance.health;

import net.onionbalance.tor.SocksReply;

import java.util.Objects;
import java.util.Optional;

/**
 * A failed check: its kind, what the operator reads ("intro failed", "HTTP 503, expected
 * 200-399"), and tor's SOCKS reply when tor gave one.
 */
public record HealthFailure(FailureKind kind, String text, Optional<SocksReply> socksReply) {
    public HealthFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(socksReply, "socksReply");
    }

    public HealthFailure(FailureKind kind, String text) {
        this(kind, text, Optional.empty());
    }

    @Override
    public String toString() {
        return text;
    }
}
