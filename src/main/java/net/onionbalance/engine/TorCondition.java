package net.onionbalance.engine;

/**
 * The balancer's tor as the engine's watchdog judges it ({@link TorWatchdog}): not only connected or
 * not, but stuck in ways a connected tor can be.
 */
public enum TorCondition {
    HEALTHY,
    /** The control connection is down; the controller reconnects by itself. */
    DISCONNECTED,
    /** The newest consensus tor gave us is past its valid-until: tor cannot fetch one, or we missed it. */
    CONSENSUS_EXPIRED,
    /** HSFETCH/HSPOST accepted, but no event of any kind since, for minutes: events no longer reach us. */
    EVENTS_SILENT
}
