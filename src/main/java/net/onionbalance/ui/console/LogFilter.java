package net.onionbalance.ui.console;

import net.onionbalance.logging.LogLine;

import java.util.logging.Level;

/** The lowest level the log pane shows; {@code l} cycles through them. */
enum LogFilter {
    DEBUG("debug", Level.ALL),
    INFO("info", Level.INFO),
    WARNING("warning", Level.WARNING),
    ERROR("error", Level.SEVERE);

    private final String label;
    private final Level threshold;

    LogFilter(String label, Level threshold) {
        this.label = label;
        this.threshold = threshold;
    }

    String label() {
        return label;
    }

    boolean accepts(LogLine line) {
        return line.level().intValue() >= threshold.intValue();
    }

    LogFilter next() {
        LogFilter[] all = values();
        return all[(ordinal() + 1) % all.length];
    }
}
