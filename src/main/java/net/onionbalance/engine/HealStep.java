package net.onionbalance.engine;

/** What the watchdog does about a stuck tor, in the order it escalates ({@link TorWatchdog}). */
public enum HealStep {
    /** SETEVENTS again: tor may have forgotten our subscription. */
    RESUBSCRIBE,
    /** Drop the control connection and connect again (events, view and fetches are redone after it). */
    RECONNECT,
    /** Read the consensus and microdescriptors from tor again. */
    REBUILD_VIEW,
    /** NEWNYM and fetch every backend again. */
    REFETCH_ALL
}
