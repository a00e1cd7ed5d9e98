package net.onionbalance.engine;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendRefetchesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final OnionAddress a = IdentityKey.generate(new SecureRandom(), KeyFormat.TOR_SECRET).onionAddress();
    private final OnionAddress b = IdentityKey.generate(new SecureRandom(), KeyFormat.TOR_SECRET).onionAddress();
    private final BackendRefetches r = new BackendRefetches(Duration.ofSeconds(10));

    @Test
    void oneRefetchPerBackendPerGapWhateverAsks() {
        assertTrue(r.allow(a, RefetchReason.HEALTH_FAILING, T0));
        assertFalse(r.allow(a, RefetchReason.SRV_CHANGED, T0.plusSeconds(9)));
        assertTrue(r.allow(b, RefetchReason.SRV_CHANGED, T0.plusSeconds(9)), "per backend");
        assertTrue(r.allow(a, RefetchReason.INTRO_POINTS_UNREACHABLE, T0.plusSeconds(10)));
        assertEquals(1, r.limited());
        assertEquals(Map.of(RefetchReason.HEALTH_FAILING, 1L, RefetchReason.SRV_CHANGED, 1L,
                RefetchReason.INTRO_POINTS_UNREACHABLE, 1L), r.counts());
    }

    @Test
    void followUpsComeAfterOneTwoAndFourGapsUnlessCancelled() {
        r.followUp(a, RefetchReason.INTRO_POINTS_UNREACHABLE, T0);
        r.followUp(b, RefetchReason.HEALTH_FAILING, T0);
        assertEquals(Map.of(), r.dueFollowUps(T0.plusSeconds(9)));
        assertEquals(Map.of(a, RefetchReason.INTRO_POINTS_UNREACHABLE, b, RefetchReason.HEALTH_FAILING), r.dueFollowUps(T0.plusSeconds(10)));
        r.cancelFollowUps(b);
        assertEquals(Map.of(), r.dueFollowUps(T0.plusSeconds(29)));
        assertEquals(Map.of(a, RefetchReason.INTRO_POINTS_UNREACHABLE), r.dueFollowUps(T0.plusSeconds(30)));
        assertEquals(Map.of(), r.dueFollowUps(T0.plusSeconds(69)));
        assertEquals(Map.of(a, RefetchReason.INTRO_POINTS_UNREACHABLE), r.dueFollowUps(T0.plusSeconds(70)));
        assertEquals(Map.of(), r.dueFollowUps(T0.plusSeconds(1000)), "three follow-ups, then the round");
    }
}
