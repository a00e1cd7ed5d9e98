package net.onionbalance.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A service's {@code distinct-descriptors} setting: whether the balancer may give the HSDirs of
 * one descriptor slot different descriptors when its backends need more than the 20 intro points
 * one descriptor holds (see engine/HsDirAssignment).
 */
public enum DistinctDescriptors {
    /** Split only when one descriptor cannot carry every backend (the default). */
    AUTO,
    /** One descriptor everywhere, as onionbalance 0.2.x: backends past the 20th intro point are left out. */
    OFF;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DistinctDescriptors> parse(String word) {
        for (DistinctDescriptors d : values()) {
            if (d.word().equals(word)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
