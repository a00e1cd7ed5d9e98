package net.onionbalance.doc.consensus;

import java.util.Arrays;
import java.util.Base64;

/**
 * A shared random value as listed in a consensus ({@code shared-rand-current-value} /
 * {@code shared-rand-previous-value}, dir-spec §3.4.1, srv-spec §3.3): 32 bytes and the number
 * of reveals that produced it. Public data; {@link #toString()} shows it as tor prints it.
 */
public final class SharedRandomValue {
    private final int numReveals;
    private final byte[] value;

    public SharedRandomValue(int numReveals, byte[] value) {
        if (value.length != 32) {
            throw new IllegalArgumentException("shared random value must be 32 bytes, got " + value.length);
        }
        if (numReveals < 0) {
            throw new IllegalArgumentException("number of reveals must not be negative, got " + numReveals);
        }
        this.numReveals = numReveals;
        this.value = value.clone();
    }

    public int numReveals() {
        return numReveals;
    }

    public byte[] value() {
        return value.clone();
    }

    /** Base64 with padding, as in the consensus line. */
    public String base64() {
        return Base64.getEncoder().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedRandomValue s && s.numReveals == numReveals && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * numReveals + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return base64() + " (" + numReveals + " reveals)";
    }
}
