package net.onionbalance.ui.console;

/** A run of text in one style. The text is made safe to print when the span is built. */
record Span(String text, Style style) {
    Span {
        text = Text.printable(text);
    }

    static Span of(String text) {
        return new Span(text, Style.NORMAL);
    }

    static Span of(String text, Style style) {
        return new Span(text, style);
    }
}
