package net.onionbalance.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RootCommandTest {
    @Test
    void helpNamesTheCommandAndExitsZero() {
        var out = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("Usage: onionbalance"), out.toString());
    }

    @Test
    void versionStartsWithProgramName() {
        var out = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        assertTrue(out.toString().startsWith("onionbalance "), out.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        var err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--no-such-flag"));
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
    }

    @Test
    void plainBalancerFlagsAreReadWithoutPicocliExactlyAsPicocliReadsThem() {
        String[][] lines = {
                {},
                {"--no-tui"},
                {"--no-tui", "-c", "x.yaml", "-i", "127.0.0.1", "-p", "9051", "-v", "debug"},
                {"--config", "/etc/onionbalance/config.yaml", "--ip", "::1", "--port", "1", "--socket", "/run/tor/control",
                        "--verbosity", "warning", "--is-testnet", "--log-file", "ob.log", "--hs-version", "v3"},
                {"--config=a b.yaml", "--port=65535", "--ip=", "-s", "s", "--log-file=l"},
                {"-v", "info", "--hs-version", "v2"},
        };
        for (String[] line : lines) {
            RootCommand fast = BalancerFlags.parse(line).orElseThrow(() -> new AssertionError(String.join(" ", line)));
            RootCommand slow = new RootCommand();
            new CommandLine(slow).parseArgs(line);
            assertEquals(fields(slow), fields(fast), String.join(" ", line));
        }
    }

    @Test
    void anyOtherSpellingIsLeftToPicocli() {
        String[][] lines = {
                {"key", "info", "k"}, {"--help"}, {"-h"}, {"-V"}, {"--version"}, {"status", "--json"}, {"kye"},
                {"--no-such-flag"}, {"-c"}, {"-c", "--no-tui"}, {"-cx.yaml"}, {"-c=x.yaml"}, {"-c", "a", "-c", "b"},
                {"--no-tui", "--no-tui"}, {"--no-tui=true"}, {"-p", "0x23"}, {"-p", "09051"}, {"-p", "123456"},
                {"-p", "-1"}, {"--", "-c"}, {"--conf", "x"}, {"x.yaml"},
        };
        for (String[] line : lines) {
            assertTrue(BalancerFlags.parse(line).isEmpty(), String.join(" ", line));
        }
    }

    @Test
    void aPlainRunWithV2IsRefusedWithoutPicocli() {
        var err = new StringWriter();
        RootCommand root = BalancerFlags.parse(new String[] {"--hs-version", "v2", "--no-tui"}).orElseThrow();
        assertEquals(2, root.run(new PrintWriter(err, true)));
        assertTrue(err.toString().contains("only --hs-version v3 is supported"), err.toString());
    }

    @Test
    void aMistypedSubcommandIsAnsweredWithTheWholeUsage() {
        var err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("kye", "info"));
        assertTrue(err.toString().contains("'kye'"), err.toString());
        assertTrue(err.toString().contains("[COMMAND]"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    private static List<Object> fields(RootCommand r) {
        return Arrays.asList(r.config, r.control.ip, r.control.port, r.control.socket, r.verbosity, r.testNetwork,
                r.noTui, r.logFile, r.hsVersion);
    }

    @Test
    void helpListsEverySubcommand() {
        var out = new StringWriter();
        String[] args = {"--help"};
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(args));
        for (String sub : new String[] {"key", "descriptor", "hsdirs", "config", "bundle", "status"}) {
            assertTrue(out.toString().contains("  " + sub), sub + " missing from:\n" + out);
        }
    }
}
