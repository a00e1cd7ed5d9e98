package net.onionbalance.engine;

/** What the balancer knows of one backend instance. */
public enum InstanceState {
    /** No descriptor received yet ("No introduction points" at first start is expected). */
    MISSING("missing"),
    /** A verified descriptor, recent enough to use. */
    VALID("ok"),
    /** The last verified descriptor is older than the limit: its intro points are not used. */
    STALE("stale"),
    /** The last descriptor received failed verification; see the reason. */
    INVALID("invalid");

    private final String label;

    InstanceState(String label) {
        this.label = label;
    }

    /** The word the console and the logs show. */
    public String label() {
        return label;
    }
}
