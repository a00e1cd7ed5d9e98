package net.onionbalance.time;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CivilTimeTest {
    private static final DateTimeFormatter JAVA_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    @Test
    void formatsAsJavaTimeDoesAcrossTenThousandYears() {
        SplittableRandom r = new SplittableRandom(7);
        long[] fixed = {0, -1, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 1_483_228_800 /* 2017-01-01 */,
                4_107_542_399L /* 2100-02-28 23:59:59 */, 4_107_542_400L, -62_167_219_200L /* 0000-01-01 */,
                253_402_300_799L /* 9999-12-31 23:59:59 */};
        for (long t : fixed) {
            assertEquals(LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC).format(JAVA_TIME), CivilTime.format(t), "t=" + t);
        }
        for (int i = 0; i < 200_000; i++) {
            long t = r.nextLong(-62_167_219_200L, 253_402_300_800L);
            assertEquals(LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC).format(JAVA_TIME), CivilTime.format(t), "t=" + t);
        }
    }

    @Test
    void readsWhatItWrites() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            long t = r.nextLong(-62_167_219_200L, 253_402_300_800L);
            LocalDateTime dt = LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC);
            assertEquals(t, CivilTime.epochSecond(dt.getYear(), dt.getMonthValue(), dt.getDayOfMonth(), dt.getHour(),
                    dt.getMinute(), dt.getSecond()), dt.toString());
        }
    }

    @Test
    void refusesWhatACalendarDoesNotHave() {
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2023, 2, 29, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(1900, 2, 29, 0, 0, 0));
        assertEquals(951_782_400L, CivilTime.epochSecond(2000, 2, 29, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 4, 31, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 13, 1, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 0, 1, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 1, 0, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 1, 1, 24, 0, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 1, 1, 0, 60, 0));
        assertEquals(Long.MIN_VALUE, CivilTime.epochSecond(2024, 1, 1, 0, 0, 60));
    }
}
