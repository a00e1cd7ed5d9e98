package net.onionbalance.ring;

/** Where the shared random value of a descriptor slot came from. */
public enum SrvSource {
    /** The consensus {@code shared-rand-current-value}. */
    CONSENSUS_CURRENT("shared-rand-current-value"),
    /** The consensus {@code shared-rand-previous-value}. */
    CONSENSUS_PREVIOUS("shared-rand-previous-value"),
    /** The consensus lacked the value: the disaster SRV of the slot's time period (rend-spec-v3 §2.2.3.1). */
    DISASTER("disaster SRV (the consensus lists none)");

    private final String description;

    SrvSource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
