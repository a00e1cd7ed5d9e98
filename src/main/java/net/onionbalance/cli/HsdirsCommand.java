package net.onionbalance.cli;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.InvalidOnionAddressException;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.ReplicaHsDirs;
import net.onionbalance.ring.ResponsibleHsDirs;
import net.onionbalance.ring.SlotTiming;
import net.onionbalance.ring.TorNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance hsdirs ADDRESS}: for the first and second descriptor, the time period, SRV,
 * blinded key and the HSDirs tor would upload to and clients fetch from. For debugging "onion
 * site not found". Reads tor's cached files (offline mode).
 */
@Command(
        name = "hsdirs",
        mixinStandardHelpOptions = true,
        description = {
                "Show the HSDirs responsible for an onion address's first and second descriptor, as tor computes them.",
                "Offline: from a tor DataDirectory's cached-microdesc-consensus and cached-microdescs "
                        + "(+ cached-microdescs.new)."})
public final class HsdirsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The onion address (with or without .onion).")
    String address;

    @Option(names = "--consensus", paramLabel = "FILE", description = "tor's cached-microdesc-consensus.")
    Path consensusFile;

    @Option(names = "--microdescs", paramLabel = "FILE",
            description = "tor's cached-microdescs; repeat for cached-microdescs.new.")
    List<Path> microdescFiles = new ArrayList<>();

    @Option(names = "--at", paramLabel = "TIME",
            description = "Evaluate at this time (UTC, \"2017-03-10 10:30:00\" or ISO-8601) instead of now; "
                    + "the consensus must be reasonably live then (up to 24 h past valid-until).")
    String at;

    @Option(names = {"--is-testnet"}, description = "tor runs with TestingTorNetwork 1 (time periods of 24 voting intervals).")
    boolean testnet;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out);
        } catch (UserError e) {
            err.println("onionbalance hsdirs: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            out.flush();
        }
    }

    private int run(PrintWriter out) throws UserError {
        OnionAddress onion;
        try {
            onion = OnionAddress.parse(address);
        } catch (InvalidOnionAddressException e) {
            throw new UserError(e.getMessage());
        }
        if (consensusFile == null || microdescFiles.isEmpty()) {
            throw new UserError("reading the network from tor's control port is not available yet: pass "
                    + "--consensus DATADIR/cached-microdesc-consensus --microdescs DATADIR/cached-microdescs "
                    + "[--microdescs DATADIR/cached-microdescs.new]");
        }
        Instant now = at == null ? clock.instant() : parseTime(at);
        MicrodescConsensus consensus;
        Microdescriptors mds;
        try {
            consensus = MicrodescConsensus.parse(read(consensusFile));
            byte[][] docs = new byte[microdescFiles.size()][];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = read(microdescFiles.get(i));
            }
            mds = Microdescriptors.parse(docs);
        } catch (NetDocException e) {
            throw new UserError(e.getMessage());
        }
        if (!consensus.isReasonablyLive(now)) {
            throw new UserError("the consensus (valid-after " + consensus.validAfter() + ", valid-until "
                    + consensus.validUntil() + ") is not reasonably live at " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ": tor would not use it. Pass --at with a time up to 24 h past valid-until, or a fresher consensus.");
        }
        NetworkView view;
        try {
            view = NetworkView.of(consensus, mds, testnet ? TorNetwork.TESTING : TorNetwork.PUBLIC);
        } catch (NetDocException e) {
            throw new UserError(e.getMessage());
        }

        out.println("address:    " + onion.withOnionSuffix());
        out.println("consensus:  valid-after " + consensus.validAfter() + ", valid-until " + consensus.validUntil()
                + ", " + consensus.routers().size() + " routers, evaluated at " + now);
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
            out.println(slot.label() + " descriptor");
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
        return 0;
    }

    private static String row(String store, String fetch, HsDir d) {
        return String.format("    %-6s %-6s %s  %s", store, fetch, d.fingerprint().hex(), d.nickname());
    }

    private static byte[] read(Path p) throws UserError {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + p);
        } catch (IOException e) {
            throw new UserError("cannot read " + p + ": " + e.getMessage());
        }
    }

    static Instant parseTime(String s) throws UserError {
        String t = s.strip();
        try {
            if (t.length() == 19 && t.charAt(10) == ' ') {
                return Instant.parse(t.replace(' ', 'T') + "Z");
            }
            return Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new UserError("--at: expected a UTC time like \"2017-03-10 10:30:00\" or \"2017-03-10T10:30:00Z\", got \"" + s + "\"");
        }
    }

    /** A problem the operator can fix; printed as one line, exit status 1. */
    static final class UserError extends Exception {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }
}
