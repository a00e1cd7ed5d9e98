package net.onionbalance.crypto;

/** Lets benchmarks in other packages measure a slot's first build of an SRV run (nothing kept). */
public final class KeptRevisionCounters {
    private KeptRevisionCounters() {}

    public static void forget() {
        RevisionCounter.forgetKept();
    }
}
