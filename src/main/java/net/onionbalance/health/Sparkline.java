package net.onionbalance.health;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One line of block characters for recent check latencies, as nyx's graph panel shows bandwidth:
 * the newest samples that fit the width, right-most newest, each bar's height proportional to its
 * latency against the slowest shown (so the slowest is a full block); a failed check is
 * {@value #FAILED}.
 */
public final class Sparkline {
    /** U+2581..U+2588, lower one eighth block to full block. */
    static final String LEVELS = "▁▂▃▄▅▆▇█";
    /** Latin-1 multiplication sign: one column wide in every terminal font, unlike most symbols. */
    public static final char FAILED = '×';

    private Sparkline() {}

    /** At most {@code width} characters; fewer while there are fewer samples; empty for width 0. */
    public static String render(RecentLatencies recent, int width) {
        return render(recent.samples(), width);
    }

    public static String render(List<Optional<Duration>> samples, int width) {
        if (width < 0) {
            throw new IllegalArgumentException("width must not be negative, not " + width);
        }
        List<Optional<Duration>> shown = samples.subList(Math.max(0, samples.size() - width), samples.size());
        long max = shown.stream().flatMap(Optional::stream).mapToLong(Duration::toMillis).max().orElse(0);
        StringBuilder sb = new StringBuilder(shown.size());
        for (Optional<Duration> s : shown) {
            if (s.isEmpty()) {
                sb.append(FAILED);
            } else if (max == 0) {
                sb.append(LEVELS.charAt(0));
            } else {
                // ceil(v / max * 8) - 1: every non-zero latency gets at least the lowest bar, the slowest the full block.
                int level = (int) ((s.get().toMillis() * LEVELS.length() + max - 1) / max) - 1;
                sb.append(LEVELS.charAt(Math.max(0, Math.min(LEVELS.length() - 1, level))));
            }
        }
        return sb.toString();
    }
}
