package net.onionbalance.logging;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
