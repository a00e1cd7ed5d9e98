package net.onionbalance.metrics;

import java.util.List;
import java.util.Map;

/**
 * One metric and its samples, independent of how it is exposed. Names follow Prometheus'
 * conventions: {@code onionbalance_} prefix, base units, counters end in {@code _total}.
 */
record MetricFamily(String name, Type type, String help, List<Sample> samples) {
    enum Type { GAUGE, COUNTER }

    /** Label names and values in the order they are written. */
    record Sample(Map<String, String> labels, double value) {}

    MetricFamily {
        samples = List.copyOf(samples);
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
    }
}
