package net.onionbalance.ring;

/**
 * The two descriptors a service keeps published (rend-spec-v3 §2.2.4 [SERVICEUPLOAD]): the first
 * uses the older time period and SRV, the second the newer ones. tor calls them desc_current and
 * desc_next.
 */
public enum DescriptorSlot {
    /** rend-spec-v3 [FIRSTDESCUPLOAD]: previous SRV. */
    FIRST,
    /** rend-spec-v3 [SECONDDESCUPLOAD]: current SRV. */
    SECOND;

    public String label() {
        return this == FIRST ? "first" : "second";
    }
}
