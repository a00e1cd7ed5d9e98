package net.onionbalance.logging;

import java.time.Instant;
import java.util.logging.Level;

/** One log message as the console's log pane shows it. */
public record LogLine(Instant at, Level level, String message) {
    /** onionbalance's level names: debug, info, warning, error, critical. */
    public String levelName() {
        return LogLevels.pythonName(level);
    }
}
