package net.onionbalance.logging;

import java.util.logging.Level;
import net.onionbalance.time.CivilTime;

import java.util.TimeZone;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Log lines as onionbalance 0.2.x writes them ({@code 2020-06-16 19:59:28,123 [WARNING]: text}, local
 * time as Python's logging writes it), so operators' grep patterns and log watchers keep working.
 */
public final class PythonStyleFormatter extends Formatter {
    // java.util.TimeZone, not java.time's ZoneId: see CivilTime for why a balancer run avoids java.time's formatting.
    private final TimeZone zone;

    public PythonStyleFormatter() {
        this(TimeZone.getDefault());
    }

    PythonStyleFormatter(TimeZone zone) {
        this.zone = zone;
    }

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(128);
        long millis = r.getMillis();
        long local = millis + zone.getOffset(millis);
        CivilTime.appendTo(sb, Math.floorDiv(local, 1000)).append(',');
        int ms = (int) Math.floorMod(local, 1000);
        sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        sb.append(" [").append(LogLevels.pythonName(r.getLevel())).append("]: ")
                .append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
            appendFrames(sb, r.getThrown());
        } else if (r.getThrown() != null && r.getLevel().intValue() < Level.INFO.intValue()) {
            sb.append("    ").append(r.getThrown()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** Frames an internal error is logged with: enough to find the bug, bounded in size. */
    static final int MAX_FRAMES = 12;

    /**
     * SEVERE with a Throwable is what the supervisor logs for an internal error: a bug, never bad
     * input (bad input is a typed error, logged as one line). Its first frames, and those of its
     * causes, are what a bug report needs; a message (which may quote input) is printed once, in
     * the line above, as the error's own toString.
     */
    private static void appendFrames(StringBuilder sb, Throwable t) {
        String nl = System.lineSeparator();
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("    caused by ").append(t.getClass().getName()).append(nl);
            }
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                sb.append("        at ").append(frames[i]).append(nl);
            }
            if (frames.length > MAX_FRAMES) {
                sb.append("        ... ").append(frames.length - MAX_FRAMES).append(" more").append(nl);
            }
        }
    }
}
