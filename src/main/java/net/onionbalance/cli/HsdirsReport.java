package net.onionbalance.cli;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.ReplicaHsDirs;
import net.onionbalance.ring.ResponsibleHsDirs;
import net.onionbalance.ring.SlotTiming;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The text {@code onionbalance hsdirs} prints, the same whether the network came from files or
 * from tor: per descriptor slot the time period, SRV, blinded key, and per replica the HSDirs with
 * their store and fetch positions.
 */
final class HsdirsReport {
    private HsdirsReport() {
    }

    static void print(PrintWriter out, OnionAddress onion, HsdirsInput input, NetworkView view, Instant now, boolean testnet) {
        MicrodescConsensus consensus = input.consensus();
        out.println("address:    " + onion.withOnionSuffix());
        out.println("source:     " + input.source());
        out.println("consensus:  valid-after " + consensus.validAfter() + ", valid-until " + consensus.validUntil()
                + ", " + consensus.routerCount() + " routers, evaluated at " + now.truncatedTo(ChronoUnit.SECONDS));
        out.println("network:    " + (testnet ? "test network (TestingTorNetwork 1)" : "public")
                + ", voting interval " + view.slots().votingInterval().getSeconds() + " s, "
                + (view.slots().betweenNewTimePeriodAndNewSrv()
                ? "between a new time period and the next SRV" : "after a new SRV, before the next time period"));
        out.println("HSDirs:     " + view.hsDirs());
        out.println("parameters: hsdir_n_replicas=" + view.params().nReplicas() + " hsdir_spread_store="
                + view.params().spreadStore() + " hsdir_spread_fetch=" + view.params().spreadFetch());
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            SlotTiming t = view.slots().get(slot);
            Ed25519PublicKey blinded = view.blindedKey(slot, onion);
            ResponsibleHsDirs r = view.responsibleHsDirs(slot, blinded);
            out.println();
            out.println(slot.label() + " descriptor"
                    + (t.timePeriod().equals(view.slots().currentTimePeriod()) ? " (the one clients fetch now)" : ""));
            out.println("  time period: " + t.timePeriod().number() + " (" + t.timePeriod().start() + " .. "
                    + t.timePeriod().end() + ", " + t.timePeriod().lengthMinutes() + " min)");
            out.println("  SRV:         " + t.srvBase64() + " (" + t.srvSource().description() + ")");
            out.println("  blinded key: " + blinded.base64());
            if (!r.isComplete()) {
                out.println("  warning:     the ring has too few eligible HSDirs; tor uploads to only "
                        + r.storeSet().size() + " of " + view.params().nReplicas() * view.params().spreadStore());
            }
            for (ReplicaHsDirs rep : r.replicas()) {
                out.println("  replica " + rep.replica() + " (hs_index " + rep.hsIndexHex() + ")");
                out.println("    store  fetch  fingerprint                               nickname");
                for (int i = 0; i < rep.store().size(); i++) {
                    HsDir d = rep.store().get(i);
                    int f = rep.fetchPosition(d);
                    out.println(row(String.valueOf(i + 1), f == 0 ? "-" : String.valueOf(f), d));
                }
                for (HsDir d : rep.fetch()) {
                    if (!rep.store().contains(d)) {
                        // A relay replica 1 took for storing but not for fetching can shift replica 2's fetch list.
                        out.println(row("-", String.valueOf(rep.fetchPosition(d)), d));
                    }
                }
            }
        }
    }

    private static String row(String store, String fetch, HsDir d) {
        return String.format("    %-6s %-6s %s  %s", store, fetch, d.fingerprint().hex(), d.nickname());
    }
}
