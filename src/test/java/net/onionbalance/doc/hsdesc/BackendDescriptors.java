package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.TimePeriod;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** Backend descriptors with lines a master never writes (pow-params), for tests in other packages. */
public final class BackendDescriptors {
    private BackendDescriptors() {}

    public static String withPow(Ed25519ExpandedSecretKey key, TimePeriod tp, List<IntroPoint> intros, BuildOptions options,
                                 PowParams pow, Instant now, SecureRandom rng) throws DescriptorBuildException {
        return MasterDescriptorBuilder.buildAsBackend(key, tp, 3, intros, options, List.of(pow), now, rng).text();
    }
}
