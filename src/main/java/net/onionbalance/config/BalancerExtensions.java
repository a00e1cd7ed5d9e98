package net.onionbalance.config;

import net.onionbalance.doc.hsdesc.InnerLayer;
import java.util.Objects;
import java.util.Optional;

/**
 * Top-level settings that onionbalance 0.2.x does not have (it ignores unknown keys, so a file
 * using them still runs there). Documented in config-samples/README.md.
 *
 * @param introPointsPerInstance intro points taken from each backend (onionbalance's
 *                               {@code N_INTROS_PER_INSTANCE}, default 2; 1..{@link InnerLayer#MAX_INTRO_POINTS}: a backend publishes no more)
 * @param metrics                the Prometheus endpoint, absent (off) unless configured
 */
public record BalancerExtensions(TorControlSettings torControl, int introPointsPerInstance, TimingOverrides timings,
                                 Optional<MetricsSettings> metrics) {
    public static final int DEFAULT_INTRO_POINTS_PER_INSTANCE = 2;

    public static final BalancerExtensions NONE =
            new BalancerExtensions(TorControlSettings.NONE, DEFAULT_INTRO_POINTS_PER_INSTANCE, TimingOverrides.NONE);

    public BalancerExtensions {
        Objects.requireNonNull(torControl, "torControl");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(metrics, "metrics");
        checkIntroPointsPerInstance(introPointsPerInstance);
    }

    /** Without a metrics endpoint. */
    public BalancerExtensions(TorControlSettings torControl, int introPointsPerInstance, TimingOverrides timings) {
        this(torControl, introPointsPerInstance, timings, Optional.empty());
    }

    static void checkIntroPointsPerInstance(int n) {
        if (n < 1 || n > InnerLayer.MAX_INTRO_POINTS) {
            throw new IllegalArgumentException("intro-points-per-instance must be 1.." + InnerLayer.MAX_INTRO_POINTS + ", got " + n);
        }
    }
}
