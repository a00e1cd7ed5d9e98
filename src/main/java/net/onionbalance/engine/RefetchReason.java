package net.onionbalance.engine;

import net.onionbalance.health.FailureKind;
import net.onionbalance.health.HealthResult;
import net.onionbalance.tor.SocksReply;

import java.util.Optional;

/**
 * Why one backend's descriptor is fetched again before its fetch-interval round: something says
 * the intro points we publish for it may be gone. The round stays the upper bound; these make it
 * the exception. Logged, counted per reason ({@link BackendRefetches}), shown in metrics.
 */
public enum RefetchReason {
    /** Its health check started failing (not for want of this obhost's tor). */
    HEALTH_FAILING("health check failing"),
    /** Tor could not reach any of its intro points (SOCKS 0xF2 / 0xF7, proposal 304): restarted with new ones? */
    INTRO_POINTS_UNREACHABLE("intro points unreachable"),
    /** Tor found no descriptor of it on the HSDirs (SOCKS 0xF0). */
    DESCRIPTOR_MISSING("descriptor missing"),
    /** A new consensus began a new time period: the backend's descriptor for it has another blinded key. */
    TIME_PERIOD_CHANGED("new time period"),
    /** A new consensus carries a new shared random value: the backends' HSDirs moved on the ring. */
    SRV_CHANGED("new shared random value"),
    /** The balancer's control connection came back: events were lost meanwhile. */
    RECONNECTED("tor reconnected");

    private final String words;

    RefetchReason(String words) {
        this.words = words;
    }

    /** What a failed health check says about the backend's descriptor, if anything. */
    static Optional<RefetchReason> of(HealthResult r) {
        if (r.failure().isEmpty() || !r.failure().get().kind().blamesBackend()) {
            return Optional.empty();
        }
        Optional<SocksReply> socks = r.failure().get().socksReply();
        if (r.failure().get().kind() == FailureKind.ONION_SERVICE && socks.isPresent()) {
            return Optional.of(switch (socks.get()) {
                case ONION_INTRO_FAILED, ONION_INTRO_TIMED_OUT -> INTRO_POINTS_UNREACHABLE;
                case ONION_DESCRIPTOR_NOT_FOUND -> DESCRIPTOR_MISSING;
                default -> HEALTH_FAILING;
            });
        }
        return Optional.of(HEALTH_FAILING);
    }

    @Override
    public String toString() {
        return words;
    }
}
