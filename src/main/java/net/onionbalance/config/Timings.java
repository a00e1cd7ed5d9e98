package net.onionbalance.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Every interval the balancer waits on, in one value (so tests can shrink them and
 * {@code --is-testnet} swaps them as a whole).
 *
 * <p>The first four are onionbalance 0.2.x's {@code hs_v3/params.py} constants, kept so that an
 * operator's expectations carry over; the engine also reacts to events (new consensus,
 * descriptor arrival), so these are upper bounds, not the only triggers. The upload retry
 * backoff is ours: onionbalance never retries a failed upload (its issue #38).
 *
 * @param fetchInterval        how often every backend descriptor is fetched
 *                             ({@code FETCH_DESCRIPTOR_FREQUENCY}, 600 s / testnet 20 s)
 * @param publishCheckInterval how often the publish policy is evaluated without an event
 *                             ({@code PUBLISH_DESCRIPTOR_CHECK_FREQUENCY}, 300 s / 10 s)
 * @param republishAge         re-upload a master descriptor once its last upload is older
 *                             ({@code FRONTEND_DESCRIPTOR_LIFETIME}, 3600 s / 20 s); must stay
 *                             below the 180-minute {@code descriptor-lifetime} HSDirs honour
 * @param instanceTooOld       a backend whose descriptor was last received longer ago is left
 *                             out ({@code INSTANCE_DESCRIPTOR_TOO_OLD}, 3600 s / 20 s)
 * @param uploadRetryMin       first wait before re-uploading to an HSDir that failed
 * @param uploadRetryMax       the backoff doubles up to this
 */
public record Timings(
        Duration fetchInterval,
        Duration publishCheckInterval,
        Duration republishAge,
        Duration instanceTooOld,
        Duration uploadRetryMin,
        Duration uploadRetryMax) {

    /** HSDirs drop a descriptor after its lifetime (rend-spec-v3 §2.4 descriptor-lifetime; 180 min as built). */
    public static final Duration DESCRIPTOR_LIFETIME = Duration.ofMinutes(180);

    /** The public Tor network: onionbalance 0.2.x's values. */
    public static final Timings PUBLIC_NETWORK = new Timings(
            Duration.ofSeconds(600), Duration.ofSeconds(300), Duration.ofSeconds(3600),
            Duration.ofSeconds(3600), Duration.ofSeconds(30), Duration.ofMinutes(15));

    /** {@code --is-testnet}: onionbalance 0.2.x's chutney values, for a private network. */
    public static final Timings TEST_NETWORK = new Timings(
            Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(20),
            // onionbalance's 20 s equals the fetch interval, so every backend flapped to stale
            // between two fetches; three fetch intervals tolerate one lost fetch.
            Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(10));

    public Timings {
        positive("fetch-interval", fetchInterval);
        positive("publish-check-interval", publishCheckInterval);
        positive("republish-age", republishAge);
        positive("instance-too-old", instanceTooOld);
        positive("upload-retry-min", uploadRetryMin);
        positive("upload-retry-max", uploadRetryMax);
        if (republishAge.compareTo(DESCRIPTOR_LIFETIME) >= 0) {
            throw new IllegalArgumentException("republish-age must be below " + DESCRIPTOR_LIFETIME.toMinutes()
                    + " minutes (the descriptor lifetime), or HSDirs drop the master descriptor before it is renewed; got "
                    + describe(republishAge));
        }
        if (instanceTooOld.compareTo(fetchInterval) < 0) {
            throw new IllegalArgumentException("instance-too-old (" + describe(instanceTooOld)
                    + ") must be at least fetch-interval (" + describe(fetchInterval)
                    + "), or every backend counts as too old between two fetches");
        }
        if (uploadRetryMin.compareTo(uploadRetryMax) > 0) {
            throw new IllegalArgumentException("upload-retry-min (" + describe(uploadRetryMin)
                    + ") must not exceed upload-retry-max (" + describe(uploadRetryMax) + ")");
        }
    }

    /** The defaults for the network chosen on the command line ({@code --is-testnet}). */
    public static Timings defaults(boolean testNetwork) {
        return testNetwork ? TEST_NETWORK : PUBLIC_NETWORK;
    }

    /**
     * These timings with the operator's overrides applied.
     *
     * @throws IllegalArgumentException when the combination breaks one of the rules above
     */
    public Timings with(TimingOverrides o) {
        Objects.requireNonNull(o, "overrides");
        return new Timings(
                o.fetchInterval().orElse(fetchInterval),
                o.publishCheckInterval().orElse(publishCheckInterval),
                o.republishAge().orElse(republishAge),
                o.instanceTooOld().orElse(instanceTooOld),
                o.uploadRetryMin().orElse(uploadRetryMin),
                o.uploadRetryMax().orElse(uploadRetryMax));
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + describe(d));
        }
    }

    static String describe(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        return d.getSeconds() + " s";
    }
}
