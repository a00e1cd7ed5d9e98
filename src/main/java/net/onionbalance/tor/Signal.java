package net.onionbalance.tor;

/**
 * Signals for {@code SIGNAL} (control-spec §3.7). The balancer uses ACTIVE (leave dormant mode)
 * and NEWNYM (clears tor's client-side onion-service descriptor cache so that HSFETCH really asks
 * the HSDirs); RELOAD re-reads the torrc.
 */
public enum Signal {
    RELOAD, SHUTDOWN, DUMP, DEBUG, HALT, CLEARDNSCACHE, NEWNYM, HEARTBEAT, DORMANT, ACTIVE
}
