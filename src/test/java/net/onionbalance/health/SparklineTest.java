package net.onionbalance.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SparklineTest {
    private static RecentLatencies of(long... millis) {
        RecentLatencies r = RecentLatencies.empty(8);
        for (long m : millis) {
            r = r.with(m < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(m)));
        }
        return r;
    }

    @Test
    void heightIsProportionalToTheSlowestShown() {
        assertEquals("▁▂▃▄▅▆▇█", Sparkline.render(of(100, 200, 300, 400, 500, 600, 700, 800), 8));
        assertEquals("▁█", Sparkline.render(of(1, 800), 8), "a tiny latency still shows the lowest bar");
        assertEquals("▁▁▁", Sparkline.render(of(0, 0, 0), 8), "all zero: a flat line, no division by zero");
    }

    @Test
    void keepsTheNewestThatFitTheWidthAndRescalesToThem() {
        RecentLatencies r = of(8000, 100, 200, 400);
        assertEquals("█▁▁▁", Sparkline.render(r, 10), "one slow check flattens the rest");
        assertEquals("▂▄█", Sparkline.render(r, 3), "once it scrolls out, the others use the full height");
        assertEquals("", Sparkline.render(r, 0));
        assertThrows(IllegalArgumentException.class, () -> Sparkline.render(r, -1));
    }

    @Test
    void failedChecksAreMarked() {
        assertEquals("█××█", Sparkline.render(of(300, -1, -1, 300), 8));
        assertEquals("××", Sparkline.render(of(-1, -1), 8), "only failures: nothing to scale");
    }

    @Test
    void theRingBufferDropsTheOldest() {
        RecentLatencies r = of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertEquals(8, r.size());
        assertEquals(Optional.of(Duration.ofMillis(3)), r.samples().get(0));
        assertEquals(Optional.of(Duration.ofMillis(10)), r.samples().get(7));
    }
}
