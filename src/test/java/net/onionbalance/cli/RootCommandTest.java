package net.onionbalance.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
