package net.onionbalance.engine;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.health.FailureKind;
import net.onionbalance.health.HealthFailure;
import net.onionbalance.health.HealthResult;
import net.onionbalance.health.HealthTarget;
import net.onionbalance.tor.SocksReply;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RefetchReasonTest {
    private final HealthTarget target = new HealthTarget(IdentityKey.generate(new SecureRandom(), KeyFormat.TOR_SECRET).onionAddress(),
            HealthCheckSettings.defaults(80, false));

    private Optional<RefetchReason> of(FailureKind kind, Optional<SocksReply> reply) {
        return RefetchReason.of(HealthResult.failed(target, Instant.EPOCH, Duration.ofSeconds(1), new HealthFailure(kind, "x", reply)));
    }

    @Test
    void whatAFailedCheckSaysAboutTheDescriptor() {
        assertEquals(Optional.of(RefetchReason.INTRO_POINTS_UNREACHABLE), of(FailureKind.ONION_SERVICE, Optional.of(SocksReply.ONION_INTRO_FAILED)));
        assertEquals(Optional.of(RefetchReason.INTRO_POINTS_UNREACHABLE), of(FailureKind.ONION_SERVICE, Optional.of(SocksReply.ONION_INTRO_TIMED_OUT)));
        assertEquals(Optional.of(RefetchReason.DESCRIPTOR_MISSING), of(FailureKind.ONION_SERVICE, Optional.of(SocksReply.ONION_DESCRIPTOR_NOT_FOUND)));
        assertEquals(Optional.of(RefetchReason.HEALTH_FAILING), of(FailureKind.ONION_SERVICE, Optional.of(SocksReply.ONION_REND_FAILED)));
        assertEquals(Optional.of(RefetchReason.HEALTH_FAILING), of(FailureKind.TIMEOUT, Optional.empty()));
        assertEquals(Optional.empty(), of(FailureKind.LOCAL_TOR, Optional.empty()), "our own tor's trouble says nothing of the backend");
        assertEquals(Optional.empty(), RefetchReason.of(HealthResult.success(target, Instant.EPOCH, Duration.ofSeconds(1))));
    }
}
