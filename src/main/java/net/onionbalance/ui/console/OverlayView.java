package net.onionbalance.ui.console;

import java.util.Optional;
import java.util.ArrayList;
import java.util.List;

/** Draws an overlay as a bordered box in the middle of the screen, clipped to it. */
final class OverlayView {
    private OverlayView() {}

    static void render(Overlay overlay, UiState ui, Canvas screen) {
        String title;
        List<Line> body = new ArrayList<>();
        if (overlay instanceof Overlay.Help) {
            title = "keys";
            for (Keys.Note k : Keys.help(ui)) {
                body.add(Line.of(Span.of(Text.fit(k.name(), 10), Style.KEY), Span.of(k.help())));
            }
        } else if (overlay instanceof Overlay.Notice n) {
            title = n.title();
            n.lines().forEach(l -> Text.wrap(l, screen.width() - 6).forEach(w -> body.add(Line.of(w))));
            body.add(Line.EMPTY);
            body.add(Line.of(Span.of("any key", Style.KEY), Span.of(" closes")));
        } else if (overlay instanceof Overlay.Confirm c) {
            title = c.title();
            c.lines().forEach(l -> Text.wrap(l, screen.width() - 6).forEach(w -> body.add(Line.of(w))));
            body.add(Line.EMPTY);
            body.add(Line.of(Span.of("y", Style.KEY), Span.of(" yes    "), Span.of("n", Style.KEY), Span.of(" no")));
        } else if (overlay instanceof Overlay.Choice c) {
            title = c.title();
            c.lines().forEach(l -> Text.wrap(l, screen.width() - 6).forEach(w -> body.add(Line.of(w))));
            body.add(Line.EMPTY);
            for (Overlay.Option o : c.options()) {
                body.add(Line.of(Span.of(String.valueOf(o.key()), Style.KEY), Span.of("  " + o.label())));
            }
            body.add(Line.EMPTY);
            body.add(Line.of(Span.of("Esc", Style.KEY), Span.of(" cancel")));
        } else {
            Overlay.Prompt p = (Overlay.Prompt) overlay;
            title = p.title;
            body.add(Line.of(p.label));
            body.add(Line.of("> " + fieldText(p, screen.width() - 10) + "_", Style.BOLD));
            if (p.error.isPresent()) {
                // Errors quote the input, so they are long: wrap them inside the box.
                Text.wrap(p.error.get(), screen.width() - 6).forEach(l -> body.add(Line.of(l, Style.BAD)));
            } else {
                body.add(Line.EMPTY);
            }
            body.add(Line.of(Span.of("Enter", Style.KEY), Span.of(" ok    "), Span.of("Esc", Style.KEY), Span.of(" cancel")));
        }
        int inner = Math.max(title.length() + 2, body.stream().mapToInt(l -> l.text().length()).max().orElse(0));
        int width = Math.min(screen.width() - 2, inner + 4);
        if (overlay instanceof Overlay.Prompt) {
            width = screen.width() - 2;
        }
        int height = Math.min(screen.height(), body.size() + 2);
        Canvas box = screen.region((screen.height() - height) / 2, (screen.width() - width) / 2, height, width);
        String rule = "-".repeat(Math.max(0, width - 2));
        String top = "+-" + Text.clip(" " + title + " ", Math.max(0, width - 4)) + rule;
        box.draw(0, Line.of(top.substring(0, Math.max(0, width - 1)) + "+", Style.BOX), false);
        int rows = height - 2;
        for (int r = 0; r < rows; r++) {
            Line l = body.get(r);
            if (r == rows - 1 && body.size() > rows) {
                // A box taller than the screen: say so rather than lose its last lines.
                l = Line.of("... " + (body.size() - r) + " more lines: a taller window shows them", Style.WARN);
            }
            List<Span> spans = new ArrayList<>();
            spans.add(Span.of("| ", Style.BOX));
            int used = 0;
            for (Span s : l.spans()) {
                String t = Text.clip(s.text(), Math.max(0, width - 4 - used));
                spans.add(Span.of(t, s.style()));
                used += t.length();
            }
            spans.add(Span.of(" ".repeat(Math.max(0, width - 4 - used)) + " |", Style.BOX));
            box.draw(1 + r, new Line(spans, Optional.empty()), false);
        }
        box.draw(height - 1, Line.of("+" + rule + "+", Style.BOX), false);
    }

    /** The end of a long entry, so that the operator sees what they just pasted. */
    static String fieldText(Overlay.Prompt p, int room) {
        String t = p.text.toString();
        return t.length() <= room ? t : "..." + t.substring(t.length() - Math.max(0, room - 3));
    }
}
