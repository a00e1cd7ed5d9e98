package net.onionbalance.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where log lines go: stderr in headless mode (journald picks it up), the console's log pane in
 * console mode (stderr would tear the screen), and optionally a file.
 */
public final class LogSetup {
    public static final String ROOT = "net.onionbalance";

    private final RecentLog recent = new RecentLog(500);
    private final Optional<ReopenableFileHandler> file;

    private LogSetup(Optional<ReopenableFileHandler> file) {
        this.file = file;
    }

    /**
     * @param level  from {@code -v} or {@code ONIONBALANCE_LOG_LEVEL}
     * @param stderr false while the full-screen console owns the terminal
     */
    public static LogSetup configure(Level level, boolean stderr, Optional<Path> logFile) throws IOException {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Logger ours = Logger.getLogger(ROOT);
        ours.setLevel(level);
        Optional<ReopenableFileHandler> fh = Optional.empty();
        if (logFile.isPresent()) {
            fh = Optional.of(new ReopenableFileHandler(logFile.get()));
        }
        LogSetup s = new LogSetup(fh);
        s.recent.setLevel(Level.ALL);
        root.addHandler(s.recent);
        if (stderr) {
            ConsoleHandler ch = new ConsoleHandler();
            ch.setLevel(Level.ALL);
            ch.setFormatter(new PythonStyleFormatter());
            root.addHandler(ch);
        }
        fh.ifPresent(root::addHandler);
        // Libraries stay quiet unless they warn.
        root.setLevel(Level.WARNING);
        return s;
    }

    public RecentLog recent() {
        return recent;
    }

    /** SIGHUP: continue in a fresh log file after logrotate. */
    public void reopen() {
        file.ifPresent(ReopenableFileHandler::reopen);
    }
}
