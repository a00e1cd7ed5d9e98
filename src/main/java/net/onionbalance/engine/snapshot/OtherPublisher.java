package net.onionbalance.engine.snapshot;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A descriptor of this service signed by our key but not uploaded by us, found on an HSDir: another
 * obhost publishes the same master key (as the tutorial's several obhosts do).
 *
 * @param revisionCounter     its revision counter (higher than, or equal to, ours at that HSDir)
 * @param onlyTheirs          our backends in its descriptor and not in ours at that HSDir
 * @param onlyOurs            backends in ours and not in its descriptor
 * @param unknownIntroPoints  its intro points of no backend we know; empty when its second layer
 *                            could not be read (a restricted service)
 */
public record OtherPublisher(RelayFingerprint hsDir, long revisionCounter, Instant seen, List<OnionAddress> onlyTheirs,
                             List<OnionAddress> onlyOurs, OptionalInt unknownIntroPoints) {
    public OtherPublisher {
        Objects.requireNonNull(hsDir, "hsDir");
        onlyTheirs = List.copyOf(onlyTheirs);
        onlyOurs = List.copyOf(onlyOurs);
    }
}
