package net.onionbalance.ui.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static net.onionbalance.ui.console.VirtualConsole.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial's scale (issue 29): one service of 60 or 120 instances in front of the usual two,
 * on an 80x24 SSH terminal and a large one. The cursor never leaves the screen, every service
 * has its summary, nothing is cut without a sign, and the filters show what they say.
 */
class ManyInstancesScreenTest {
    private static final KeyStroke DOWN = key(KeyType.ArrowDown);
    /** An instance row with the cursor on it: "  > node12   ...". */
    private static final Pattern CURSOR_ROW = Pattern.compile("^  > (node\\d+) ");
    private static final Pattern INSTANCE_ROW = Pattern.compile("^  (?:> |  )(node\\d+) +\\S+ +\\S+ +\\S+ +(?:now|\\S+ ago) +(\\S+) +(ok|stale|missing|invalid)\\b");

    private static VirtualConsole open(int columns, int rows, int instances) throws Exception {
        return open(columns, rows, instances, ConsoleHooks.NONE);
    }

    private static VirtualConsole open(int columns, int rows, int instances, ConsoleHooks hooks) throws Exception {
        return new VirtualConsole(columns, rows, hooks, ManyInstances.snapshot(instances));
    }

    private static String show(String what, VirtualConsole c) {
        String screen = c.text();
        System.out.println("SCREEN " + what + ":\n" + screen + "\n");
        return screen;
    }

    /** The summary the rules of {@link ManyInstances} call for, counted here from the states it gives. */
    private static String expectedSummary(int n, int columns) {
        int[] counts = new int[InstanceState.values().length];
        int down = 0;
        for (int i = 1; i <= n; i++) {
            counts[ManyInstances.state(i).ordinal()]++;
            down += ManyInstances.down(i) ? 1 : 0;
        }
        List<String> parts = new ArrayList<>();
        for (InstanceState st : List.of(InstanceState.VALID, InstanceState.STALE, InstanceState.MISSING, InstanceState.INVALID)) {
            if (counts[st.ordinal()] > 0) {
                parts.add(counts[st.ordinal()] + " " + st.label());
            }
        }
        parts.add(down + " down");
        String wide = "    " + n + " instances: " + String.join(", ", parts) + "  descriptors 6+6  each on 1/6 fetch HSDirs";
        return wide.length() <= columns ? wide : "    " + n + ": " + String.join(" ", parts) + "  desc 6+6  HSDirs 1/6";
    }

    @ParameterizedTest(name = "{0} instances at {1}x{2}")
    @CsvSource({"60, 80, 24", "120, 80, 24", "60, 200, 60", "120, 200, 60"})
    void eachServiceHasItsSummaryLine(int n, int columns, int rows) throws Exception {
        try (VirtualConsole c = open(columns, rows, n)) {
            String expected = expectedSummary(n, columns);
            String summary = c.rowWith(expected.substring(0, 12));
            assertEquals(expected, summary.stripTrailing(), "the big service's summary");
            assertFalse(summary.stripTrailing().endsWith(String.valueOf(Text.CUT)), "it fits: " + summary);
            String first = c.rowWith("first  tp " + Fixtures.TP.number() + " rev 1718000100  ");
            String uploads = columns < 100 ? " IPs, 6 descs  8/8 HSDirs  1m40s ago" : " IPs in 6 descs  uploaded to 8 of 8 HSDirs  1m40s ago";
            assertTrue(first.stripTrailing().endsWith(uploads), "the first descriptor's line, whole: " + first);
            c.press(key(KeyType.Tab));
            // The fixture's first service, two instances: one ok, one stale; its summary fits 80 columns.
            String second = c.rowWith("    2 instances: 1 ok, 1 stale  descriptors 1+1");
            assertTrue(c.text().contains("> " + Fixtures.MASTER_A), "Tab: the cursor on the next service");
            show(n + " instances at " + columns + "x" + rows + ", Tab to the second service", c);
        }
    }

