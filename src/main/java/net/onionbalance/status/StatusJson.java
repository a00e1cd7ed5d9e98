package net.onionbalance.status;

import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.TorCondition;
import net.onionbalance.engine.snapshot.InternalErrors;
import net.onionbalance.engine.snapshot.OtherPublisher;
import net.onionbalance.engine.snapshot.SelfHealStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.time.CivilTime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status-socket document, byte for byte as onionbalance 0.2.x writes it
 * ({@code onionbalance/hs_v3/status.py}): Python's {@code json.dumps(..., sort_keys=True)}, so
 * keys sorted, {@code ", "} and {@code ": "} separators, non-ASCII escaped, no trailing newline;
 * timestamps {@code %Y-%m-%d %H:%M:%S} in UTC, {@code null} where absent. EOTK's
 * {@code ob-status} and {@code socat - unix-connect:…} users parse exactly this.
 *
 * <p>One addition, present only after the supervisor caught an internal error (so a healthy
 * balancer's document stays exactly Python's): {@code "internalErrors": {"count": N, "last":
 * "...", "lastAt": "..."}} ({@link InternalErrors}). Readers of the Python document ignore keys
 * they do not know. Likewise, only for a service published from an offline key bundle:
 * {@code "keyBundle": {"gaps": ["AFTER_BUNDLE 20431"], "signsUntil": "..."}} (when it runs out;
 * the kind and period of each slot it cannot sign now).
 */
public final class StatusJson {
    private StatusJson() {}

    public static String render(EngineSnapshot snapshot) {
        var services = snapshot.services().stream().map(StatusJson::service).toList();
        Map<String, Object> root = new TreeMap<>();
        root.put("services", services);
        InternalErrors e = snapshot.internalErrors();
        if (e.count() > 0) {
            Map<String, Object> m = new TreeMap<>();
            m.put("count", e.count());
            m.put("last", e.last().orElse(null));
            m.put("lastAt", time(e.lastAt()));
            root.put("internalErrors", m);
        }
        selfHeal(snapshot).ifPresent(m -> root.put("selfHeal", m));
        return write(root);
    }

    /**
     * What the balancer did to heal itself, present only once it did something or tor is not healthy
     * (so a healthy balancer's document stays Python's): the watchdog's judgement of tor, HSDir
     * repairs, and other obhosts found publishing a service. Enum values in lower case, as in metrics.
     */
    private static Optional<Map<String, Object>> selfHeal(EngineSnapshot snapshot) {
        SelfHealStatus h = snapshot.selfHeal();
        Map<String, Object> m = new TreeMap<>();
        if (h.watchdog().condition() != TorCondition.HEALTHY || !h.watchdog().steps().isEmpty()) {
            Map<String, Object> w = new TreeMap<>();
            w.put("torCondition", lower(h.watchdog().condition()));
            w.put("since", time(Optional.of(h.watchdog().since())));
            w.put("lastStep", h.watchdog().lastStep().map(StatusJson::lower).orElse(null));
            Map<String, Object> steps = new TreeMap<>();
            h.watchdog().steps().forEach((k, v) -> steps.put(lower(k), v));
            w.put("steps", steps);
            m.put("watchdog", w);
        }
        if (!h.hsDirRepairs().isEmpty()) {
            Map<String, Object> r = new TreeMap<>();
            h.hsDirRepairs().forEach((k, v) -> r.put(lower(k), v));
            m.put("hsdirRepairs", r);
        }
        List<Object> others = new java.util.ArrayList<>();
        for (ServiceStatus svc : snapshot.services()) {
            for (DescriptorStatus d : svc.descriptors()) {
                for (OtherPublisher o : d.otherPublishers()) {
                    Map<String, Object> x = new TreeMap<>();
                    x.put("onionAddress", svc.masterAddress().withOnionSuffix());
                    x.put("slot", d.slot().label());
                    x.put("hsdir", o.hsDir().toString());
                    x.put("revision", o.revisionCounter());
                    x.put("seen", time(Optional.of(o.seen())));
                    x.put("onlyTheirs", o.onlyTheirs().stream().map(a -> a.withOnionSuffix()).toList());
                    x.put("onlyOurs", o.onlyOurs().stream().map(a -> a.withOnionSuffix()).toList());
                    x.put("unknownIntroPoints", o.unknownIntroPoints().isPresent() ? o.unknownIntroPoints().getAsInt() : null);
                    others.add(x);
                }
            }
        }
        if (!others.isEmpty()) {
            m.put("otherPublishers", others);
        }
        return m.isEmpty() ? Optional.empty() : Optional.of(m);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Object> service(ServiceStatus s) {
        Map<String, Object> m = new TreeMap<>();
        // The Python tool writes stem's address_from_identity_key(), which carries ".onion".
        m.put("onionAddress", s.masterAddress().withOnionSuffix());
        m.put("publishAttemptFirstDescriptor", attempt(s, 0));
        m.put("publishAttemptSecondDescriptor", attempt(s, 1));
        m.put("instances", s.instances().stream().map(StatusJson::instance).toList());
        s.keyBundle().ifPresent(k -> {
            Map<String, Object> b = new TreeMap<>();
            b.put("signsUntil", CivilTime.format(k.signsUntil().getEpochSecond()));
            b.put("gaps", k.gaps().stream().map(g -> (Object) (g.kind().name() + " " + g.wanted().number())).toList());
            m.put("keyBundle", b);
        });
        return m;
    }

    private static String attempt(ServiceStatus s, int index) {
        if (s.descriptors().size() <= index) {
            return null;
        }
        DescriptorStatus d = s.descriptors().get(index);
        return time(d.lastPublishAttempt());
    }

    private static Map<String, Object> instance(InstanceStatus i) {
        Map<String, Object> m = new TreeMap<>();
        m.put("onionAddress", i.address().withOnionSuffix());
        if (i.introSetModified().isEmpty()) {
            // The Python tool's shape for an instance it has no descriptor for: note "received".
            m.put("received", time(i.descriptorReceived()));
        } else {
            m.put("introSetModified", time(i.introSetModified()));
            m.put("introPointsNum", i.introPointCount());
            m.put("descriptorReceived", time(i.descriptorReceived()));
        }
        return m;
    }

    private static String time(Optional<Instant> t) {
        return t.map(i -> CivilTime.format(i.getEpochSecond())).orElse(null);
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (var e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                string(sb, (String) e.getKey());
                sb.append(": ");
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
        }
    }

    /** Python's json.dumps string escaping with ensure_ascii=True. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
