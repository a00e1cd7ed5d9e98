package net.onionbalance.cli;

import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.cli.HsdirsCommand.UserError;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.ControlReplyException;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.TorController;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The network documents {@code onionbalance hsdirs} works from, and where they came from: tor's
 * cached files (offline) or tor's control port (live).
 *
 * @param source for the operator: the files, or the control endpoint and tor version
 */
record HsdirsInput(MicrodescConsensus consensus, Microdescriptors microdescs, String source) {
    /** What tor's GETINFO calls the documents (control-spec §3.9; the consensus key needs tor 0.4.3.1+). */
    static final String CONSENSUS_KEY = "dir/status-vote/current/consensus-microdesc";
    static final String MICRODESCS_KEY = "md/all";

    HsdirsInput {
        Objects.requireNonNull(consensus, "consensus");
        Objects.requireNonNull(microdescs, "microdescs");
        Objects.requireNonNull(source, "source");
    }

    /** Offline: a DataDirectory's cached-microdesc-consensus and cached-microdescs (+ .new). */
    static HsdirsInput fromFiles(Path consensusFile, List<Path> microdescFiles) throws UserError {
        byte[] consensus = read(consensusFile, FileKind.CONSENSUS_FILE);
        byte[][] docs = new byte[microdescFiles.size()][];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = read(microdescFiles.get(i), FileKind.MICRODESCRIPTORS_FILE);
        }
        try {
            return new HsdirsInput(MicrodescConsensus.parse(consensus), Microdescriptors.parse(docs),
                    "files " + consensusFile + ", " + String.join(", ", microdescFiles.stream().map(Path::toString).toList()));
        } catch (NetDocException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * Live: the microdescriptor consensus and every microdescriptor the running tor holds, which is
     * what tor itself builds its HSDir ring from (hs_common.c hs_get_responsible_hsdirs).
     */
    static HsdirsInput fromTor(ControlSettings settings) throws UserError {
        String consensus;
        String microdescs;
        String source;
        try (TorController tor = TorController.open(settings)) {
            source = "tor " + tor.torVersion() + " at " + tor.endpoint();
            try {
                consensus = tor.getInfo(CONSENSUS_KEY);
            } catch (ControlReplyException e) {
                // 551 when tor has no usable consensus yet: say what that means before tor's own words.
                throw new UserError("tor at " + tor.endpoint() + " has no microdescriptor consensus to give (still "
                        + "bootstrapping, or DisableNetwork?): " + e.getMessage());
            }
            microdescs = tor.getInfo(MICRODESCS_KEY);
        } catch (ControlException e) {
            throw new UserError("cannot read the network from tor's control port: " + e.getMessage());
        }
        try {
            return new HsdirsInput(MicrodescConsensus.parse(consensus), Microdescriptors.parse(microdescs), source);
        } catch (NetDocException e) {
            throw new UserError("tor's " + e.getMessage());
        }
    }

    private static byte[] read(Path p, FileKind kind) throws UserError {
        try {
            return BoundedFiles.read(p, kind);
        } catch (BoundedFileException e) {
            throw new UserError(e.getMessage());
        }
    }
}
