package net.onionbalance.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimingsTest {
    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void defaultsAreOnionbalanceParams() {
        // hs_v3/params.py (reference §1.2): FETCH_DESCRIPTOR_FREQUENCY, PUBLISH_DESCRIPTOR_CHECK_FREQUENCY,
        // FRONTEND_DESCRIPTOR_LIFETIME, INSTANCE_DESCRIPTOR_TOO_OLD — real network / --is-testnet.
        Timings pub = Timings.defaults(false);
        assertEquals(s(600), pub.fetchInterval());
        assertEquals(s(300), pub.publishCheckInterval());
        assertEquals(s(3600), pub.republishAge());
        assertEquals(s(3600), pub.instanceTooOld());
        Timings test = Timings.defaults(true);
        assertEquals(s(20), test.fetchInterval());
        assertEquals(s(10), test.publishCheckInterval());
        assertEquals(s(20), test.republishAge());
        // Ours: three fetch intervals, where onionbalance's 20 s made every backend flap to stale.
        assertEquals(s(60), test.instanceTooOld());
        assertTrue(test.instanceTooOld().compareTo(test.fetchInterval().multipliedBy(2)) > 0);
        assertTrue(test.uploadRetryMax().compareTo(pub.uploadRetryMin()) < 0, "test-network retries are fast");
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        assertSame(Timings.PUBLIC_NETWORK.republishAge(), Timings.PUBLIC_NETWORK.with(TimingOverrides.NONE).republishAge());
        TimingOverrides o = new TimingOverrides(Optional.of(s(60)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(s(120)));
        Timings t = Timings.PUBLIC_NETWORK.with(o);
        assertEquals(new Timings(s(60), s(300), s(3600), s(3600), s(30), s(120)), t);
    }

    @Test
    void combinationsThatCannotWorkAreRefused() {
        // HSDirs drop a descriptor after its 180-minute lifetime: re-uploading later would leave gaps.
        IllegalArgumentException lifetime = assertThrows(IllegalArgumentException.class,
                () -> new Timings(s(600), s(300), Duration.ofMinutes(180), s(3600), s(30), s(900)));
        assertTrue(lifetime.getMessage().contains("180 minutes"));
        assertThrows(IllegalArgumentException.class, () -> new Timings(s(600), s(300), s(3600), s(599), s(30), s(900)));
        assertThrows(IllegalArgumentException.class, () -> new Timings(s(600), s(300), s(3600), s(3600), s(901), s(900)));
        assertThrows(IllegalArgumentException.class, () -> new Timings(Duration.ZERO, s(300), s(3600), s(3600), s(30), s(900)));
        assertThrows(IllegalArgumentException.class, () -> new Timings(s(600), s(-1), s(3600), s(3600), s(30), s(900)));
    }

    @Test
    void durationsInConfigYaml() {
        assertEquals(Optional.of(s(600)), DurationValue.parse("600"));
        assertEquals(Optional.of(s(20)), DurationValue.parse("20s"));
        assertEquals(Optional.of(Duration.ofMinutes(10)), DurationValue.parse("10m"));
        assertEquals(Optional.of(Duration.ofHours(1)), DurationValue.parse(" 1h "));
        assertEquals(Optional.of(Duration.ofMillis(250)), DurationValue.parse("250ms"));
        assertEquals(Optional.empty(), DurationValue.parse("-5s"));
        assertEquals(Optional.empty(), DurationValue.parse("1.5m"));
        assertEquals(Optional.empty(), DurationValue.parse("10 minutes"));
        assertEquals(Optional.empty(), DurationValue.parse("99999999999"));
    }
}
