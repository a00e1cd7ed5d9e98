package net.onionbalance.ui.console;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.snapshot.DescriptorGroup;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which distinct descriptors carry each backend, numbered from 1 in the order the snapshot lists
 * them (as the service page and the {@code g} filter number them). Built once per service and
 * frame: 120 backends look their numbers up without walking every descriptor's intro points.
 */
final class GroupNumbers {
    private final List<Map<OnionAddress, List<Integer>>> bySlot = new ArrayList<>();
    private final boolean split;

    GroupNumbers(ServiceStatus s) {
        boolean any = false;
        for (DescriptorStatus d : s.descriptors()) {
            Map<OnionAddress, List<Integer>> m = new HashMap<>();
            int n = 0;
            for (DescriptorGroup g : d.groups()) {
                n++;
                for (IntroPointOrigin ip : g.introPoints()) {
                    List<Integer> numbers = m.computeIfAbsent(ip.backend(), k -> new ArrayList<>(2));
                    if (numbers.isEmpty() || numbers.get(numbers.size() - 1) != n) {
                        numbers.add(n);
                    }
                }
            }
            any |= !d.groups().isEmpty();
            bySlot.add(m);
        }
        this.split = any;
    }

    /** Whether any slot of the service has more than one descriptor. */
    boolean split() {
        return split;
    }

    /**
     * "3/5": in descriptor #3 of the first slot and #5 of the second; "x5/x4" when in 5 and 4 of
     * them (fewer backends than descriptors), "-" in none (left out, or not usable).
     */
    String of(OnionAddress backend) {
        return bySlot.stream().map(m -> {
            List<Integer> n = m.getOrDefault(backend, List.of());
            return n.isEmpty() ? "-" : n.size() == 1 ? n.get(0).toString() : "x" + n.size();
        }).collect(Collectors.joining("/"));
    }
}
