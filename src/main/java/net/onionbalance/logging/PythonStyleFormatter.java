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
        if (r.getThrown() != null && r.getLevel().intValue() < Level.INFO.intValue()) {
            sb.append("    ").append(r.getThrown()).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
