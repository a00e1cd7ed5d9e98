package net.onionbalance.e2e;

import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TmuxSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console as an operator sees it: the balancer started on a real terminal (a tmux pane),
 * against the private Tor network, driven with keys and read off the screen. What the virtual
 * terminal tests cannot show: the real tty handling (raw mode, alternate screen, SIGWINCH) and
 * the real engine behind the screen.
 */
class ConsoleInTmuxTest {
    /** Checked first, so that no network is started for a test that cannot run. */
    @RegisterExtension
    @Order(1)
    static final BeforeAllCallback TMUX_PRESENT = context -> TmuxSession.assumeInstalled();

    @RegisterExtension
    @Order(2)
    static final TestNetwork NET = TestNetwork.perClass(2);

    private static final int COLUMNS = 100;
    private static final int ROWS = 32;
    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(60);
    private static final Duration KEY_EFFECT_WITHIN = Duration.ofSeconds(20);

    /** An age as the console writes it ("42s", "3m12s", "2h05m"). */
    private static final String AGE = "(\\d+s|\\d+m\\d\\ds|\\d+h\\d\\dm)";
    /** "    first  tp 3740855 rev 30053640  6 IPs  uploaded to 8 of 8 HSDirs  6s ago". */
    private static final Pattern DESCRIPTOR_LINE = Pattern.compile(
            "^\\s+(first|second)\\s+tp \\d+ rev (\\d+)\\s+(\\d+) IPs\\s+uploaded to (\\d+) of (\\d+) HSDirs\\s+(now|" + AGE + " ago)",
            Pattern.MULTILINE);
    /** The detail page's "   uploaded to 8 of 8 HSDirs, last upload 3s ago, last attempt 3s ago". */
    private static final Pattern DETAIL_UPLOADS = Pattern.compile(
            "uploaded to (\\d+) of (\\d+) HSDirs, last upload (now|" + AGE + " ago|never), last attempt (now|" + AGE + " ago|never)");
    /** One HSDir row of the detail page: "$ABCDEF0123AB...  test004r  uploaded  3s ago". */
    private static final Pattern HSDIR_ROW = Pattern.compile("^\\s+\\$[0-9A-F]{12}\\.\\.\\.\\s+(\\S+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern DETAIL_REVISION = Pattern.compile("first descriptor: [^\\n]*?, revision (\\d+)");

    @TempDir
    static Path tmp;

    private static TmuxSession tmux;

    @AfterAll
    static void endTheTerminal() {
        if (tmux != null) {
            tmux.close();
        }
    }

    /** The balancer in a pane; when it ends, the shell reports its exit code and the tty's modes. */
    private static String command(Path config, Path log) {
        // After the console: is the tty back in cooked mode (icanon, echo)? Then stay, to be read.
        return TmuxSession.balancerConsoleCommand(NET, config, log, tmp.resolve("no-system-tor"),
                "printf '\\nEXITED rc=%s\\n' \"$rc\"; printf 'TTY %s\\n' \"$(stty -a | tr ' ;' '\\n\\n' "
                        + "| grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')\"; sleep 600");
    }

    @Test
    void operatorSeesInstancesForcesARepublishSeenPerHsDirAndQuitsCleanly() throws IOException {
        Instant t0 = Instant.now();
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, Files.readString(NET.configYaml()));
        Path log = tmp.resolve("onionbalance.log");
        tmux = TmuxSession.start("console-" + ProcessHandle.current().pid(), COLUMNS, ROWS, command(config, log));
        java.util.function.Supplier<String> logTail = () -> "balancer log (" + log + "):\n" + tail(log, 40);

        // --- the main page: every instance with a descriptor age and its 3 intro points, the service uploaded
        String main = tmux.awaitScreen("each instance with a descriptor age and 3 intro points, both descriptors uploaded",
                s -> NET.backends().stream().allMatch(b -> instanceRow(s, b).map(r -> r.introPoints == 3 && r.state.equals("ok"))
                        .orElse(false)) && allDescriptorsUploaded(s),
                PUBLISHED_WITHIN, logTail);
        Duration firstPage = Duration.between(t0, Instant.now());
        show("the main page", main);
        assertTrue(main.contains(NET.masterAddress() + ".onion"), main);
        assertTrue(main.contains("r republish") && main.contains("q quit"), "the key footer:\n" + main);
        for (TestNetwork.Backend b : NET.backends()) {
            InstanceRow row = instanceRow(main, b).orElseThrow();
            assertTrue(row.address.startsWith(b.address().substring(0, 16)),
                    "at " + COLUMNS + " columns the instance address is shortened to its first characters: " + row.address);
            assertTrue(row.descriptorAge.matches(AGE), "descriptor age " + row.descriptorAge);
        }
        List<MatchResult> descriptors = matches(DESCRIPTOR_LINE, main);
        assertEquals(2, descriptors.size(), "first and second descriptor lines:\n" + main);
        for (MatchResult d : descriptors) {
            int ips = Integer.parseInt(d.group(3));
            assertTrue(ips >= NET.backends().size() && ips <= 3 * NET.backends().size(),
                    "the " + d.group(1) + " descriptor carries intro points of every instance and no more than they have: " + d.group());
            assertTrue(Integer.parseInt(d.group(5)) > 0 && Integer.parseInt(d.group(5)) <= NET.hsDirCount(), d.group());
        }
        int responsible = Integer.parseInt(descriptors.get(0).group(5));

        // --- Enter: the service's detail, each responsible HSDir with its upload result
        tmux.sendKeys("Enter");
        String detail = tmux.awaitScreen("the service detail with every HSDir row uploaded",
                s -> s.contains("onionbalance > service") && hsDirResults(s).size() == responsible
                        && hsDirResults(s).stream().allMatch("uploaded"::equals),
                KEY_EFFECT_WITHIN, logTail);
        assertTrue(revision(detail) > 0, "the first descriptor's revision counter:\n" + detail);
        // Let the first upload age, so that a new one is visible as a younger "last attempt".
        detail = tmux.awaitScreen("the last upload at least 3 s old",
                s -> lastAttemptSeconds(s) >= 3, KEY_EFFECT_WITHIN, logTail);
        long attemptAgeBefore = lastAttemptSeconds(detail);
        long revisionBefore = revision(detail);

        // --- r: a forced republish, its uploads shown per HSDir
        tmux.sendKeys("r");
        long before = revisionBefore;
        String republished = tmux.awaitScreen("a new revision uploaded to every HSDir after r",
                s -> s.contains("asked the engine to republish") && revision(s) != before
                        && lastAttemptSeconds(s) < attemptAgeBefore
                        && hsDirResults(s).size() == responsible && hsDirResults(s).stream().allMatch("uploaded"::equals),
                KEY_EFFECT_WITHIN, logTail);
        assertNotEquals(revisionBefore, revision(republished));
        show("the service detail after r", republished);

        // --- a wider window (SIGWINCH): the main page redraws with whole addresses; the log says why it published
        tmux.resize(120, ROWS);
        tmux.sendKeys("Escape");
        String wide = tmux.awaitScreen("the main page at 120 columns with the operator's republish in the log",
                s -> !s.contains("onionbalance > service") && NET.backends().stream().allMatch(b -> s.contains(b.onion()))
                        && s.contains("Republish requested by the operator")
                        && s.contains("Published the first descriptor of " + NET.masterAddress() + " (forced by"),
                KEY_EFFECT_WITHIN, logTail);
        show("the main page at 120 columns", wide);
        assertTrue(wide.indexOf("Republish requested by the operator")
                < wide.indexOf("Published the first descriptor of " + NET.masterAddress() + " (forced by"), wide);

        // --- q, y: the balancer ends and gives the terminal back
        tmux.sendKeys("q");
        tmux.awaitScreen("the quit confirmation", s -> s.contains("Quit onionbalance?"), KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("y");
        String after = tmux.awaitScreen("the balancer's exit", s -> s.contains("EXITED rc=") && s.contains("TTY "),
                KEY_EFFECT_WITHIN, logTail);
        show("the terminal after q, y", after);
        assertTrue(after.contains("EXITED rc=0"), "q then y exits with 0:\n" + after);
        assertFalse(after.contains("r republish") || after.contains("q quit"),
                "the console's screen is gone (alternate screen left):\n" + after);
        Matcher tty = Pattern.compile("TTY (.*)").matcher(after);
        assertTrue(tty.find(), after);
        List<String> modes = List.of(tty.group(1).trim().split("\\s+"));
        assertTrue(modes.contains("icanon") && modes.contains("echo"),
                "the tty is back in line mode with echo (stty: " + modes + ")");
        System.out.printf("FIGURE console in tmux: main page with every instance and both descriptors uploaded %.1f s "
                + "after start (JVM start included); whole run %.1f s%n", firstPage.toMillis() / 1000.0,
                Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    }

    // ------------------------------------------------------------------------------------------ reading the screen

    /** The screens in the test's report, for whoever reads it after a failure or a change of layout. */
    private static void show(String what, String screen) {
        System.out.println("SCREEN " + what + ":\n" + screen.stripTrailing() + "\n");
    }

    /** One instance row of the main page, as the operator reads it. */
    private record InstanceRow(String address, String descriptorAge, int introPoints, String fetched, String state) {
    }

    private static Optional<InstanceRow> instanceRow(String screen, TestNetwork.Backend b) {
        Matcher m = Pattern.compile("^\\s+(?:>\\s+)?" + Pattern.quote(b.name()) + "\\s+(\\S+)\\s+(\\S+)\\s+(\\d+|-)\\s+"
                + "(now|never|\\S+ ago)\\s+(ok|stale|missing|invalid)\\b", Pattern.MULTILINE).matcher(screen);
        if (!m.find() || m.group(3).equals("-")) {
            return Optional.empty();
        }
        return Optional.of(new InstanceRow(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
    }

    private static boolean allDescriptorsUploaded(String screen) {
        List<MatchResult> d = matches(DESCRIPTOR_LINE, screen);
        return d.size() == 2 && d.stream().allMatch(m -> Integer.parseInt(m.group(5)) > 0 && m.group(4).equals(m.group(5)));
    }

    /** The result column of the first descriptor's HSDir rows (the second's are below the fold at 32 rows). */
    private static List<String> hsDirResults(String screen) {
        int second = screen.indexOf("second descriptor");
        String first = second < 0 ? screen : screen.substring(0, second);
        List<String> out = new ArrayList<>();
        for (MatchResult m : matches(HSDIR_ROW, first)) {
            out.add(m.group(2));
        }
        return out;
    }

    private static long revision(String detail) {
        Matcher m = DETAIL_REVISION.matcher(detail);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The first descriptor's "last attempt" age in seconds; -1 when not shown. */
    private static long lastAttemptSeconds(String detail) {
        Matcher m = DETAIL_UPLOADS.matcher(detail);
        if (!m.find()) {
            return -1;
        }
        String age = m.group(5);
        if (age.equals("now")) {
            return 0;
        }
        if (age.equals("never")) {
            return -1;
        }
        return seconds(age.replace(" ago", ""));
    }

    private static long seconds(String age) {
        Matcher m = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(age);
        if (!m.matches()) {
            return -1;
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return h * 3600 + min * 60 + s;
    }

    private static List<MatchResult> matches(Pattern p, String text) {
        return p.matcher(text).results().toList();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
