package net.onionbalance.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP status codes a health check accepts, {@code low..high} inclusive (RFC 9110 §15: 100..599). */
public record HttpStatusRange(int low, int high) {
    /** Success and redirects: what a browser would call "the page answered". */
    public static final HttpStatusRange DEFAULT = new HttpStatusRange(200, 399);
    private static final Pattern FORM = Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");

    public HttpStatusRange {
        if (low < 100 || high > 599 || low > high) {
            throw new IllegalArgumentException("an HTTP status range must lie within 100-599 with low ≤ high, not " + low + "-" + high);
        }
    }

    public boolean contains(int status) {
        return status >= low && status <= high;
    }

    /** {@code 200} or {@code 200-399}. */
    public static HttpStatusRange parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a status such as 200 or a range such as 200-399, found '" + text + "'");
        }
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        return new HttpStatusRange(low, high);
    }

    @Override
    public String toString() {
        return low == high ? String.valueOf(low) : low + "-" + high;
    }
}
