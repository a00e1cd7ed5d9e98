package net.onionbalance.engine;

import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.tor.ControlException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises tor's refusal of an HSPOST naming an HSDir it no longer knows
 * ({@code 552 Server "<fpr>" not found}, control-spec §3.29; onionbalance issue #66), so the
 * engine can drop that HSDir and post to the others.
 */
final class UnknownServer {
    private UnknownServer() {}

    static Optional<RelayFingerprint> in(ControlException e, List<RelayFingerprint> servers) {
        String msg = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
        if (!msg.contains("552") && !msg.contains("NOT FOUND")) {
            return Optional.empty();
        }
        return servers.stream().filter(fp -> msg.contains(fp.hex())).findFirst();
    }
}
