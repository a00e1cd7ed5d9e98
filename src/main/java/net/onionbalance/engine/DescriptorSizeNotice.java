package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.hsdesc.BuildOptions;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.io.InputLimits;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Says how many intro points fit in a master descriptor when the consensus sets
 * {@code HSV3MaxDescriptorSize} below tor's default of 50,000 bytes: HSDirs then refuse what the
 * balancer would otherwise build, and the operator needs the number to size the backends (the
 * builder refuses a larger descriptor, see {@link BuildOptions#maxDescriptorBytes()}). Once per
 * service and limit; nothing is measured at the default limit.
 */
final class DescriptorSizeNotice {
    private static final Logger LOG = Logger.getLogger(DescriptorSizeNotice.class.getName());

    /** The limit last reported per master. */
    private final Map<OnionAddress, Integer> reported = new HashMap<>();

    void note(OnionAddress master, BuildOptions options, List<IntroPoint> introPoints, Instant now, SecureRandom rng) {
        int limit = options.maxDescriptorBytes();
        if (limit >= InputLimits.DESCRIPTOR_BYTES || introPoints.isEmpty()) {
            reported.remove(master);
            return;
        }
        Integer before = reported.put(master, limit);
        if (before != null && before == limit) {
            return;
        }
        int fit = MasterDescriptorBuilder.introPointsThatFit(introPoints, options, now, rng);
        LOG.warning("The consensus sets HSV3MaxDescriptorSize to " + limit + " bytes (tor's default is "
                + InputLimits.DESCRIPTOR_BYTES + "): " + fit + " of the " + introPoints.size()
                + " intro points of " + master + " fit in one descriptor"
                + (fit < introPoints.size() ? "; a larger one is not built: use fewer instances or intro points per instance" : ""));
    }
}
