package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static net.onionbalance.ui.console.VirtualConsole.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main page as an operator sees it on an 80x24 terminal. */
class MainScreenTest {
    private static final String STALE_REASON = "srv2 is stale: descriptor 41m00s old (limit 30m)";

    @Test
    void showsEachServiceWithBothDescriptors() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            String a = c.rowWith(Fixtures.MASTER_A.withOnionSuffix());
            assertTrue(a.contains("published"), a);
            assertTrue(a.startsWith(">"), "the cursor starts on the first service: " + a);
            c.rowWith(Fixtures.MASTER_B.withOnionSuffix());
            c.rowWith("no usable intro points yet");

            String first = c.rowWith("first  tp " + Fixtures.TP.number());
            assertTrue(first.contains("rev 1718000000"), first);
            assertTrue(first.contains("3 IPs"), first);
            assertTrue(first.contains("uploaded to 5 of 8 HSDirs"), first);
            assertTrue(first.contains("3m12s ago"), first);
            String second = c.rowWith("second tp " + (Fixtures.TP.number() + 1));
            assertTrue(second.contains("uploaded to 8 of 8 HSDirs") && second.contains("3m10s ago"), second);
            c.rowWith("second not published yet");
            c.rowWith("! srv3 left out: invalid");
        }
    }

    @Test
    void showsEachInstanceWithAgeIntroPointsStateReasonAndLastFetch() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            String srv1 = c.rowWith("srv1 ");
            assertTrue(srv1.contains("25njqamcweflpvkl"), srv1);
            assertTrue(srv1.matches(".*2m03s +3 +45s ago +ok.*"), srv1);
            String srv2 = c.rowWith("srv2  ");
            assertTrue(srv2.matches(".*41m00s +3 +50s ago +stale.*"), srv2);
            c.rowWith("srv2 is stale: descriptor 41m00s old (limit 30m)");
            // With each service's summary line the list is one line longer than its 17 rows: the
            // last row says so, and moving the cursor down to srv3 brings it into view.
            c.rowWith("v 2 more below  (lines 1-16 of 18)");
            for (int i = 0; i < 4; i++) {
                c.press(key(KeyType.ArrowDown));
            }
            String srv3 = c.rowWith("srv3  ");
            assertTrue(srv3.startsWith("  > srv3"), "the cursor is on srv3: " + srv3);
            assertTrue(srv3.matches(".*qe4xodvipulv6vvd.* - +- +20s ago +invalid.*"), srv3);
            c.rowWith("srv3 is invalid: descriptor signature does not verify");
        }
    }

    @Test
    void headerAndFooterFitAt80Columns() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            List<String> rows = c.rows();
            assertTrue(rows.get(0).contains("tor 0.4.8.13 127.0.0.1:9051"), rows.get(0));
            assertTrue(rows.get(0).contains("consensus live, 8 HSDirs"), rows.get(0));
            assertTrue(rows.get(0).stripTrailing().endsWith("14:03:22"), rows.get(0));
            String footer = rows.get(23);
            for (String k : List.of("r republish", "R all", "a add", "d remove", "c clients", "t rotate", "w wizard",
                    "? help", "q quit")) {
                assertTrue(footer.contains(k), k + " in " + footer);
            }
        }
    }

    @Test
    void headerKeepsTheSupervisorsCatchesInSight() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            assertFalse(c.rows().get(0).contains("internal error"), "a healthy balancer shows none: " + c.rows().get(0));
            EngineSnapshot s = Fixtures.snapshot();
            c.control.snapshot = new EngineSnapshot(s.takenAt(), s.tor(), s.network(), s.services(),
                    net.onionbalance.engine.snapshot.InternalErrors.NONE
                            .plus(Fixtures.NOW.minusSeconds(62), "tick", new IllegalStateException("boom"))
                            .plus(Fixtures.NOW.minusSeconds(2), "tick", new IllegalStateException("boom")));
            c.session.step();
            String narrow = c.rows().get(0);
            assertTrue(narrow.contains("consensus live, 8 HSDirs  2 errors"), narrow);
        }
        try (VirtualConsole c = new VirtualConsole(132, 24)) {
            EngineSnapshot s = Fixtures.snapshot();
            c.control.snapshot = new EngineSnapshot(s.takenAt(), s.tor(), s.network(), s.services(),
                    net.onionbalance.engine.snapshot.InternalErrors.NONE
                            .plus(Fixtures.NOW.minusSeconds(2), "tick", new IllegalStateException("boom")));
            c.session.step();
            String wide = c.rows().get(0);
            assertTrue(wide.contains("1 internal error, last 14:03:20 (see log)"), wide);
            assertTrue(wide.stripTrailing().endsWith("14:03:22"), "the clock stays where there is room: " + wide);
        }
    }

    @Test
    void headerSaysWhenAnOfflineKeyBundleRunsOutWithinAWeek() throws Exception {
        assertFalse(headerWithBundleUntil(Fixtures.NOW.plus(java.time.Duration.ofDays(8))).contains("key bundle"),
                "a week away: quiet");
        String soon = headerWithBundleUntil(Fixtures.NOW.plus(java.time.Duration.ofDays(5).plusHours(3)));
        assertTrue(soon.contains("key bundle: 5 d 3 h left"), soon);
        assertTrue(headerWithBundleUntil(Fixtures.NOW.minusSeconds(1)).contains("key bundle: ran out"), "ran out");
    }

    private static String headerWithBundleUntil(java.time.Instant until) throws Exception {
        EngineSnapshot s = Fixtures.snapshot();
        var services = new java.util.ArrayList<net.onionbalance.engine.snapshot.ServiceStatus>();
        for (var x : s.services()) {
            services.add(new net.onionbalance.engine.snapshot.ServiceStatus(x.masterAddress(), x.state(), x.descriptors(),
                    x.instances(), x.notes(), x.healthEvents(),
                    java.util.Optional.of(new net.onionbalance.engine.snapshot.KeyBundleStatus(until, List.of()))));
        }
        try (VirtualConsole c = new VirtualConsole(132, 24)) {
            c.control.snapshot = new EngineSnapshot(s.takenAt(), s.tor(), s.network(), services, s.internalErrors());
            c.session.step();
            return c.rows().get(0);
        }
    }

    @Test
    void serviceLinesCarryTheirFactsWithin80Columns() {
        // What must be read without scrolling sideways: everything up to the descriptor's age.
        List<Line> lines = MainPage.serviceLines(Fixtures.snapshot(), 80, Fixtures.NOW, java.util.Optional.empty());
        for (Line l : lines) {
            String t = l.text();
            if (t.contains("uploaded to")) {
                assertTrue(t.stripTrailing().length() <= 80, t);
            }
            if (t.contains(" is stale:") || t.contains(" is invalid:")) {
                assertTrue(t.length() <= 80, t);
            }
        }
    }

    @Test
    void logPaneShowsInfoAndAboveAndCyclesLevelsWithL() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            c.rowWith("log: info and above");
            c.rowWith("INFO    published first descriptor of sltib6sx");
            c.rowWith("WARNING srv2 is stale");
            c.rowWith("ERROR   srv3: descriptor signature does not verify");
            assertFalse(c.text().contains("debug: fetched"), "debug lines hidden at info");

            c.press('l');
            c.rowWith("log: warning and above");
            assertFalse(c.text().contains("published first descriptor"), c.text());
            c.rowWith("WARNING srv2 is stale");
            c.press('l');
            c.rowWith("log: error and above");
            assertFalse(c.text().contains("WARNING srv2"), c.text());
            c.press('l');
            c.rowWith("log: debug and above");
            // Four lines in a pane of three: the oldest, the debug line, is a PgUp away.
            c.press(key(KeyType.PageUp));
            c.rowWith("DEBUG   debug: fetched descriptor of srv1");
            c.press(key(KeyType.End));
            c.press('l');
            c.rowWith("log: info and above");
        }
    }

    @Test
    void logPaneScrollsBackAndReturnsToNewest() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            for (int i = 0; i < 40; i++) {
                LogRecord r = new LogRecord(Level.INFO, "line number " + i);
                r.setInstant(Fixtures.NOW);
                c.control.log.publish(r);
            }
            c.session.step();
            c.rowWith("line number 39");
            assertFalse(c.text().contains("line number 30 "), c.text());
            c.press(key(KeyType.PageUp));
            c.press(key(KeyType.PageUp));
            c.rowWith("line number 29");
            assertFalse(c.text().contains("line number 39"), c.text());
            c.rowWith("10 up (End: newest)");
            c.press(key(KeyType.End));
            c.rowWith("line number 39");
        }
    }

    @Test
    void controlCharactersInLogMessagesNeverReachTheTerminal() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            LogRecord r = new LogRecord(Level.WARNING, "evil\u001b[2J\nreason\tfrom network");
            r.setInstant(Fixtures.NOW);
            c.control.log.publish(r);
            c.session.step();
            c.rowWith("evil [2J reason from network");
        }
    }

    @Test
    void newSnapshotsAreShownWithoutAKey() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            c.rowWith(STALE_REASON);
            c.control.snapshot = Fixtures.snapshot(InstanceState.VALID);
            c.session.step();
            assertFalse(c.text().contains(STALE_REASON), c.text());
            assertTrue(c.rowWith("srv2  ").matches(".*7s +3 +8s ago +ok.*"), c.rowWith("srv2  "));
        }
    }

    @Test
    void tickRedrawsAtLeastEverySecondWithoutKeys() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            c.control.snapshot = Fixtures.snapshot(InstanceState.VALID);
            long start = System.nanoTime();
            while (c.text().contains(STALE_REASON) && System.nanoTime() - start < 2_000_000_000L) {
                assertTrue(c.session.tick());
                Thread.sleep(20);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertFalse(c.text().contains(STALE_REASON), "not redrawn after " + ms + " ms");
            assertTrue(ms < 1000, "redrawn only after " + ms + " ms");
        }
    }

    @Test
    void resizeRedrawsForTheNewSize() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            assertFalse(c.text().contains(Fixtures.SRV1.withOnionSuffix()), "short instance addresses at 80 columns");
            c.terminal.setTerminalSize(new TerminalSize(132, 40));
            c.session.step();
            assertEquals(40, c.rows().size());
            c.rowWith(Fixtures.SRV1.withOnionSuffix());
            assertTrue(c.rows().get(39).contains("q quit"), "footer on the new last row");
            assertTrue(c.rows().get(0).stripTrailing().endsWith("14:03:22"), "clock at the new right edge");

            c.terminal.setTerminalSize(new TerminalSize(80, 24));
            c.session.step();
            assertFalse(c.text().contains(Fixtures.SRV1.withOnionSuffix()), c.text());
            assertTrue(c.rows().get(23).contains("q quit"));
        }
    }

    @Test
    void tooSmallWindowSaysSoInsteadOfDrawingGarbage() throws Exception {
        try (VirtualConsole c = new VirtualConsole(30, 8)) {
            c.session.step();
            assertTrue(c.rows().get(0).startsWith("onionbalance: window 30x8 is"), c.rows().get(0));
        }
    }

    @Test
    void serviceListScrollsToKeepTheCursorVisibleOnAShortWindow() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 12)) {
            c.session.step();
            for (int i = 0; i < 4; i++) {
                c.press(key(KeyType.ArrowDown));
            }
            String row = c.rowWith("srv3  ");
            assertTrue(row.contains("> srv3"), row);
        }
    }

    @Test
    void startingEngineWithNoServicesSaysWhatItWaitsFor() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.control.snapshot = EngineSnapshot.starting(Instant.EPOCH);
            c.session.step();
            c.rowWith("no services yet: waiting for tor (starting)");
            c.rowWith("tor not connected: starting");
            c.rowWith("no consensus yet");
            c.press('r');
            c.rowWith("no service to republish");
            assertTrue(c.control.submitted.isEmpty());
        }
    }
}
