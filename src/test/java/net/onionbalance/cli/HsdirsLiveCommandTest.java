package net.onionbalance.cli;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.ring.TorUploadOracle;
import net.onionbalance.ring.TorUploadOracle.DescriptorUpload;
import net.onionbalance.testsupport.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code onionbalance hsdirs ADDRESS} in live mode, pointed with the balancer's flags at a backend's
 * tor on the private network: for each descriptor it prints the HSDirs, in store order, that this
 * very tor named in its HS_DESC UPLOAD events (the oracle in ring/TorUploadOracle).
 */
class HsdirsLiveCommandTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.shared(2);

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(new String[0]));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listsTheHsDirsEachBackendsTorUploadedTo() throws Exception {
        for (TestNetwork.Backend b : NET.backends()) {
            TorUploadOracle.Observation oracle = TorUploadOracle.observe(NET, b.index());
            // -s names a socket that does not exist, so a system tor's /var/run/tor/control is never used.
            Result r = run(List.of("hsdirs", b.onion(), "--is-testnet", "-i", NET.host(), "-p",
                    Integer.toString(b.controlPort()), "-s", tmp.resolve("no-system-tor").toString()));
            assertEquals(0, r.code(), r.err());
            if (b.index() == 1) {
                System.err.println("[hsdirs-live] output for backend1:\n" + r.out());
            }
            assertTrue(r.out().contains("source:     tor "), r.out());
            assertTrue(r.out().contains("test network (TestingTorNetwork 1), voting interval "
                    + NET.votingInterval().toSeconds() + " s"), r.out());

            Map<String, List<RelayFingerprint>> printed = storeListsByBlindedKey(r.out());
            assertEquals(2, printed.size(), r.out());
            int compared = 0;
            for (var e : printed.entrySet()) {
                DescriptorUpload tor = oracle.uploads().get(e.getKey());
                if (tor == null) {
                    // The network moved to a new time period or SRV since the oracle watched the uploads.
                    System.err.println("[hsdirs-live] backend" + b.index() + ": descriptor " + e.getKey()
                            + " is newer than the observed uploads; not compared");
                    continue;
                }
                assertEquals(tor.hsDirs(), e.getValue(), "backend" + b.index() + " descriptor " + e.getKey()
                        + ": printed store HSDirs vs tor's uploads\n" + r.out());
                compared++;
            }
            assertTrue(compared >= 1, "no printed descriptor matches what tor uploaded: " + oracle.uploads().keySet()
                    + "\n" + r.out());
            System.err.println("[hsdirs-live] backend" + b.index() + ": " + compared
                    + " descriptor(s) printed with exactly the HSDirs tor uploaded to, in order");
        }
    }

    @Test
    void controlPortFlagsBeforeTheSubcommandWorkToo() {
        TestNetwork.Backend b = NET.backend(1);
        List<String> flags = List.of("-i", NET.host(), "-p", Integer.toString(b.controlPort()),
                "-s", tmp.resolve("no-system-tor").toString());
        List<String> before = new ArrayList<>(flags);
        before.addAll(List.of("--is-testnet", "hsdirs", b.address()));
        List<String> after = new ArrayList<>(List.of("hsdirs", b.address(), "--is-testnet"));
        after.addAll(flags);

        Result viaRoot = run(before);
        Result viaSub = run(after);
        assertEquals(0, viaRoot.code(), viaRoot.err());
        assertEquals(0, viaSub.code(), viaSub.err());
        assertTrue(viaRoot.out().contains("test network (TestingTorNetwork 1)"), viaRoot.out());
        Map<String, List<RelayFingerprint>> a = storeListsByBlindedKey(viaRoot.out());
        Map<String, List<RelayFingerprint>> c = storeListsByBlindedKey(viaSub.out());
        // Both read the same tor; only a new consensus between the two runs could change a slot.
        a.keySet().retainAll(c.keySet());
        assertTrue(!a.isEmpty(), viaRoot.out() + "\n" + viaSub.out());
        a.forEach((k, v) -> assertEquals(c.get(k), v, k));
    }

    /** From the report: per "blinded key:" line, the fingerprints of the rows with a store position, in order. */
    static Map<String, List<RelayFingerprint>> storeListsByBlindedKey(String report) {
        Map<String, List<RelayFingerprint>> out = new LinkedHashMap<>();
        List<RelayFingerprint> current = null;
        for (String line : report.split("\n")) {
            String t = line.strip();
            if (t.startsWith("blinded key: ")) {
                String key = t.substring("blinded key: ".length()).strip();
                Ed25519PublicKey.fromBase64(key); // a well-formed key, or the report is broken
                current = new ArrayList<>();
                out.put(key, current);
            } else if (current != null && line.startsWith("    ") && !t.startsWith("store")) {
                String[] cols = t.split("\\s+");
                if (!cols[0].equals("-")) {
                    current.add(RelayFingerprint.parse(cols[2]));
                }
            }
        }
        return out;
    }
}
