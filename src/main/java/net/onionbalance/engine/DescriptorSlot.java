package net.onionbalance.engine;

/**
 * The two descriptors a service keeps published (rend-spec-v3 §2.2.4 [SERVICEUPLOAD]): the
 * first for the current time period, the second for the next one. Which period and shared
 * random value each uses depends on where we are between a new time period and a new SRV.
 */
public enum DescriptorSlot {
    FIRST("first"),
    SECOND("second");

    private final String label;

    DescriptorSlot(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
