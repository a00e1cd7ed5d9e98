package net.onionbalance.engine;

import net.onionbalance.tor.TorVersion;

import java.util.Optional;

/** What the operator should hear at start about the version of the tor the balancer drives. */
final class TorVersionNotes {
    private TorVersionNotes() {}

    /** A warning for {@code version} as tor reported it, if it has a known problem the balancer works around. */
    static Optional<String> atStart(String version) {
        TorVersion v;
        try {
            v = TorVersion.parse(version);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a C tor version string: nothing known about it
        }
        if (v.isOlderThan(TorVersion.HSFETCH_SERVER_FIXED)) {
            return Optional.of("tor " + version + " is older than " + TorVersion.HSFETCH_SERVER_FIXED
                    + ": it can exit on an HSFETCH naming a relay missing from its consensus (tor bug 41367)."
                    + " The balancer names only HSDirs of tor's current consensus, but upgrade tor when you can");
        }
        return Optional.empty();
    }
}
