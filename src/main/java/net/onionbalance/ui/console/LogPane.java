package net.onionbalance.ui.console;

import net.onionbalance.logging.LogLine;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;

/** The last log lines, newest at the bottom, filtered by level and scrollable. */
final class LogPane {
    private LogPane() {}

    static void render(List<LogLine> log, UiState ui, Canvas area, ZoneId zone) {
        if (area.height() == 0) {
            return;
        }
        List<LogLine> shown = log.stream().filter(ui.logFilter::accepts).toList();
        int rows = area.height() - 1;
        int maxScroll = Math.max(0, shown.size() - rows);
        ui.logScroll = Math.max(0, Math.min(ui.logScroll, maxScroll));
        String where = ui.logScroll == 0 ? "newest" : ui.logScroll + " up (End: newest)";
        area.draw(0, Line.of(" log: " + ui.logFilter.label() + " and above (l)  " + shown.size() + " of "
                + log.size() + " lines  " + where + "  PgUp/PgDn scroll"), false, Style.BAR);
        List<Line> lines = lines(shown, ui.logScroll, rows, zone);
        for (int r = 0; r < rows; r++) {
            area.draw(1 + r, r < lines.size() ? lines.get(r) : Line.EMPTY, false);
        }
    }

    /** The {@code rows} lines ending {@code scroll} lines above the newest. */
    static List<Line> lines(List<LogLine> shown, int scroll, int rows, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        int end = Math.max(0, shown.size() - scroll);
        int start = Math.max(0, end - rows);
        List<Line> out = new ArrayList<>();
        for (LogLine l : shown.subList(start, end)) {
            out.add(Line.of(Span.of(" " + time.format(l.at()) + " "),
                    Span.of(Text.fit(l.levelName(), 7) + " ", style(l.level())),
                    Span.of(l.message())));
        }
        return out;
    }

    private static Style style(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return Style.BAD;
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return Style.WARN;
        }
        return level.intValue() >= Level.INFO.intValue() ? Style.NORMAL : Style.DIM;
    }
}
