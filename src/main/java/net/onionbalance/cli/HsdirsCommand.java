package net.onionbalance.cli;

import java.time.format.DateTimeParseException;
import net.onionbalance.config.TorControlSettings;
import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.crypto.InvalidOnionAddressException;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.TorNetwork;
import net.onionbalance.tor.ControlSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance hsdirs ADDRESS}: for the first and second descriptor, the time period, SRV,
 * blinded key and the HSDirs tor would upload to and clients fetch from. For debugging "onion
 * site not found". Reads the local tor's consensus and microdescriptors over its control port
 * (the balancer's {@code -i -p -s} flags), or tor's cached files ({@code --consensus}).
 */
@Command(
        name = "hsdirs",
        mixinStandardHelpOptions = true,
        description = {
                "Show the HSDirs responsible for an onion address's first and second descriptor, as tor computes them.",
                "Live (default): from the local tor's control port, found as the balancer finds it "
                        + "(cookie authentication, or the password in $ONIONBALANCE_TOR_CONTROL_PASSWORD).",
                "Offline: from a tor DataDirectory's cached-microdesc-consensus and cached-microdescs "
                        + "(+ cached-microdescs.new)."})
public final class HsdirsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Flags given before the subcommand ({@code onionbalance -p 9151 hsdirs X}) count too; ours win. */
    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The onion address (with or without .onion).")
    String address;

    @Mixin
    ControlPortOptions control = new ControlPortOptions();

    @Option(names = "--consensus", paramLabel = "FILE",
            description = "Offline: tor's cached-microdesc-consensus instead of asking tor.")
    Path consensusFile;

    @Option(names = "--microdescs", paramLabel = "FILE",
            description = "Offline: tor's cached-microdescs; repeat for cached-microdescs.new.")
    List<Path> microdescFiles = new ArrayList<>();

    @Option(names = "--at", paramLabel = "TIME",
            description = "Evaluate at this time (UTC, \"2017-03-10 10:30:00\" or ISO-8601) instead of now; "
                    + "the consensus must be reasonably live then (up to 24 h past valid-until).")
    String at;

    @Option(names = {"--is-testnet"}, description = "tor runs with TestingTorNetwork 1 (time periods of 24 voting intervals).")
    boolean testnet;

    Clock clock = Clock.systemUTC();
    Map<String, String> environment = OnionbalanceEnvironment.system().variables();

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
        Instant now = at == null ? clock.instant() : parseTime(at);
        HsdirsInput input = readNetwork();
        if (!input.consensus().isReasonablyLive(now)) {
            throw new UserError("the consensus (valid-after " + input.consensus().validAfter() + ", valid-until "
                    + input.consensus().validUntil() + ") is not reasonably live at " + now.truncatedTo(ChronoUnit.SECONDS)
                    + ": tor would not use it. Pass --at with a time up to 24 h past valid-until, or a fresher consensus.");
        }
        boolean testNetwork = testnet || (root != null && root.testNetwork);
        NetworkView view;
        try {
            view = NetworkView.of(input.consensus(), input.microdescs(), testNetwork ? TorNetwork.TESTING : TorNetwork.PUBLIC);
        } catch (NetDocException e) {
            throw new UserError(e.getMessage());
        }
        HsdirsReport.print(out, onion, input, view, now, testNetwork);
        return 0;
    }

    private HsdirsInput readNetwork() throws UserError {
        boolean offline = consensusFile != null || !microdescFiles.isEmpty();
        if (!offline) {
            ControlSettings settings;
            try {
                settings = controlSettings();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            return HsdirsInput.fromTor(settings);
        }
        if (consensusFile == null || microdescFiles.isEmpty()) {
            throw new UserError("offline mode needs both --consensus DATADIR/cached-microdesc-consensus and "
                    + "--microdescs DATADIR/cached-microdescs [--microdescs DATADIR/cached-microdescs.new]");
        }
        if (control.anyGiven() || (root != null && root.control.anyGiven())) {
            throw new UserError("-i/-p/-s choose a tor to ask, --consensus/--microdescs read files instead: give one or the other");
        }
        return HsdirsInput.fromFiles(consensusFile, microdescFiles);
    }

    /** As the balancer finds tor (BalancerRun): the socket first when it exists, then TCP. */
    ControlSettings controlSettings() {
        ControlPortOptions flags = root == null ? control : control.or(root.control);
        return flags.settings(TorControlSettings.NONE, environment);
    }

    static Instant parseTime(String s) throws UserError {
        String t = s.strip();
        try {
            if (t.length() == 19 && t.charAt(10) == ' ') {
                return Instant.parse(t.replace(' ', 'T') + "Z");
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
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
