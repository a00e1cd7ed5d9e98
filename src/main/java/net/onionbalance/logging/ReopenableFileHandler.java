package net.onionbalance.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Appends log lines to a file (the Debian unit's {@code /var/log/onionbalance/log}) and reopens
 * it on request, so logrotate can move the file away and send SIGHUP without losing lines.
 */
public final class ReopenableFileHandler extends Handler {
    private final Path path;
    private Writer out;

    public ReopenableFileHandler(Path path) throws IOException {
        this.path = path;
        setFormatter(new PythonStyleFormatter());
        open();
    }

    private void open() throws IOException {
        OutputStream os = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        out = new OutputStreamWriter(os, StandardCharsets.UTF_8);
    }

    /** After logrotate renamed the file: continue in a fresh file at the same path. */
    public synchronized void reopen() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the old file is gone from our view either way
        }
        try {
            open();
        } catch (IOException e) {
            reportError("cannot reopen log file " + path + ": " + e.getMessage(), e, ErrorManager.OPEN_FAILURE);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        try {
            out.write(getFormatter().format(r));
            out.flush();
        } catch (IOException e) {
            reportError("cannot write log file " + path, e, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // reported on next write
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
