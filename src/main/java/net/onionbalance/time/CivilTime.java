package net.onionbalance.time;

/**
 * Proleptic Gregorian date and time of day for epoch seconds: "YYYY-MM-DD HH:MM:SS" as tor's
 * documents (dir-spec §1.2 "valid-after" and router status lines), onionbalance 0.2.x's status
 * JSON and its log lines write them.
 *
 * <p>Why not java.time: a balancer run needs only these two conversions, and DateTimeFormatter,
 * its builder, the chronology and the zone-rules provider that come with it are ~70 classes and a
 * second copy of the time-zone database in a process that must stay within 48 MB (issue 7).
 * The day arithmetic is H. Hinnant's public-domain "days_from_civil" / "civil_from_days".
 */
public final class CivilTime {
    private CivilTime() {}

    /**
     * Epoch seconds of a UTC date and time, or {@code Long.MIN_VALUE} when a field is out of range
     * (month 1-12, a day the month has, hour 0-23, minute and second 0-59: tor never writes a leap second).
     */
    public static long epochSecond(long year, int month, int day, int hour, int minute, int second) {
        if (year < -999_999_999 || year > 999_999_999 || month < 1 || month > 12 || day < 1
                || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        return epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second;
    }

    /** {@code epochSecond} as "YYYY-MM-DD HH:MM:SS" in UTC. */
    public static String format(long epochSecond) {
        return appendTo(new StringBuilder(19), epochSecond).toString();
    }

    /** Appends {@code epochSecond} as "YYYY-MM-DD HH:MM:SS" in UTC (years 0-9999 written with 4 digits). */
    public static StringBuilder appendTo(StringBuilder sb, long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        // civil_from_days: days since 0000-03-01, in 400-year eras of 146,097 days.
        long z = day + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        if (y >= 0 && y < 1000) {
            sb.append(y < 10 ? "000" : y < 100 ? "00" : "0");
        }
        sb.append(y).append('-');
        twoDigits(sb, m).append('-');
        twoDigits(sb, d).append(' ');
        twoDigits(sb, secondOfDay / 3_600).append(':');
        twoDigits(sb, secondOfDay / 60 % 60).append(':');
        return twoDigits(sb, secondOfDay % 60);
    }

    private static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int daysInMonth(long year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    private static StringBuilder twoDigits(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
