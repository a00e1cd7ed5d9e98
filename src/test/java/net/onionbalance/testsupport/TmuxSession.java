package net.onionbalance.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A command in a real terminal: a detached tmux session, driven as an operator would with
 * {@code send-keys} and read back with {@code capture-pane}. Each session runs on a tmux server
 * of its own ({@code -L}, no config file read), so it never touches the user's tmux, and
 * {@link #close()} ends that server and everything in it.
 */
public final class TmuxSession implements AutoCloseable {
    private static final Duration TMUX_TIMEOUT = Duration.ofSeconds(10);

    private final Path tmux;
    private final String socket;
    private final String name;
    private volatile String lastScreen = "";

    private TmuxSession(Path tmux, String socket, String name) {
        this.tmux = tmux;
        this.socket = socket;
        this.name = name;
    }

    /** The tmux binary on the PATH, if any. */
    public static Optional<Path> find() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, "tmux");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test (class, from a BeforeAll callback) when tmux is missing, saying so on stderr. */
    public static void assumeInstalled() {
        if (find().isEmpty()) {
            System.err.println("SKIPPED: tmux not installed (apt-get install tmux)");
        }
        Assumptions.assumeTrue(find().isPresent(), "SKIPPED: tmux not installed (apt-get install tmux)");
    }

    /**
     * Starts {@code shellCommand} (run by {@code sh -c}) in a new detached session of
     * {@code columns}×{@code rows}.
     */
    public static TmuxSession start(String name, int columns, int rows, String shellCommand) {
        Path tmux = find().orElseThrow(() -> new AssertionError("tmux is not installed"));
        String socket = "obtest-" + ProcessHandle.current().pid() + "-" + name;
        TmuxSession s = new TmuxSession(tmux, socket, name);
        s.run("new-session", "-d", "-s", name, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                shellCommand);
        return s;
    }

    /** The visible screen, one line per row, trailing blanks trimmed by tmux. */
    public String capture() {
        String screen = run("capture-pane", "-p", "-t", name);
        lastScreen = screen;
        return screen;
    }

    /** What {@link #capture()} saw last (for failure messages). */
    public String lastScreen() {
        return lastScreen;
    }

    /** Key names as tmux knows them ("Enter", "Escape", "Down", "q"). */
    public void sendKeys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Text typed character by character, no key names. */
    public void type(String text) {
        run("send-keys", "-t", name, "-l", text);
    }

    /** Text pasted at once, as a terminal's paste does (tmux's paste buffer). */
    public void paste(String text) {
        run("set-buffer", "-b", "obtest", text);
        run("paste-buffer", "-d", "-b", "obtest", "-t", name);
    }

    /** Resizes the window, as dragging the terminal's corner does (the program gets SIGWINCH). */
    public void resize(int columns, int rows) {
        run("resize-window", "-t", name, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** Whether the session (its command) still exists. */
    public boolean isAlive() {
        return exec(List.of("has-session", "-t", name)).exitCode == 0;
    }

    /**
     * Captures the screen until {@code ready} accepts it; fails naming {@code what} with the last
     * screen and {@code diagnostics} (e.g. a log file's tail) when it does not within {@code within}.
     */
    public String awaitScreen(String what, Predicate<String> ready, Duration within, java.util.function.Supplier<String> diagnostics) {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            String screen = capture();
            if (ready.test(screen)) {
                return screen;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the terminal did not show " + what + " within " + within.toSeconds()
                        + " s; last screen:\n" + screen + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The PID of the process tmux started for the session (the shell running the command). */
    public Optional<Long> panePid() {
        Result r = exec(List.of("display-message", "-p", "-t", name, "#{pane_pid}"));
        String out = r.output.trim();
        return r.exitCode == 0 && out.matches("\\d+") ? Optional.of(Long.parseLong(out)) : Optional.empty();
    }

    /**
     * Ends the session's tmux server, which hangs up its terminal, then every process the session's
     * command started that outlived the hang-up (a program may take SIGHUP for "reload"); safe to
     * call twice.
     */
    @Override
    public void close() {
        List<ProcessHandle> started = panePid().flatMap(ProcessHandle::of)
                .map(h -> Stream.concat(Stream.of(h), h.descendants()).toList()).orElse(List.of());
        exec(List.of("kill-server"));
        for (ProcessHandle p : started) {
            p.destroy();
        }
        for (ProcessHandle p : started) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private String run(String... args) {
        Result r = exec(List.of(args));
        if (r.exitCode != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed (" + r.exitCode + "): " + r.output);
        }
        return r.output;
    }

    private record Result(int exitCode, String output) {
    }

    private Result exec(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(tmux.toString(), "-L", socket, "-f", "/dev/null"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The tmux client wants a TERM even when it only talks to a detached session.
        pb.environment().putIfAbsent("TERM", "xterm-256color");
        pb.environment().remove("TMUX");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TMUX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tmux " + String.join(" ", args) + " did not return in "
                        + TMUX_TIMEOUT.toSeconds() + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run tmux", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running tmux", e);
        }
    }

    /** Quotes a word for {@code sh -c}. */
    /**
     * The shell command for a pane that runs the balancer's console from the test classpath against
     * {@code net}'s tor, with none of the operator's ONIONBALANCE_* variables, then runs {@code afterExit}
     * (which reads {@code $rc}, the balancer's exit code, and should end by keeping the pane open).
     */
    public static String balancerConsoleCommand(TestNetwork net, Path config, Path log, Path noSystemTor, String afterExit) {
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "net.onionbalance.cli.Main",
                "--is-testnet", "-c", config.toString(), "-i", net.host(), "-p", Integer.toString(net.controlPort()),
                "-s", noSystemTor.toString(), "--log-file", log.toString());
        StringBuilder sh = new StringBuilder("unset ONIONBALANCE_CONFIG ONIONBALANCE_STATUS_SOCKET_LOCATION "
                + "ONIONBALANCE_TOR_CONTROL_SOCKET ONIONBALANCE_LOG_LOCATION; TERM=xterm-256color; export TERM;");
        for (String w : java) {
            sh.append(' ').append(shellQuote(w));
        }
        return sh.append("; rc=$?; ").append(afterExit).toString();
    }

    public static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
