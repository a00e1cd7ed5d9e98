package net.onionbalance.ring;

import net.onionbalance.doc.consensus.NetworkParameters;

/**
 * The hash-ring consensus parameters (rend-spec-v3 §2.2.2), already clamped as tor clamps them.
 * onionbalance 0.2 hard-codes 2 replicas × 4; we honour the consensus like tor does.
 */
public record HsDirParams(int nReplicas, int spreadStore, int spreadFetch) {
    /** The defaults: 2 replicas, store at 4, fetch from 3. */
    public static final HsDirParams DEFAULTS = new HsDirParams(2, 4, 3);

    public HsDirParams {
        if (nReplicas < 1 || spreadStore < 1 || spreadFetch < 1) {
            throw new IllegalArgumentException("hash ring parameters must be positive: " + nReplicas + ", "
                    + spreadStore + ", " + spreadFetch);
        }
    }

    public static HsDirParams of(NetworkParameters p) {
        return new HsDirParams(p.hsdirNReplicas(), p.hsdirSpreadStore(), p.hsdirSpreadFetch());
    }
}
