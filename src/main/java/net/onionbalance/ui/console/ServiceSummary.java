package net.onionbalance.ui.console;

import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.health.HealthStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One line per service that reads at a glance with 60 backends:
 * "60 instances: 55 ok, 2 stale, 2 missing, 1 invalid, 1 down  descriptors 6+6  each on 1/6 fetch HSDirs".
 * States with no instance are left out; a narrow terminal gets the short words.
 */
final class ServiceSummary {
    private ServiceSummary() {}

    static Line line(ServiceStatus s, String indent, int width) {
        Line wide = build(s, indent, false);
        return wide.text().length() <= width ? wide : build(s, indent, true);
    }

    private static Line build(ServiceStatus s, String indent, boolean narrow) {
        List<Span> spans = new ArrayList<>();
        int n = s.instances().size();
        spans.add(Span.of(indent + n + (narrow ? ":" : n == 1 ? " instance:" : " instances:")));
        Map<InstanceState, Integer> counts = new EnumMap<>(InstanceState.class);
        int down = 0;
        for (InstanceStatus i : s.instances()) {
            counts.merge(i.state(), 1, Integer::sum);
            if (i.health().map(h -> h.status() == HealthStatus.DOWN).orElse(false)) {
                down++;
            }
        }
        String sep = narrow ? " " : ", ";
        boolean first = true;
        for (InstanceState st : List.of(InstanceState.VALID, InstanceState.STALE, InstanceState.MISSING, InstanceState.INVALID)) {
            Integer c = counts.get(st);
            if (c != null) {
                spans.add(Span.of((first ? " " : sep) + c + " " + st.label(), Words.style(st)));
                first = false;
            }
        }
        if (down > 0) {
            spans.add(Span.of((first ? " " : sep) + down + " down", Style.WARN));
        }
        descriptors(s).ifPresent(d -> spans.add(Span.of((narrow ? "  desc " : "  descriptors ") + d)));
        coverage(s, narrow, spans);
        return new Line(spans, java.util.Optional.empty());
    }

    /** "6+6": distinct descriptors per slot (1 when not split), for the slots published so far. */
    private static java.util.Optional<String> descriptors(ServiceStatus s) {
        List<String> per = new ArrayList<>();
        for (DescriptorStatus d : s.descriptors()) {
            if (d.timePeriod().isPresent()) {
                per.add(Integer.toString(Math.max(1, d.groups().size())));
            }
        }
        return per.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("+", per));
    }

    /**
     * "each on 1/6 fetch HSDirs" (per slot, "1-2/6 + 1/6" when they differ), then how many usable
     * instances no fetch HSDir carries (left out: more backends than descriptors hold).
     */
    private static void coverage(ServiceStatus s, boolean narrow, List<Span> spans) {
        List<String> per = new ArrayList<>();
        int leftOut = 0;
        for (DescriptorStatus d : s.descriptors()) {
            if (d.fetchHsDirs() == 0) {
                continue;
            }
            int min = Integer.MAX_VALUE;
            int max = 0;
            int none = 0;
            for (InstanceStatus i : s.instances()) {
                int c = d.fetchCoverage(i.address());
                if (c > 0) {
                    min = Math.min(min, c);
                    max = Math.max(max, c);
                } else if (i.state() == InstanceState.VALID) {
                    none++;
                }
            }
            leftOut = Math.max(leftOut, none);
            per.add(max == 0 ? "0/" + d.fetchHsDirs() : (min == max ? min : min + "-" + max) + "/" + d.fetchHsDirs());
        }
        if (per.isEmpty()) {
            return;
        }
        String text = per.stream().distinct().count() == 1 ? per.get(0) : String.join(" + ", per);
        spans.add(Span.of(narrow ? "  HSDirs " + text : "  each on " + text + " fetch HSDirs"));
        if (leftOut > 0) {
            spans.add(Span.of(narrow ? " (" + leftOut + " out)" : " (" + leftOut + " ok left out)", Style.WARN));
        }
    }
}
