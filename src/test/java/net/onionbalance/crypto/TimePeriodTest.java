package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimePeriodTest {
    @Test
    @SuppressWarnings("unchecked")
    void knownAnswersFromTorAndArti() {
        var tp = (Map<String, Object>) SharedVectors.json("hs_common.json").get("time_periods");
        var cases = (List<Map<String, Object>>) tp.get("cases");
        for (var c : cases) {
            Instant at = Instant.parse((String) c.get("time_utc"));
            TimePeriod p = TimePeriod.containing(at);
            assertEquals(((Number) c.get("period_num")).longValue(), p.number(), "period of " + at);
            assertTrue(p.contains(at));
            if (c.containsKey("next_period_start_utc")) {
                assertEquals(Instant.parse((String) c.get("next_period_start_utc")), p.end());
            }
            if (c.containsKey("next_period_num")) {
                assertEquals(((Number) c.get("next_period_num")).longValue(), p.next().number());
            }
        }
        var testing = (List<Map<String, Object>>) ((Map<String, Object>) tp.get("testing_network_cases")).get("cases");
        for (var c : testing) {
            Instant at = Instant.parse((String) c.get("time_utc"));
            TimePeriod p = TimePeriod.containingOnTestNetwork(at, Duration.ofSeconds(10));
            assertEquals(Instant.parse((String) c.get("next_period_start_utc")), p.end(), "testnet period of " + at);
        }
    }

    @Test
    void publicPeriodsStartAtNoonUtc() {
        TimePeriod p = TimePeriod.containing(Instant.parse("2026-11-25T13:05:00Z"));
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), p.start());
        assertEquals(1440, p.lengthMinutes());
        assertEquals(p.number() - 1, TimePeriod.containing(Instant.parse("2026-11-25T11:59:59Z")).number());
    }

    @Test
    void rejectsNonsenseLengths() {
        assertThrows(IllegalArgumentException.class, () -> new TimePeriod(1, Duration.ZERO, Duration.ZERO));
    }
}
