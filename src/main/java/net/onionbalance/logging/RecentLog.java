package net.onionbalance.logging;

import java.text.MessageFormat;
import java.util.ArrayDeque;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** The last few hundred log lines, for the console's log pane. Thread-safe. */
public final class RecentLog extends Handler {
    private final int capacity;
    private final ArrayDeque<LogLine> lines;
    private long total;

    public RecentLog(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String msg = r.getMessage();
        if (r.getParameters() != null && r.getParameters().length > 0) {
            msg = MessageFormat.format(msg, r.getParameters());
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(new LogLine(r.getInstant(), r.getLevel(), msg));
        total++;
    }

    public synchronized List<LogLine> lines() {
        return List.copyOf(lines);
    }

    /** How many lines were ever logged: lets a reader notice new ones cheaply. */
    public synchronized long total() {
        return total;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
