package net.onionbalance.ui.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One screen line before it is drawn: styled spans, and the row it selects if the operator can
 * move the cursor onto it. Pages build lists of these; {@link Canvas} clips them to the width.
 */
record Line(List<Span> spans, Optional<RowKey> key) {
    static final Line EMPTY = new Line(List.of(), Optional.empty());

    Line {
        spans = List.copyOf(spans);
    }

    static Line of(Span... spans) {
        return new Line(List.of(spans), Optional.empty());
    }

    static Line of(String text) {
        return of(Span.of(text));
    }

    static Line of(String text, Style style) {
        return of(Span.of(text, style));
    }

    Line selecting(RowKey k) {
        return new Line(spans, Optional.of(k));
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        spans.forEach(s -> sb.append(s.text()));
        return sb.toString();
    }

    /** Builds a line from spans, padding columns to fixed widths. */
    static final class Builder {
        private final List<Span> spans = new ArrayList<>();
        private int length;

        Builder add(String text, Style style) {
            Span s = Span.of(text, style);
            spans.add(s);
            length += s.text().length();
            return this;
        }

        Builder add(String text) {
            return add(text, Style.NORMAL);
        }

        /** Adds the text cut or padded to exactly {@code width} columns, then one space. */
        Builder column(String text, int width, Style style) {
            return add(Text.fit(text, width) + " ", style);
        }

        Builder column(String text, int width) {
            return column(text, width, Style.NORMAL);
        }

        int length() {
            return length;
        }

        Line build() {
            return new Line(spans, Optional.empty());
        }
    }
}
