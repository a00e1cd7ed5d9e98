package net.onionbalance.ui.console;

import java.util.stream.Collectors;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.TorCondition;
import net.onionbalance.engine.snapshot.InternalErrors;
import net.onionbalance.engine.snapshot.KeyBundleStatus;
import net.onionbalance.engine.snapshot.WatchdogStatus;
import net.onionbalance.engine.snapshot.NetworkStatus;
import net.onionbalance.engine.snapshot.TorStatus;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One whole frame: the top bar, the page, the status line, the key footer and any overlay.
 * Pure apart from the scroll positions it keeps in {@link UiState}.
 */
final class Frame {
    /** The engine publishes a snapshot every second while its loop ticks. */
    static final java.time.Duration ENGINE_STUCK_AFTER = java.time.Duration.ofSeconds(10);
    /** Below this the console draws only a request to enlarge the window. */
    static final int MIN_COLUMNS = 40;
    static final int MIN_ROWS = 10;

    private Frame() {}

    static void render(EngineSnapshot snapshot, UiState ui, TextGraphics g, TerminalSize size, Instant now, ZoneId zone) {
        Canvas screen = new Canvas(g, size);
        if (size.getColumns() < MIN_COLUMNS || size.getRows() < MIN_ROWS) {
            screen.clear(Style.NORMAL);
            screen.draw(0, Line.of("onionbalance: window " + size.getColumns() + "x" + size.getRows()
                    + " is too small, 80x24 or more please", Style.WARN), false);
            return;
        }
        int h = size.getRows();
        screen.draw(0, header(snapshot, ui, now, zone, size.getColumns()), false, Style.BAR);
        Canvas area = screen.region(1, 0, h - 3, size.getColumns());
        area.clear(Style.NORMAL);
        TerminalSize pageSize = new TerminalSize(size.getColumns(), h - 3);
        ui.page.render(g.newTextGraphics(new TerminalPosition(0, 1), pageSize), pageSize, snapshot);
        screen.draw(h - 2, Line.of(" " + ui.status, ui.statusStyle), false);
        screen.draw(h - 1, footer(ui), false);
        ui.overlay.ifPresent(o -> OverlayView.render(o, ui, screen));
    }

    static Line header(EngineSnapshot snapshot, UiState ui, Instant now, ZoneId zone, int width) {
        List<Span> spans = new ArrayList<>();
        String page = ui.page.title().isEmpty() ? "" : " > " + ui.page.title();
        spans.add(Span.of(" onionbalance" + page + "  ", Style.BAR));
        TorStatus tor = snapshot.tor();
        if (tor.connected()) {
            spans.add(Span.of("tor " + tor.version().orElse("?") + " " + tor.endpoint(), Style.BAR));
        } else {
            spans.add(Span.of("tor not connected: " + tor.detail(), Style.BAD));
        }
        spans.add(Span.of("  ", Style.BAR));
        Optional<NetworkStatus> net = snapshot.network();
        if (net.isPresent()) {
            NetworkStatus n = net.get();
            spans.add(Span.of(n.reasonablyLive() ? "consensus live, " + n.hsDirCount() + " HSDirs"
                    : "consensus NOT live", n.reasonablyLive() ? Style.BAR : Style.BAD));
        } else {
            spans.add(Span.of("no consensus yet", Style.BAD));
        }
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        String clock = hms.format(now) + " ";
        // The engine publishes a snapshot every second while its loop ticks; an old one is a stuck loop.
        if (java.time.Duration.between(snapshot.takenAt(), now).compareTo(ENGINE_STUCK_AFTER) > 0) {
            spans.add(Span.of("  engine loop stuck since " + hms.format(snapshot.takenAt()), Style.BAD));
        }
        WatchdogStatus w = snapshot.selfHeal().watchdog();
        if (w.condition() != TorCondition.HEALTHY && w.condition() != TorCondition.DISCONNECTED) {
            spans.add(Span.of("  tor " + w.condition().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " since "
                    + hms.format(w.since()) + w.lastStep().map(st -> " (healing: "
                    + st.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")").orElse(""), Style.BAD));
        }
        InternalErrors errors = snapshot.internalErrors();
        if (errors.count() > 0) {
            // The supervisor's catches stay on screen after their log line has scrolled away; they
            // matter more than the clock, which gives way first on a narrow terminal.
            int before = spans.stream().mapToInt(s -> s.text().length()).sum();
            String n = errors.count() + " internal error" + (errors.count() == 1 ? "" : "s");
            String wide = "  " + n + errors.lastAt().map(t -> ", last " + hms.format(t)).orElse("") + " (see log)";
            String narrow = "  " + n;
            String narrowest = "  " + errors.count() + (errors.count() == 1 ? " error" : " errors");
            spans.add(Span.of(before + wide.length() + clock.length() + 1 <= width ? wide
                    : before + narrow.length() <= width ? narrow : narrowest, Style.BAD));
        }
        // An offline key bundle that runs out within a week (or already lacks a period): in sight, like the errors.
        snapshot.services().stream().flatMap(s -> s.keyBundle().stream())
                .filter(k -> k.needsAttention(now))
                .min(java.util.Comparator.comparing(KeyBundleStatus::signsUntil))
                .ifPresent(k -> spans.add(Span.of("  key bundle: " + (!k.gaps().isEmpty() ? "no key for a time period"
                        : k.signsUntil().isAfter(now) ? k.left(now) + " left" : "ran out"), Style.BAD)));
        int used = spans.stream().mapToInt(s -> s.text().length()).sum();
        if (used + clock.length() + 1 <= width) {
            spans.add(Span.of(" ".repeat(width - used - clock.length()) + clock, Style.BAR));
        }
        return new Line(spans, Optional.empty());
    }

    /** An overlay's keys, or the page's: its key table's footer rows, or its own text. */
    static Line footer(UiState ui) {
        Line.Builder b = new Line.Builder();
        if (ui.overlay.isPresent()) {
            Overlay o = ui.overlay.get();
            String keys = o instanceof Overlay.Help ? "any key closes the help"
                    : o instanceof Overlay.Notice ? "any key closes"
                    : o instanceof Overlay.Confirm ? "y yes   n no"
                    : o instanceof Overlay.Choice c ? c.options().stream().map(x -> x.key() + " " + x.label().split(" ")[0])
                            .collect(Collectors.joining("   ")) + "   Esc cancel"
                    : "Enter ok   Esc cancel   Backspace erase";
            return b.add(" " + keys, Style.KEY).build();
        }
        if (ui.page.keys().isEmpty()) {
            return b.add(" " + ui.page.footerKeys() + "   Ctrl-C quit", Style.KEY).build();
        }
        for (KeyBinding k : ui.page.keys()) {
            if (!k.inFooter()) {
                continue;
            }
            boolean off = !k.available().getAsBoolean();
            b.add(" " + k.name(), off ? Style.KEY_OFF : Style.KEY).add(" " + k.word() + (off ? "*" : ""),
                    off ? Style.KEY_OFF : Style.NORMAL);
        }
        return b.build();
    }
}
