package net.onionbalance.logging;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Log lines as onionbalance 0.2.x writes them ({@code 2020-06-16 19:59:28,123 [WARNING]: text}),
 * so operators' grep patterns and log watchers keep working.
 */
public final class PythonStyleFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(TIME.format(r.getInstant())).append(" [").append(LogLevels.pythonName(r.getLevel())).append("]: ")
                .append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null && r.getLevel().intValue() < java.util.logging.Level.INFO.intValue()) {
            sb.append("    ").append(r.getThrown()).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
