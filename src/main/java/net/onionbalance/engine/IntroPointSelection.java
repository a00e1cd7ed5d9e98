package net.onionbalance.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which intro points go into one master descriptor.
 *
 * <p>Round robin across the usable backends: one intro point from each, then a second from each,
 * until every backend gave {@code perBackend} or the descriptor is full. Unlike onionbalance 0.2.x
 * this never exceeds {@code max} (tor clients reject a descriptor with more than 20 intro points,
 * rend-spec-v3 §2.5.4 [NUM_INTRO_POINT]: with 12 backends the Python tool published 24 and the
 * whole service went dark). A backend with fewer intro points than its share lets the others fill
 * the gap, as the Python tool does.
 *
 * @param chosen   the intro points, in the order chosen, each with the backend it came from
 * @param leftOut  backends that had usable intro points but got none in (the descriptor was full)
 */
public record IntroPointSelection<B, I>(List<Chosen<B, I>> chosen, List<B> leftOut) {
    /** One chosen intro point and its backend. */
    public record Chosen<B, I>(B backend, I introPoint) {}

    public IntroPointSelection {
        chosen = List.copyOf(chosen);
        leftOut = List.copyOf(leftOut);
    }

    public List<I> introPoints() {
        return chosen.stream().map(Chosen::introPoint).toList();
    }

    /**
     * @param available  per backend, in a stable order (config order), its intro points
     * @param perBackend wanted per backend (onionbalance's N_INTROS_PER_INSTANCE, default 2)
     * @param max        at most this many in all (20)
     */
    public static <B, I> IntroPointSelection<B, I> choose(Map<B, List<I>> available, int perBackend, int max) {
        if (perBackend < 1 || max < 1) {
            throw new IllegalArgumentException("perBackend and max must be positive");
        }
        Map<B, List<I>> usable = new LinkedHashMap<>();
        available.forEach((b, ips) -> {
            if (!ips.isEmpty()) {
                usable.put(b, ips);
            }
        });
        int wanted = Math.min(max, perBackend * usable.size());
        List<Chosen<B, I>> chosen = new ArrayList<>();
        Map<B, Integer> taken = new LinkedHashMap<>();
        for (int round = 0; chosen.size() < wanted; round++) {
            boolean any = false;
            for (var e : usable.entrySet()) {
                if (chosen.size() >= wanted) {
                    break;
                }
                if (round < e.getValue().size()) {
                    chosen.add(new Chosen<>(e.getKey(), e.getValue().get(round)));
                    taken.merge(e.getKey(), 1, Integer::sum);
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        List<B> leftOut = usable.keySet().stream().filter(b -> !taken.containsKey(b)).toList();
        return new IntroPointSelection<>(chosen, leftOut);
    }
}
