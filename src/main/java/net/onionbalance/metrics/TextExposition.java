package net.onionbalance.metrics;

import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format 0.0.4: {@code # HELP}, {@code # TYPE}, then one line per
 * sample. Written by hand: the Prometheus Java client (core + HTTP exporter 1.10.0) measured
 * 3 MB more peak RSS than this (49.9 against 46.9 MB; 42.6-42.9 MB with metrics off).
 */
final class TextExposition {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private TextExposition() {}

    static String write(List<MetricFamily> families) {
        StringBuilder sb = new StringBuilder(4096);
        for (MetricFamily f : families) {
            // A counter's TYPE line names it without _total in OpenMetrics; in 0.0.4 the full name.
            sb.append("# HELP ").append(f.name()).append(' ');
            escape(sb, f.help(), false);
            sb.append('\n');
            sb.append("# TYPE ").append(f.name()).append(' ').append(f.type() == MetricFamily.Type.COUNTER ? "counter" : "gauge").append('\n');
            for (MetricFamily.Sample s : f.samples()) {
                sb.append(f.name());
                if (!s.labels().isEmpty()) {
                    sb.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        sb.append(l.getKey()).append("=\"");
                        escape(sb, l.getValue(), true);
                        sb.append('"');
                    }
                    sb.append('}');
                }
                sb.append(' ').append(number(s.value())).append('\n');
            }
        }
        return sb.toString();
    }

    /** Whole numbers without ".0" (revision counters are large integers); others as Java writes them. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Backslash and newline in HELP; also the double quote in label values. */
    private static void escape(StringBuilder sb, String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '"' && quote) {
                sb.append("\\\"");
            } else {
                sb.append(c);
            }
        }
    }
}