    @ParameterizedTest(name = "{0} instances at {1}x{2}")
    @CsvSource({"60, 80, 24", "120, 80, 24", "60, 200, 60", "120, 200, 60"})
    void theCursorNeverLeavesTheScreen(int n, int columns, int rows) throws Exception {
        try (VirtualConsole c = open(columns, rows, n)) {
            assertTrue(c.rows().get(1).startsWith("> " + ManyInstances.MASTER), "the cursor starts on the big service");
            assertTrue(c.text().contains("more below  (lines 1-"), "the rest of the list is announced:\n" + c.text());
            for (int i = 1; i <= n; i++) {
                c.press(DOWN);
                List<String> at = cursorRows(c);
                assertEquals(List.of("node" + i), at, "after " + i + " Down the cursor's row is on screen:\n" + c.text());
                String row = c.rowWith("> node" + i + " ");
                if (ManyInstances.state(i) != InstanceState.VALID && columns < 100) {
                    // The reason does not fit beside it at 80 columns: it is the row below, in view too.
                    int r = c.rows().indexOf(row);
                    assertTrue(c.rows().get(r + 1).contains("node" + i + " is " + ManyInstances.state(i).label() + ": "),
                            "the reason under node" + i + " is in view:\n" + c.text());
                }
                if (i == n / 2 && rows == 24) {
                    assertTrue(c.text().contains("more above, v ") && c.text().contains("more below"),
                            "in the middle both ends are announced:\n" + c.text());
                    show("the cursor on node" + i + " of " + n + " at " + columns + "x" + rows, c);
                }
                if (i == n) {
                    assertTrue(c.text().contains("more above"), "at the end what is above is announced:\n" + c.text());
                }
            }
            c.press(DOWN);
            assertTrue(c.text().contains("> " + Fixtures.MASTER_A), "past the last instance, the next service:\n" + c.text());
        }
    }

    @Test
    void aLineCutAtTheEdgeEndsInTheMark() throws Exception {
        int down = 11;
        assertTrue(ManyInstances.down(down));
        try (VirtualConsole c = open(80, 24, 60)) {
            for (int i = 0; i < down; i++) {
                c.press(DOWN);
            }
            String row = c.rowWith("> node" + down + " ");
            assertEquals(80, row.length());
            assertTrue(row.contains("DOWN 1m10s"), "down shows even when its error does not fit: " + row);
            assertTrue(row.endsWith(String.valueOf(Text.CUT)), "cut with the mark: " + row);
            for (String r : c.rows()) {
                Matcher m = INSTANCE_ROW.matcher(r);
                if (m.find() && !ManyInstances.down(Integer.parseInt(m.group(1).substring(4)))) {
                    assertFalse(r.endsWith(String.valueOf(Text.CUT)), "an instance row that fits is not marked: " + r);
                }
            }
        }
        try (VirtualConsole c = open(200, 60, 60)) {
            String row = c.rowWith("node" + down + " ");
            assertTrue(row.stripTrailing().endsWith("(INTRO_NACK)"), "whole at 200 columns: " + row);
        }
    }

    @Test
    void theHelpFitsAn80x24Terminal() throws Exception {
        try (VirtualConsole c = open(80, 24, 60)) {
            for (boolean detail : new boolean[] {false, true}) {
                if (detail) {
                    c.press(key(KeyType.Enter));
                }
                c.press('?');
                for (KeyBinding k : c.session.ui().page.keys()) {
                    assertTrue(c.text().contains("| " + Text.fit(k.name(), 10) + k.help().substring(0, Math.min(18, k.help().length()))),
                            k.name() + " in the help:\n" + c.text());
                }
                c.rowWith("marks a key whose action is not available yet");
                c.press('x');
            }
        }
    }

    @Test
    void canvasMarksOnlyTextPastTheEdge() {
        assertFalse(Canvas.isCut(Line.of("x".repeat(80)), 80));
        assertFalse(Canvas.isCut(Line.of("x".repeat(80) + "    "), 80), "padding is not text");
        assertTrue(Canvas.isCut(Line.of(Span.of("x".repeat(79)), Span.of("  y")), 80));
    }

