package net.onionbalance.e2e;

import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TmuxSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console of a balancer in front of the 60-backend network, on an 80x24 tmux pane as over
 * SSH (issue 29): the service's summary, the cursor kept on screen down to the 60th backend, the
 * filters by state and by distinct descriptor, the service page, then q. Run on
 * {@link SixtyBackendsEndToEndTest}'s network, so that the biggest network starts once.
 */
final class SixtyBackendsConsole {
    private static final int COLUMNS = 80;
    private static final int ROWS = 24;
    /** The summary, "    60 instances: 60 ok  descriptors 6+6  each on 1/6 fetch HSDirs" or its short form "    60: 60 ok  desc 6+6  HSDirs 1/6". */
    private static final Pattern SUMMARY = Pattern.compile("^ {4}(\\d+)(?: instances)?: (\\d+) ok\\b[^\\n]*?(?:desc|descriptors) "
            + "(\\d+)\\+(\\d+)\\s+(?:HSDirs|each on) (\\d+)(?:-\\d+)?/(\\d+)", Pattern.MULTILINE);
    /** An instance row: "  > node12     abcdefghijklmnop... 41s      3   40s ago    3/4   ok". */
    private static final Pattern ROW = Pattern.compile(
            "^  (> |  )(node\\d+) +\\S+ +\\S+ +\\S+ +(?:now|never|\\S+ ago) +(\\S+) +(ok|stale|missing|invalid)\\b", Pattern.MULTILINE);

    private SixtyBackendsConsole() {}

    static void run(TestNetwork net, Path tmp) throws IOException, InterruptedException {
        Path config = tmp.resolve("console-config.yaml");
        Files.writeString(config, Files.readString(net.configYaml()));
        Path log = tmp.resolve("console.log");
        String command = TmuxSession.balancerConsoleCommand(net, config, log, tmp.resolve("no-system-tor"),
                "printf '\\nEXITED rc=%s\\n' \"$rc\"; sleep 600");
        int n = net.backends().size();
        Supplier<String> logTail = () -> "balancer log (" + log + "):\n" + tail(log);
        Instant t0 = Instant.now();
        try (TmuxSession tmux = TmuxSession.start("console60-" + ProcessHandle.current().pid(), COLUMNS, ROWS, command)) {
            String main = tmux.awaitScreen("the summary: all " + n + " ok, distinct descriptors in both slots",
                    s -> summary(s).map(m -> Integer.parseInt(m.group(1)) == n && Integer.parseInt(m.group(2)) == n
                            && Integer.parseInt(m.group(3)) > 1 && Integer.parseInt(m.group(4)) > 1).orElse(false),
                    Duration.ofSeconds(120), logTail);
            show("the main page, 60 backends at 80x24, " + Duration.between(t0, Instant.now()).toSeconds() + " s after start", main);
            assertTrue(main.contains("more below  (lines 1-"), "the list says it goes on:\n" + main);
            for (String line : main.split("\n")) {
                assertTrue(line.length() <= COLUMNS, line);
            }

            // Down 60 times: the cursor's row is on screen at every step and ends on node60.
            for (int i = 1; i <= n; i++) {
                tmux.sendKeys("Down");
                if (i % 15 == 0) {
                    int at = i;
                    String s = tmux.awaitScreen("the cursor on node" + at, x -> cursorOn(x).equals(List.of("node" + at)),
                            Duration.ofSeconds(20), logTail);
                    if (at == 30 || at == n) {
                        show("the cursor on node" + at, s);
                    }
                }
            }
            String end = tmux.lastScreen();
            assertTrue(end.contains("more above"), "what is above is announced:\n" + end);

            // s: the instances not ok; on a healthy network, none.
            tmux.sendKeys("s");
            String notOk = tmux.awaitScreen("the filter by state", x -> x.contains("instances shown: not ok"),
                    Duration.ofSeconds(20), logTail);
            show("s: instances not ok", notOk);
            List<String> shownNotOk = rows(notOk).stream().filter(r -> !r[3].equals("ok")).map(r -> r[1]).toList();
            assertEquals(rows(notOk).size(), shownNotOk.size(), "only instances not ok are listed:\n" + notOk);
            for (int i = 0; i < 6; i++) {
                tmux.sendKeys("s");
            }
            tmux.awaitScreen("the filter back to all", x -> x.contains("instances shown: all"), Duration.ofSeconds(20), logTail);

            // g: the backends of the first slot's distinct descriptor #1, each with 1 in its desc column.
            tmux.sendKeys("g");
            String group = tmux.awaitScreen("the filter by descriptor", x -> x.contains("instances shown: first #1")
                    && x.contains("(first #1): s, g change the filter"), Duration.ofSeconds(20), logTail);
            tmux.sendKeys("Tab");
            group = tmux.awaitScreen("the group's rows", x -> !rows(x).isEmpty(), Duration.ofSeconds(20), logTail);
            show("g: first #1", group);
            for (String[] r : rows(group)) {
                assertTrue(List.of(r[2].split("/")[0].split(",")).contains("1") || r[2].startsWith("x"),
                        r[1] + " is in the first slot's descriptor #1: " + r[2]);
            }
            Matcher m = Pattern.compile("showing (\\d+) of " + n + " \\(first #1\\)").matcher(group);
            assertTrue(m.find(), group);
            int inGroup = Integer.parseInt(m.group(1));
            assertTrue(inGroup > 0 && inGroup < n, "one descriptor holds some backends, not all: " + inGroup);
            // g on through the other descriptors of both slots until every instance is shown again
            // (the service page filters as the main page does, and node60 is in some group only).
            for (int i = 0; i < 30 && !tmux.capture().contains("instances shown: all"); i++) {
                tmux.sendKeys("g");
                Thread.sleep(300);
            }
            tmux.awaitScreen("the filter back to all", x -> x.contains("instances shown: all"), Duration.ofSeconds(20), logTail);

            // Enter: the service page, scrolled with the cursor's service.
            tmux.sendKeys("Enter");
            String detail = tmux.awaitScreen("the service page", x -> x.contains("onionbalance > service"),
                    Duration.ofSeconds(20), logTail);
            show("Enter: the service page", detail);
            tmux.sendKeys("End");
            detail = tmux.awaitScreen("the service page's end", x -> x.contains("node" + n + " ") && x.contains("more above"),
                    Duration.ofSeconds(20), logTail);
            show("End of the service page", detail);

            tmux.sendKeys("q");
            tmux.awaitScreen("the quit question", x -> x.contains("Quit onionbalance?"), Duration.ofSeconds(20), logTail);
            tmux.sendKeys("y");
            String after = tmux.awaitScreen("the balancer's exit", x -> x.contains("EXITED rc="), Duration.ofSeconds(30), logTail);
            assertTrue(after.contains("EXITED rc=0"), after);
        }
    }

    private static java.util.Optional<Matcher> summary(String screen) {
        Matcher m = SUMMARY.matcher(screen);
        return m.find() ? java.util.Optional.of(m) : java.util.Optional.empty();
    }

    /** Each instance row: {gutter, name, desc column, state}. */
    private static List<String[]> rows(String screen) {
        List<String[]> out = new ArrayList<>();
        Matcher m = ROW.matcher(screen);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        return out;
    }

    private static List<String> cursorOn(String screen) {
        return rows(screen).stream().filter(r -> r[0].equals("> ")).map(r -> r[1]).toList();
    }

    private static void show(String what, String screen) {
        System.out.println("SCREEN " + what + ":\n" + screen.stripTrailing() + "\n");
    }

    private static String tail(Path file) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
