package net.onionbalance.logging;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonStyleFormatterTest {
    @Test
    void writesLocalTimeWithMillisecondsAsPythonLoggingDoes() {
        // 2024-03-31 01:00 UTC is when Berlin moves to summer time; the others are ordinary and edge milliseconds.
        long[] millis = {1_711_846_799_999L, 1_711_846_800_000L, 1_592_337_568_123L, 0L, 1_700_000_000_007L, 1_730_000_000_050L};
        for (String id : new String[] {"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"}) {
            var f = new PythonStyleFormatter(TimeZone.getTimeZone(id));
            var expected = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneId.of(id));
            for (long m : millis) {
                LogRecord r = new LogRecord(Level.WARNING, "Published {0}");
                r.setParameters(new Object[] {"x"});
                r.setInstant(Instant.ofEpochMilli(m));
                assertEquals(expected.format(Instant.ofEpochMilli(m)) + " [WARNING]: Published x" + System.lineSeparator(),
                        f.format(r), id + " " + m);
            }
        }
    }

    @Test
    void anInternalErrorCarriesItsFirstFramesAndCausesForABugReport() {
        var f = new PythonStyleFormatter(TimeZone.getTimeZone("UTC"));
        IllegalStateException bug = new IllegalStateException("boom", new UnsupportedOperationException());
        LogRecord severe = new LogRecord(Level.SEVERE, "internal error during tick: " + bug);
        severe.setThrown(bug);
        String[] lines = f.format(severe).split(System.lineSeparator());
        assertTrue(lines[0].endsWith("[ERROR]: internal error during tick: java.lang.IllegalStateException: boom"), lines[0]);
        assertTrue(lines[1].startsWith("        at net.onionbalance.logging.PythonStyleFormatterTest."), lines[1]);
        assertTrue(java.util.Arrays.stream(lines).anyMatch(l -> l.equals("    caused by java.lang.UnsupportedOperationException")),
                String.join("\n", lines));
        assertTrue(lines.length <= 2 * (PythonStyleFormatter.MAX_FRAMES + 2), "bounded: " + lines.length);

        LogRecord warning = new LogRecord(Level.WARNING, "backend descriptor refused");
        warning.setThrown(bug);
        assertEquals(1, f.format(warning).split(System.lineSeparator()).length, "a typed refusal stays one line");
    }
}
