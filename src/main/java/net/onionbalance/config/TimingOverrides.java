package net.onionbalance.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code timings:} extension of config.yaml: each present field replaces the default of the
 * network chosen on the command line (see {@link Timings#with}).
 */
public record TimingOverrides(
        Optional<Duration> fetchInterval,
        Optional<Duration> publishCheckInterval,
        Optional<Duration> republishAge,
        Optional<Duration> instanceTooOld,
        Optional<Duration> uploadRetryMin,
        Optional<Duration> uploadRetryMax) {

    public static final TimingOverrides NONE = new TimingOverrides(
            Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public TimingOverrides {
        Objects.requireNonNull(fetchInterval, "fetchInterval");
        Objects.requireNonNull(publishCheckInterval, "publishCheckInterval");
        Objects.requireNonNull(republishAge, "republishAge");
        Objects.requireNonNull(instanceTooOld, "instanceTooOld");
        Objects.requireNonNull(uploadRetryMin, "uploadRetryMin");
        Objects.requireNonNull(uploadRetryMax, "uploadRetryMax");
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
