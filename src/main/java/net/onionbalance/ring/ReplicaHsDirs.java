package net.onionbalance.ring;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The HSDirs of one replica: where a service uploads ({@code store}: the next
 * {@code hsdir_spread_store} relays after hs_index) and where clients fetch ({@code fetch}: the
 * next {@code hsdir_spread_fetch}). Relays already taken by an earlier replica are skipped, as in
 * tor, so the fetch list of replica 2 is not always a prefix of its store list.
 */
public record ReplicaHsDirs(int replica, byte[] hsIndex, List<HsDir> store, List<HsDir> fetch) {
    public ReplicaHsDirs {
        if (replica < 1) {
            throw new IllegalArgumentException("replicas are numbered from 1");
        }
        hsIndex = hsIndex.clone();
        store = List.copyOf(store);
        fetch = List.copyOf(fetch);
    }

    @Override
    public byte[] hsIndex() {
        return hsIndex.clone();
    }

    public String hsIndexHex() {
        return HexFormat.of().formatHex(hsIndex);
    }

    /** 1-based position of {@code dir} among this replica's fetch HSDirs, or 0 when clients do not ask it. */
    public int fetchPosition(HsDir dir) {
        return fetch.indexOf(dir) + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaHsDirs r && r.replica == replica && Arrays.equals(r.hsIndex, hsIndex)
                && r.store.equals(store) && r.fetch.equals(fetch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(replica, Arrays.hashCode(hsIndex), store, fetch);
    }

    @Override
    public String toString() {
        return "replica " + replica + " at " + hsIndexHex() + ": store " + store + ", fetch " + fetch;
    }
}
