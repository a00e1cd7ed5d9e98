package net.onionbalance.cli;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ring.HsDir;
import net.onionbalance.ring.NetworkView;
import net.onionbalance.ring.TorNetwork;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HsdirsCommandTest {
    private static final String ADDRESS = "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad.onion";

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String consensus() {
        return SharedVectors.file("netdoc/real_2017-03-10_cached-microdesc-consensus.txt").toString();
    }

    private static String microdescs() {
        return SharedVectors.file("netdoc/real_2017-03-10_microdescs.txt").toString();
    }

    @Test
    void printsBothSlotsWithTheHsDirsTheRingComputes() throws Exception {
        Result r = run("hsdirs", ADDRESS, "--consensus", consensus(), "--microdescs", microdescs(), "--at", "2017-03-10 10:30:00");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("first descriptor"), r.out());
        assertTrue(r.out().contains("second descriptor"), r.out());
        assertTrue(r.out().contains("time period: 17234"), r.out());
        assertTrue(r.out().contains("shared-rand-previous-value"), r.out());
        assertTrue(r.out().contains("time period: 17235"), r.out());

        NetworkView view = NetworkView.of(MicrodescConsensus.parse(Files.readAllBytes(Path.of(consensus()))),
                Microdescriptors.parse(Files.readAllBytes(Path.of(microdescs()))), TorNetwork.PUBLIC);
        OnionAddress a = OnionAddress.parse(ADDRESS);
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            assertTrue(r.out().contains(view.blindedKey(slot, a).base64()), slot.toString());
            for (HsDir d : view.responsibleHsDirs(slot, a).storeSet()) {
                assertTrue(r.out().contains(d.fingerprint().hex() + "  " + d.nickname()), d.toString());
            }
        }
    }

    @Test
    void liveModeWithoutATorSaysWhereItLooked(@TempDir Path tmp) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path noSocket = tmp.resolve("no-such-control-socket");
        Result r = run("hsdirs", ADDRESS, "-i", "127.0.0.1", "-p", Integer.toString(closedPort), "-s", noSocket.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith("onionbalance hsdirs: cannot read the network from tor's control port"), r.err());
        assertTrue(r.err().contains("127.0.0.1:" + closedPort), r.err());
        assertEquals("", r.out());

        Result badPort = run("hsdirs", ADDRESS, "-p", "0", "-s", noSocket.toString());
        assertEquals(1, badPort.code());
        assertTrue(badPort.err().startsWith("onionbalance hsdirs: ") && badPort.err().contains("1-65535"), badPort.err());
    }

    @Test
    void aStaleConsensusIsRefusedWithAHint() {
        Result r = run("hsdirs", ADDRESS, "--consensus", consensus(), "--microdescs", microdescs(), "--at", "2017-03-11T13:00:01Z");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not reasonably live") && r.err().contains("--at"), r.err());
    }

    @Test
    void operatorMistakesAreOneLineErrors() {
        Result badAddress = run("hsdirs", "notanonion", "--consensus", consensus(), "--microdescs", microdescs());
        assertEquals(1, badAddress.code());
        assertTrue(badAddress.err().startsWith("onionbalance hsdirs: "), badAddress.err());

        Result halfOffline = run("hsdirs", ADDRESS, "--microdescs", microdescs());
        assertEquals(1, halfOffline.code());
        assertTrue(halfOffline.err().contains("--consensus"), halfOffline.err());

        Result both = run("hsdirs", ADDRESS, "--consensus", consensus(), "--microdescs", microdescs(), "-p", "9051");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("one or the other"), both.err());

        Result missing = run("hsdirs", ADDRESS, "--consensus", "/nonexistent/cached-microdesc-consensus", "--microdescs", microdescs());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("consensus file /nonexistent/cached-microdesc-consensus does not exist"), missing.err());

        Result swapped = run("hsdirs", ADDRESS, "--consensus", microdescs(), "--microdescs", consensus());
        assertEquals(1, swapped.code());
        assertTrue(swapped.err().contains("network-status-version"), swapped.err());

        Result badTime = run("hsdirs", ADDRESS, "--consensus", consensus(), "--microdescs", microdescs(), "--at", "noon");
        assertEquals(1, badTime.code());
        assertTrue(badTime.err().contains("--at"), badTime.err());
    }
}