    @ParameterizedTest(name = "{0} instances")
    @CsvSource({"60", "120"})
    void stateFilterShowsExactlyTheInstancesNotOk(int n) throws Exception {
        try (VirtualConsole c = open(80, 24, n)) {
            c.press('s');
            c.rowWith("instances shown: not ok");
            Set<String> expected = new LinkedHashSet<>();
            for (int i = 1; i <= n; i++) {
                if (ManyInstances.state(i) != InstanceState.VALID || ManyInstances.down(i)) {
                    expected.add("node" + i);
                }
            }
            c.rowWith("showing " + expected.size() + " of " + n + " (not ok): s, g change the filter");
            assertEquals(expected, visitAll(c, expected.size()), "s: the instances not ok, each reached by the cursor");
            show("s (not ok), " + n + " instances at 80x24", c);
            c.press('s');
            c.rowWith("instances shown: ok");
        }
    }

    @ParameterizedTest(name = "{0} instances")
    @CsvSource({"60", "120"})
    void groupFilterShowsOneDistinctDescriptorsBackends(int n) throws Exception {
        try (VirtualConsole c = open(80, 24, n)) {
            for (int slot = 0; slot < 2; slot++) {
                for (int g = 1; g <= ManyInstances.GROUPS; g++) {
                    c.press('g');
                    String label = (slot == 0 ? "first" : "second") + " #" + g;
                    c.rowWith("instances shown: " + label);
                    Set<String> expected = new LinkedHashSet<>();
                    for (int i = 1; i <= n; i++) {
                        if (ManyInstances.state(i) == InstanceState.VALID && ManyInstances.group(i, slot) == g) {
                            expected.add("node" + i);
                        }
                    }
                    Set<String> seen = visitAll(c, expected.size());
                    assertEquals(expected, seen, label);
                    for (String r : c.rows()) {
                        Matcher m = INSTANCE_ROW.matcher(r);
                        if (m.find()) {
                            assertEquals(g, Integer.parseInt(m.group(2).split("/")[slot]), "desc column of " + r);
                        }
                    }
                    c.press(key(KeyType.Tab), key(KeyType.ReverseTab));
                }
            }
            c.press('g');
            c.rowWith("instances shown: all");
        }
    }

