package net.onionbalance.logging;

import java.util.Locale;
import java.util.logging.Level;

/** onionbalance's level names (Python logging) mapped onto java.util.logging. */
public final class LogLevels {
    private LogLevels() {}

    /**
     * @param name debug, info, warning, error or critical (any case), as {@code -v} and
     *             {@code ONIONBALANCE_LOG_LEVEL} take them
     */
    public static Level parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warning", "warn" -> Level.WARNING;
            case "error", "critical" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("unknown log level \"" + name
                    + "\": use debug, info, warning, error or critical");
        };
    }

    public static String pythonName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }
}
