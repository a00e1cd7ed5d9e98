package net.onionbalance.ui.console;

import java.io.Console;
import java.util.function.BooleanSupplier;
import net.onionbalance.config.OnionbalanceEnvironment;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import net.onionbalance.engine.BalancerControl;

import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Locale;

/**
 * The operator console: a full-screen view of the balancer in the terminal, in the manner of nyx.
 * It reads engine snapshots and submits commands; it never talks to tor. {@code run} returns
 * when the operator quits; the caller then stops the engine.
 */
public final class ConsoleApp {
    /** {@code q}, confirmed. */
    public static final int EXIT_QUIT = 0;
    /** The terminal went away (input closed, e.g. the SSH session dropped): 128 + SIGHUP. */
    public static final int EXIT_TERMINAL_LOST = 129;
    /** Ctrl-C: 128 + SIGINT, as a shell reports it. */
    public static final int EXIT_INTERRUPTED = 130;

    /** Redraws at least this often, so ages and the clock move even when nothing happens. */
    static final long FRAME_MILLIS = 250;
    /** How often keys are looked at between frames. */
    static final long POLL_MILLIS = 25;

    private ConsoleApp() {}

    /** The console on this process's terminal, with no wizard hooks. */
    public static int runOnTerminal(BalancerControl control, Clock clock) throws ConsoleUnavailableException, IOException {
        return runOnTerminal(control, ConsoleHooks.NONE, clock);
    }

    /**
     * The console on this process's terminal.
     *
     * @throws ConsoleUnavailableException when there is no terminal; nothing was changed, the
     *                                     caller may run headless
     */
    public static int runOnTerminal(BalancerControl control, ConsoleHooks hooks, Clock clock)
            throws ConsoleUnavailableException, IOException {
        Screen screen = openTerminalScreen();
        // Lanterna restores the tty from its own shutdown hook if the JVM is killed (SIGTERM);
        // run() restores it on every other way out, exceptions included. A hung-up terminal
        // (SSH dropped) never reaches Lanterna as an error: reads just return nothing, and the
        // PrintStream Lanterna writes through swallows the write errors but remembers them.
        return run(control, hooks, screen, clock, System.out::checkError);
    }

    /** The console on a given screen (a real terminal, or a virtual one in tests). */
    public static int run(BalancerControl control, Screen screen, Clock clock) throws IOException {
        return run(control, ConsoleHooks.NONE, screen, clock);
    }

    /**
     * Runs until the operator quits, Ctrl-C, or the terminal goes away; the terminal is given back
     * as it was on every way out, a crash included (the exception then propagates to the caller).
     *
     * @return {@link #EXIT_QUIT}, {@link #EXIT_INTERRUPTED} or {@link #EXIT_TERMINAL_LOST}
     */
    public static int run(BalancerControl control, ConsoleHooks hooks, Screen screen, Clock clock) throws IOException {
        return run(control, hooks, screen, clock, () -> false);
    }

    /** As above; {@code terminalGone} reports a terminal that stopped accepting output. */
    static int run(BalancerControl control, ConsoleHooks hooks, Screen screen, Clock clock,
                   BooleanSupplier terminalGone) throws IOException {
        try (ConsoleSession session = new ConsoleSession(control, hooks, screen, clock)) {
            session.start();
            while (session.tick()) {
                if (terminalGone.getAsBoolean()) {
                    return EXIT_TERMINAL_LOST;
                }
                sleep(POLL_MILLIS);
            }
            return session.exitCode();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("console interrupted", e);
        }
    }

    /**
     * From Java 22 on, {@code System.console()} exists even when not attached to a terminal;
     * {@code Console.isTerminal()} (22+) then tells. On 17 to 21 a console means a terminal.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static Screen openTerminalScreen() throws ConsoleUnavailableException {
        if (!isTerminal(System.console())) {
            throw new ConsoleUnavailableException(
                    "no terminal: standard input or output is not a terminal (use --no-tui to run headless)");
        }
        String term = OnionbalanceEnvironment.system().terminalType().orElse(null);
        if (term == null || term.isBlank() || term.toLowerCase(Locale.ROOT).equals("dumb")) {
            throw new ConsoleUnavailableException("no usable terminal: TERM is "
                    + (term == null || term.isBlank() ? "not set" : "\"" + term + "\"")
                    + " (use --no-tui to run headless)");
        }
        try {
            Terminal terminal = new DefaultTerminalFactory(System.out, System.in, Charset.defaultCharset())
                    // Never open a Swing window on an obhost that happens to have a display.
                    .setForceTextTerminal(true)
                    // Ctrl-C reaches the console as a key, so that it can restore the terminal and return.
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .createTerminal();
            return new TerminalScreen(terminal);
        } catch (IOException | RuntimeException e) {
            throw new ConsoleUnavailableException("cannot open the terminal: " + e.getMessage()
                    + " (use --no-tui to run headless)", e);
        }
    }
}
