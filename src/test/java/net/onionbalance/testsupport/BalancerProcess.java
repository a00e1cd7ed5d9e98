package net.onionbalance.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The balancer as an operator runs it: {@code onionbalance --no-tui ...} in its own JVM (the
 * test's class path), its stderr log in a file. Stopped with SIGTERM, as systemd does.
 */
public final class BalancerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Instant started;

    private BalancerProcess(Process process, Path log, Instant started) {
        this.process = process;
        this.log = log;
        this.started = started;
    }

    /**
     * What the launcher does too: a test run started with SIGHUP ignored (nohup, a CI runner) would
     * pass that on, and the JVM then never calls the balancer's reload handler.
     */
    private static final List<String> SIGHUP_DEFAULT = sighupDefault();

    private static List<String> sighupDefault() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=HUP", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? List.of("env", "--default-signal=HUP") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** As under {@code nohup}: the command runs with SIGHUP ignored, which exec passes on. */
    private static final List<String> SIGHUP_IGNORED = List.of("bash", "-c", "trap '' HUP; exec \"$@\"", "bash");

    /** Starts {@code onionbalance --no-tui <args>}; the log goes to {@code log}. */
    public static BalancerProcess start(Path log, List<String> args) throws IOException {
        return start(log, args, java.util.Map.of());
    }

    /** As {@link #start(Path, List)}, with extra environment variables (e.g. JAVA_TOOL_OPTIONS). */
    public static BalancerProcess start(Path log, List<String> args, java.util.Map<String, String> env) throws IOException {
        return start(log, args, env, SIGHUP_DEFAULT);
    }

    /** As an operator's {@code nohup java ...} would: SIGHUP ignored when the JVM starts, and not reset. */
    public static BalancerProcess startWithSighupIgnored(Path log, List<String> args) throws IOException {
        return start(log, args, java.util.Map.of(), SIGHUP_IGNORED);
    }

    /**
     * Through this checkout's launcher, {@code scripts/onionbalance}, from a process that ignores
     * SIGHUP (as under nohup): the launcher is copied into {@code dir}/scripts beside a
     * {@code dir}/target/onionbalance.jar that holds only a manifest naming the test's class path
     * (surefire runs before the real jar is packaged), so the launcher's own flags and SIGHUP reset
     * are what start the JVM. No class-data archive (ONIONBALANCE_CDS=0): nothing is left in the checkout.
     */
    public static BalancerProcess startThroughLauncherWithSighupIgnored(Path dir, Path log, List<String> args)
            throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Path launcher = scripts.resolve("onionbalance");
        Files.copy(Path.of("scripts/onionbalance"), launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        launcher.toFile().setExecutable(true);
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "net.onionbalance.cli.Main");
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            cp.append(cp.length() == 0 ? "" : " ").append(Path.of(entry).toAbsolutePath().toUri());
        }
        m.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, cp.toString());
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("onionbalance.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        List<String> cmd = new ArrayList<>(SIGHUP_IGNORED);
        cmd.add(launcher.toString());
        cmd.add("--no-tui");
        cmd.addAll(args);
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("ONIONBALANCE_CDS", "0");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return launch(cmd, log, env);
    }

    private static BalancerProcess start(Path log, List<String> args, java.util.Map<String, String> env, List<String> prefix)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("net.onionbalance.cli.Main");
        cmd.add("--no-tui");
        cmd.addAll(args);
        return launch(cmd, log, env);
    }

    /** Runs {@code cmd} with the operator's ONIONBALANCE_* settings of this test run removed and {@code env} added. */
    private static BalancerProcess launch(List<String> cmd, Path log, java.util.Map<String, String> env) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ONIONBALANCE_"));
        pb.environment().putAll(env);
        return new BalancerProcess(pb.start(), log, Instant.now());
    }

    public Instant started() {
        return started;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public long countLogLines(Predicate<String> matching) {
        return log().lines().filter(matching).count();
    }

    /** Waits until a log line matches; fails with the log when it does not come in time. */
    public String awaitLogLine(Predicate<String> matching, Duration within) {
        return awaitNthLogLine(matching, 1, within);
    }

    /** Waits until {@code n} log lines match; returns the n-th. */
    public String awaitNthLogLine(Predicate<String> matching, long n, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            var hit = log().lines().filter(matching).skip(n - 1).findFirst();
            if (hit.isPresent()) {
                return hit.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("balancer exited with " + process.exitValue() + ":\n" + log());
            }
            sleepMillis(200);
        }
        throw new AssertionError("no matching log line within " + within.toSeconds() + " s:\n" + log());
    }

    /** Waits for the process to exit by itself. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("balancer still running after " + within.toSeconds() + " s:\n" + log());
        }
        return process.exitValue();
    }

    public void hangup() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
