package net.onionbalance.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntroPointSelectionTest {
    private static Map<String, List<String>> backends(int n, int ipsEach) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int b = 1; b <= n; b++) {
            List<String> ips = new ArrayList<>();
            for (int i = 1; i <= ipsEach; i++) {
                ips.add("b" + b + "ip" + i);
            }
            m.put("b" + b, ips);
        }
        return m;
    }

    @Test
    void twoFromEachOfThreeBackends() {
        var s = IntroPointSelection.choose(backends(3, 3), 2, 20);
        assertEquals(List.of("b1ip1", "b2ip1", "b3ip1", "b1ip2", "b2ip2", "b3ip2"), s.introPoints());
        assertTrue(s.leftOut().isEmpty());
    }

    @Test
    void twelveBackendsNeverExceedTwentyAndEveryBackendGetsOneFirst() {
        // The Python tool publishes 24 here and tor clients reject the descriptor.
        var s = IntroPointSelection.choose(backends(12, 3), 2, 20);
        assertEquals(20, s.introPoints().size());
        for (int b = 1; b <= 12; b++) {
            assertTrue(s.introPoints().contains("b" + b + "ip1"), "backend b" + b + " is represented");
        }
        assertTrue(s.leftOut().isEmpty());
    }

    @Test
    void twentyFiveBackendsLeaveFiveOutAndSaySo() {
        var s = IntroPointSelection.choose(backends(25, 3), 2, 20);
        assertEquals(20, s.introPoints().size());
        assertEquals(List.of("b21", "b22", "b23", "b24", "b25"), s.leftOut());
    }

    @Test
    void aBackendWithOneIntroPointLetsOthersFillIn() {
        var m = backends(2, 3);
        m.put("b3", List.of("b3ip1"));
        var s = IntroPointSelection.choose(m, 2, 20);
        assertEquals(6, s.introPoints().size());
        assertEquals(List.of("b1ip1", "b2ip1", "b3ip1", "b1ip2", "b2ip2", "b1ip3"), s.introPoints());
    }

    @Test
    void backendsWithoutIntroPointsAreSkipped() {
        var m = backends(2, 2);
        m.put("dead", List.of());
        var s = IntroPointSelection.choose(m, 2, 20);
        assertEquals(4, s.introPoints().size());
        assertTrue(s.chosen().stream().noneMatch(c -> c.backend().equals("dead")));
    }
}
