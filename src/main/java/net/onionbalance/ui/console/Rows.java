package net.onionbalance.ui.console;

import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows the cursor can be on, in screen order (the instances the filter shows), and moving between them. */
final class Rows {
    private Rows() {}

    static List<RowKey> of(EngineSnapshot snapshot, InstanceFilter filter) {
        List<RowKey> rows = new ArrayList<>();
        for (ServiceStatus s : snapshot.services()) {
            rows.add(RowKey.service(s.masterAddress()));
            for (InstanceStatus i : s.instances()) {
                if (filter.shows(s, i)) {
                    rows.add(RowKey.instance(s.masterAddress(), i.address()));
                }
            }
        }
        return rows;
    }

    /**
     * The cursor made valid for this snapshot: unchanged if its row still exists, its service
     * if the instance went away (e.g. just removed) or the filter hides it, else the first row.
     */
    static Optional<RowKey> resolve(EngineSnapshot snapshot, InstanceFilter filter, Optional<RowKey> cursor) {
        List<RowKey> rows = of(snapshot, filter);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (cursor.isPresent()) {
            if (rows.contains(cursor.get())) {
                return cursor;
            }
            RowKey service = RowKey.service(cursor.get().service());
            if (rows.contains(service)) {
                return Optional.of(service);
            }
        }
        return Optional.of(rows.get(0));
    }

    static Optional<RowKey> move(EngineSnapshot snapshot, InstanceFilter filter, Optional<RowKey> cursor, int delta) {
        List<RowKey> rows = of(snapshot, filter);
        Optional<RowKey> at = resolve(snapshot, filter, cursor);
        if (at.isEmpty()) {
            return at;
        }
        int i = rows.indexOf(at.get()) + delta;
        return Optional.of(rows.get(Math.max(0, Math.min(rows.size() - 1, i))));
    }

    /** The next (or, {@code delta} -1, previous) service's row, wrapping around: Tab with 60 instances a service. */
    static Optional<RowKey> nextService(EngineSnapshot snapshot, Optional<RowKey> cursor, int delta) {
        List<ServiceStatus> services = snapshot.services();
        if (services.isEmpty()) {
            return Optional.empty();
        }
        int at = -1;
        for (int i = 0; i < services.size() && cursor.isPresent(); i++) {
            if (services.get(i).masterAddress().equals(cursor.get().service())) {
                at = i;
            }
        }
        int next = at < 0 ? 0 : Math.floorMod(at + delta, services.size());
        return Optional.of(RowKey.service(services.get(next).masterAddress()));
    }

    static Optional<ServiceStatus> service(EngineSnapshot snapshot, Optional<RowKey> cursor) {
        return cursor.flatMap(k -> snapshot.services().stream()
                .filter(s -> s.masterAddress().equals(k.service())).findFirst());
    }

    static Optional<InstanceStatus> instance(EngineSnapshot snapshot, Optional<RowKey> cursor) {
        return cursor.flatMap(k -> k.instance().flatMap(a -> service(snapshot, cursor)
                .flatMap(s -> s.instances().stream().filter(i -> i.address().equals(a)).findFirst())));
    }
}
