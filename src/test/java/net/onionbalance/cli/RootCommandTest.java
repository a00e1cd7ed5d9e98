package net.onionbalance.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RootCommandTest {
    @Test
    void helpNamesTheCommandAndExitsZero() {
        var out = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("Usage: onionbalance"), out.toString());
    }

    @Test
    void versionStartsWithProgramName() {
        var out = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        assertTrue(out.toString().startsWith("onionbalance "), out.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        var err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--no-such-flag"));
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
    }

    @Test
    void aBalancerRunGetsTheRootAloneAndEverythingElseTheWholeTree() {
        assertTrue(Main.commandLineFor(new String[] {"--no-tui", "-c", "x.yaml", "-i", "127.0.0.1", "-p", "9051", "-v", "debug"})
                .getSubcommands().isEmpty());
        assertTrue(Main.commandLineFor(new String[0]).getSubcommands().isEmpty());
        for (String[] args : new String[][] {{"key", "info", "k"}, {"--help"}, {"-V"}, {"status", "--json"}, {"kye"}, {"--no-such-flag"}}) {
            assertEquals(Main.newCommandLine().getSubcommands().keySet(), Main.commandLineFor(args).getSubcommands().keySet(),
                    String.join(" ", args));
        }
    }

    @Test
    void theLeanRootExecutesWithTheArgumentsItWasGiven() {
        var err = new StringWriter();
        String[] args = {"--hs-version", "v2", "--no-tui"};
        var cl = Main.commandLineFor(args);
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args));
        assertTrue(err.toString().contains("only --hs-version v3 is supported"), err.toString());
    }

    @Test
    void aMistypedSubcommandIsAnsweredWithTheWholeUsage() {
        var err = new StringWriter();
        String[] args = {"kye", "info"};
        var cl = Main.commandLineFor(args);
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args));
        assertTrue(err.toString().contains("'kye'"), err.toString());
        assertTrue(err.toString().contains("[COMMAND]"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test
    void helpListsEverySubcommand() {
        var out = new StringWriter();
        String[] args = {"--help"};
        var cl = Main.commandLineFor(args);
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(args));
        for (String sub : new String[] {"key", "descriptor", "hsdirs", "config", "bundle", "status"}) {
            assertTrue(out.toString().contains("  " + sub), sub + " missing from:\n" + out);
        }
    }
}
