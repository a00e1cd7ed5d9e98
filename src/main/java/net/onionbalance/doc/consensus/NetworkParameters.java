package net.onionbalance.doc.consensus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The consensus {@code params} line (dir-spec §3.4.1): integer parameters by name. Read with
 * {@link #get(String, int, int, int)}, which clamps the way tor's {@code networkstatus_get_param}
 * does, so that a value out of range gives the same answer here as in tor.
 */
public final class NetworkParameters {
    /** rend-spec-v3 §2.2.2 [HASHRING] and tor's hs_common.h: defaults and allowed ranges. */
    public static final String HSDIR_N_REPLICAS = "hsdir_n_replicas";
    public static final String HSDIR_SPREAD_FETCH = "hsdir_spread_fetch";
    public static final String HSDIR_SPREAD_STORE = "hsdir_spread_store";
    /** tor's HS_DEFAULT_HSDIR_N_REPLICAS and HS_DEFAULT_HSDIR_SPREAD_FETCH (hs_common.h). */
    public static final int DEFAULT_HSDIR_N_REPLICAS = 2;
    public static final int DEFAULT_HSDIR_SPREAD_FETCH = 3;
    /**
     * The time-period length in minutes. rend-spec-v3 §2.2.1 writes it {@code hsdir-interval};
     * tor reads the parameter named {@code hsdir_interval}, and so do we.
     */
    public static final String HSDIR_INTERVAL = "hsdir_interval";

    private static final NetworkParameters EMPTY = new NetworkParameters(Map.of());

    private final Map<String, Integer> values;

    public NetworkParameters(Map<String, Integer> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static NetworkParameters empty() {
        return EMPTY;
    }

    /** All parameters as listed, in order. */
    public Map<String, Integer> asMap() {
        return values;
    }

    /** The value, or {@code defaultValue} when absent, clamped to {@code [min, max]}. */
    public int get(String name, int defaultValue, int min, int max) {
        Integer v = values.get(name);
        int r = v == null ? defaultValue : v;
        return Math.max(min, Math.min(max, r));
    }

    /** {@code hsdir_n_replicas}: default 2, range 1–16. */
    public int hsdirNReplicas() {
        return get(HSDIR_N_REPLICAS, DEFAULT_HSDIR_N_REPLICAS, 1, 16);
    }

    /** {@code hsdir_spread_fetch}: default 3, range 1–128. */
    public int hsdirSpreadFetch() {
        return get(HSDIR_SPREAD_FETCH, DEFAULT_HSDIR_SPREAD_FETCH, 1, 128);
    }

    /** {@code hsdir_spread_store}: default 4, range 1–128. */
    public int hsdirSpreadStore() {
        return get(HSDIR_SPREAD_STORE, 4, 1, 128);
    }

    /** {@code hsdir_interval} in minutes: default 1440, range 30–14400 (tor's HS_TIME_PERIOD_LENGTH_*). */
    public int hsdirIntervalMinutes() {
        return get(HSDIR_INTERVAL, 1440, 30, 14400);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkParameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
