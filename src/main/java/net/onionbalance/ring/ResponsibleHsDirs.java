package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The HSDirs responsible for one blinded key on one ring: per replica, the store and fetch lists.
 * {@link #storeSet()} is, in order, the list tor's hs_get_responsible_hsdirs returns for an upload.
 */
public record ResponsibleHsDirs(Ed25519PublicKey blindedKey, TimePeriod timePeriod, HsDirParams params,
                                List<ReplicaHsDirs> replicas) {
    public ResponsibleHsDirs {
        Objects.requireNonNull(blindedKey, "blindedKey");
        Objects.requireNonNull(timePeriod, "timePeriod");
        Objects.requireNonNull(params, "params");
        replicas = List.copyOf(replicas);
    }

    /** Every HSDir to upload to, replica 1's first, each once. */
    public List<HsDir> storeSet() {
        List<HsDir> all = new ArrayList<>();
        for (ReplicaHsDirs r : replicas) {
            all.addAll(r.store());
        }
        return List.copyOf(all);
    }

    /** Every HSDir a client may fetch from, replica 1's first, each once. */
    public List<HsDir> fetchSet() {
        Set<HsDir> all = new LinkedHashSet<>();
        for (ReplicaHsDirs r : replicas) {
            all.addAll(r.fetch());
        }
        return List.copyOf(all);
    }

    /** The fingerprints for HSPOST SERVER=, in {@link #storeSet()} order. */
    public List<RelayFingerprint> uploadTargets() {
        return storeSet().stream().map(HsDir::fingerprint).toList();
    }

    /**
     * True when every replica found {@code hsdir_spread_store} distinct relays; false on a ring too
     * small for that (a young test network), where tor uploads to fewer.
     */
    public boolean isComplete() {
        return replicas.stream().allMatch(r -> r.store().size() == params.spreadStore());
    }
}