    /** Walks the cursor from the big service down through its shown instances; their names. */
    private static Set<String> visitAll(VirtualConsole c, int count) throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            c.press(DOWN);
            List<String> at = cursorRows(c);
            assertEquals(1, at.size(), c.text());
            seen.add(at.get(0));
        }
        return seen;
    }

    private static List<String> cursorRows(VirtualConsole c) {
        List<String> names = new ArrayList<>();
        for (String r : c.rows()) {
            Matcher m = CURSOR_ROW.matcher(r);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void detailPageOpensAtTheCursorsInstanceAndReachesTheEnd() throws Exception {
        try (VirtualConsole c = open(200, 60, 120)) {
            for (int i = 0; i < 7; i++) {
                c.press(DOWN);
            }
            c.press(key(KeyType.Enter));
            assertTrue(c.rows().get(0).contains("onionbalance > service"), c.rows().get(0));
            String row = c.rowWith("node7      ok      " + ManyInstances.backend(7).withOnionSuffix());
            int r = c.rows().indexOf(row);
            assertTrue(c.terminal.getCharacter(4, r).getModifiers().contains(SGR.REVERSE), "the cursor's instance is highlighted");
            assertTrue(c.text().contains("more above"), c.text());
            show("Enter on node7 of 120 at 200x60", c);

            c.press(key(KeyType.Home));
            c.rowWith(ManyInstances.MASTER.withOnionSuffix() + "  published");
            c.press(key(KeyType.Tab));
            assertTrue(c.rows().get(1).startsWith(" first descriptor: published"), c.rows().get(1));
            c.press(key(KeyType.End));
            c.rowWith("node120    ok      " + ManyInstances.backend(120).withOnionSuffix());
            assertFalse(c.text().contains("more below"), "at the end nothing is below:\n" + c.text());
            show("End of the detail page, 120 instances at 200x60", c);
        }
        try (VirtualConsole c = open(80, 24, 60)) {
            c.press(key(KeyType.Enter));
            c.press('s');
            c.press(key(KeyType.End));
            // The last instances not ok: node55 (down) and node58 (invalid); node59 and node60 are ok.
            c.rowWith("node58     invalid " + ManyInstances.backend(58));
            assertFalse(c.text().contains("node59 ") || c.text().contains("node60 "), c.text());
            show("detail page, not ok, End, 60 instances at 80x24", c);
        }
    }

    @Test
    void addingAndRotatingWorkPastTenInstances() throws Exception {
        List<String> calls = new ArrayList<>();
        ConsoleHooks hooks = new ConsoleHooks() {
            @Override
            public Optional<BundleRotation> bundleRotation() {
                return Optional.of((service, instances, whole) -> {
                    calls.add(service + " " + instances.size() + (whole ? " all" : "")
                            + " " + instances.stream().map(InstanceStatus::name).distinct().count());
                    return CompletableFuture.completedFuture(instances.size() + " new bundles written");
                });
            }
        };
        try (VirtualConsole c = open(80, 24, 60, hooks)) {
            c.press('a');
            c.type(Fixtures.NEW_INSTANCE);
            c.press(key(KeyType.Enter));
            c.type("node61");
            c.press(key(KeyType.Enter));
            assertEquals(List.of(new EngineCommand.AddInstance(ManyInstances.MASTER, OnionAddress.parse(Fixtures.NEW_INSTANCE),
                    Optional.of("node61"))), c.control.submitted, "the 61st instance is asked for like the 2nd");

            c.press('t');
            c.rowWith("new torrc bundles for all 60 instances of");
            c.press('y');
            c.session.step();
            assertEquals(List.of(ManyInstances.MASTER + " 60 all 60"), calls, "t on the service row: the whole service");
            c.rowWith("60 new bundles written");
        }
    }

    /**
     * Not a timed assertion: the figure for the README. Thread CPU time, as the machine running
     * the tests is shared; the first frames apart, as a console that draws a frame a second runs
     * mostly interpreted code for its first minutes.
     */
    @Test
    void printsTheTimeToDrawAFrameAt120Instances() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int[] size : new int[][] {{80, 24}, {200, 60}}) {
            try (VirtualConsole c = open(size[0], size[1], 120)) {
                int frames = 500;
                long[] cpu = new long[frames];
                long[] wall = new long[frames];
                for (int i = 0; i < frames; i++) {
                    if (i == frames / 2) {
                        c.press(key(KeyType.Enter));
                    }
                    c.terminal.addInput(i >= frames / 2 ? key(i % 40 < 20 ? KeyType.PageDown : KeyType.PageUp)
                            : key(i % 240 < 120 ? KeyType.ArrowDown : KeyType.ArrowUp));
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    c.session.step();
                    wall[i] = System.nanoTime() - t0;
                    cpu[i] = mx.getCurrentThreadCpuTime() - c0;
                }
                int half = frames / 2;
                System.out.printf("FIGURE frame at 120 instances, %dx%d (a key, the snapshot, the page drawn, a delta refresh "
                                + "of Lanterna's virtual terminal), thread CPU median (p95): main page frames 1-100 %.2f (%.2f) ms, "
                                + "151-250 %.2f (%.2f) ms; detail page frames 1-100 %.2f (%.2f) ms, 151-250 %.2f (%.2f) ms; "
                                + "wall medians of the last 100: main %.2f ms, detail %.2f ms (load average %.1f)%n", size[0], size[1],
                        pct(cpu, 0, 100, 50), pct(cpu, 0, 100, 95), pct(cpu, 150, half, 50), pct(cpu, 150, half, 95),
                        pct(cpu, half, half + 100, 50), pct(cpu, half, half + 100, 95),
                        pct(cpu, half + 150, frames, 50), pct(cpu, half + 150, frames, 95),
                        pct(wall, 150, half, 50), pct(wall, half + 150, frames, 50),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }

    private static double pct(long[] nanos, int from, int to, int p) {
        long[] s = java.util.Arrays.copyOfRange(nanos, from, to);
        java.util.Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1e6;
    }
}
