package net.onionbalance.ui.console;

import net.onionbalance.testsupport.TmuxSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console with 60 instances on a real 80x24 terminal (a tmux pane: raw mode, the alternate
 * screen, the terminal's character set), fed by {@link ConsoleDemo}'s fixed snapshot: what the
 * virtual terminal cannot show. The same console against the 60-backend private network is
 * {@code SixtyBackendsEndToEndTest#consoleAt80x24KeepsSixtyBackendsReadable}.
 */
class ManyInstancesInTmuxTest {
    private static final Pattern CURSOR = Pattern.compile("^  > (node\\d+) ", Pattern.MULTILINE);
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void sixtyInstancesOnAn80x24Terminal() {
        Assumptions.assumeTrue(TmuxSession.find().isPresent(), "SKIPPED: tmux not installed (apt-get install tmux)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "TERM=xterm-256color; export TERM; " + TmuxSession.shellQuote(java) + " -cp "
                + TmuxSession.shellQuote(System.getProperty("java.class.path")) + " net.onionbalance.ui.console.ConsoleDemo 60"
                + "; printf '\\nEXITED rc=%s\\n' \"$?\"; sleep 600";
        try (TmuxSession tmux = TmuxSession.start("many-" + ProcessHandle.current().pid(), 80, 24, command)) {
            Supplier<String> none = () -> "";
            String main = tmux.awaitScreen("the summary", s -> s.contains("    60: 51 ok 4 stale 3 missing 2 invalid 5 down  desc 6+6  HSDirs 1/6"),
                    WITHIN, none);
            show("60 instances at 80x24", main);
            assertTrue(main.contains("first  tp ") && main.contains(" IPs, 6 descs  8/8 HSDirs  1m40s ago"), main);
            assertTrue(main.contains("v 77 more below  (lines 1-16 of 93)"), main);
            assertTrue(main.contains("DOWN 1m10s~"), "a cut line ends in the mark on the real terminal:\n" + main);

            for (int i = 1; i <= 60; i++) {
                tmux.sendKeys("Down");
                if (i % 20 == 0) {
                    String want = "node" + i;
                    String s = tmux.awaitScreen("the cursor on " + want, x -> cursor(x).equals(List.of(want)), WITHIN, none);
                    if (i == 60) {
                        show("Down x60", s);
                        assertTrue(s.contains("more above"), s);
                    }
                }
            }
            tmux.sendKeys("s");
            String notOk = tmux.awaitScreen("not ok", x -> x.contains("showing 14 of 60 (not ok)"), WITHIN, none);
            show("s: not ok", notOk);
            tmux.sendKeys("q");
            tmux.awaitScreen("the quit question", x -> x.contains("Quit onionbalance?"), WITHIN, none);
            tmux.sendKeys("y");
            String after = tmux.awaitScreen("the exit", x -> x.contains("EXITED rc="), WITHIN, none);
            assertTrue(after.contains("EXITED rc=0"), after);
            assertEquals(List.of(), cursor(after), "the console's screen is gone");
        }
    }

    private static List<String> cursor(String screen) {
        List<String> out = new ArrayList<>();
        Matcher m = CURSOR.matcher(screen);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void show(String what, String screen) {
        System.out.println("SCREEN " + what + ":\n" + screen.stripTrailing() + "\n");
    }
}
