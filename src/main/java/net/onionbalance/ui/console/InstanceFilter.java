package net.onionbalance.ui.console;

import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.health.HealthStatus;
import net.onionbalance.ring.DescriptorSlot;

import java.util.Locale;
import java.util.Optional;

/**
 * Which instances the pages list: by state ({@code s}) and by the distinct descriptor that carries
 * them ({@code g}). With 60 backends a service's list is longer than an 80x24 terminal, so the
 * operator narrows it to what needs a look (the instances not ok, or one descriptor's backends,
 * i.e. what one fetch HSDir gives its clients).
 */
record InstanceFilter(State state, Optional<Group> group) {
    static final InstanceFilter ALL = new InstanceFilter(State.ALL, Optional.empty());

    /** Instances by what the balancer knows of them (and the health checks' verdict). */
    enum State {
        ALL("all"),
        /** Anything an operator should look at: not ok, or down by the health checks. */
        PROBLEMS("not ok"),
        OK("ok"),
        STALE("stale"),
        MISSING("missing"),
        INVALID("invalid"),
        DOWN("down");

        private final String label;

        State(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        State next() {
            return values()[(ordinal() + 1) % values().length];
        }

        boolean shows(InstanceStatus i) {
            boolean down = i.health().map(h -> h.status() == HealthStatus.DOWN).orElse(false);
            return switch (this) {
                case ALL -> true;
                case PROBLEMS -> i.state() != InstanceState.VALID || down;
                case OK -> i.state() == InstanceState.VALID && !down;
                case STALE -> i.state() == InstanceState.STALE;
                case MISSING -> i.state() == InstanceState.MISSING;
                case INVALID -> i.state() == InstanceState.INVALID;
                case DOWN -> down;
            };
        }
    }

    /** The backends of distinct descriptor {@code number} (from 1, as the service page numbers them) of a slot. */
    record Group(DescriptorSlot slot, int number) {
        String label() {
            return slot.label() + " #" + number;
        }
    }

    boolean isAll() {
        return state == State.ALL && group.isEmpty();
    }

    boolean shows(ServiceStatus s, InstanceStatus i) {
        return state.shows(i) && group.map(g -> inGroup(s, i, g)).orElse(true);
    }

    /** "not ok, first #3"; "all" when nothing is filtered. */
    String label() {
        if (isAll()) {
            return "all";
        }
        String st = state == State.ALL ? "" : state.label();
        String gr = group.map(Group::label).orElse("");
        return (st + (st.isEmpty() || gr.isEmpty() ? "" : ", ") + gr).toLowerCase(Locale.ROOT);
    }

    InstanceFilter nextState() {
        return new InstanceFilter(state.next(), group);
    }

    /**
     * The next distinct descriptor: first #1 .. #n, second #1 .. #m, then none, where n and m are
     * the most distinct descriptors any service has in that slot; none when no service splits.
     */
    InstanceFilter nextGroup(EngineSnapshot snapshot) {
        int first = mostGroups(snapshot, DescriptorSlot.FIRST);
        int second = mostGroups(snapshot, DescriptorSlot.SECOND);
        Optional<Group> next;
        if (group.isEmpty()) {
            next = first > 0 ? Optional.of(new Group(DescriptorSlot.FIRST, 1))
                    : second > 0 ? Optional.of(new Group(DescriptorSlot.SECOND, 1)) : Optional.empty();
        } else {
            Group g = group.get();
            if (g.slot() == DescriptorSlot.FIRST && g.number() < first) {
                next = Optional.of(new Group(DescriptorSlot.FIRST, g.number() + 1));
            } else if (g.slot() == DescriptorSlot.FIRST && second > 0) {
                next = Optional.of(new Group(DescriptorSlot.SECOND, 1));
            } else if (g.slot() == DescriptorSlot.SECOND && g.number() < second) {
                next = Optional.of(new Group(DescriptorSlot.SECOND, g.number() + 1));
            } else {
                next = Optional.empty();
            }
        }
        return new InstanceFilter(state, next);
    }

    static int mostGroups(EngineSnapshot snapshot, DescriptorSlot slot) {
        return snapshot.services().stream().flatMap(s -> s.descriptors().stream()).filter(d -> d.slot() == slot)
                .mapToInt(d -> d.groups().size()).max().orElse(0);
    }

    private static boolean inGroup(ServiceStatus s, InstanceStatus i, Group g) {
        for (DescriptorStatus d : s.descriptors()) {
            if (d.slot() == g.slot() && g.number() <= d.groups().size()) {
                return d.groups().get(g.number() - 1).introPoints().stream().anyMatch(ip -> ip.backend().equals(i.address()));
            }
        }
        return false;
    }
}
