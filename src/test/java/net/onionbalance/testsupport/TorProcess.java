package net.onionbalance.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real tor for integration tests: loopback only, its own temporary directory, and by default
 * {@code DisableNetwork 1} so it never reaches the Tor network.
 *
 * <pre>
 * try (TorProcess tor = TorProcess.builder().unixControlSocket().torrc("CookieAuthentication 1").start()) {
 *     int port = tor.controlPort();          // TCP control port on 127.0.0.1, chosen by tor itself
 *     Path cookie = tor.cookieFile();
 * }
 * </pre>
 *
 * <p>Tor is started as {@code /usr/bin/tor -f <dir>/torrc --defaults-torrc <dir>/no-defaults} (a
 * path that does not exist, so no system torrc is read). The torrc holds {@code DataDirectory},
 * {@code SocksPort 0} (unless a {@code SocksPort} line is given), {@code ControlPort
 * 127.0.0.1:auto}, optionally {@code ControlPort unix:<dir>/control.sock},
 * {@code ControlPortWriteToFile} and {@code __OwningControllerProcess <this JVM>} (tor exits by
 * itself if the JVM dies), then the extra lines. In extra lines, {@code {dir}} stands for the
 * temporary directory. {@link #start} returns once every control listener is open.
 *
 * <p>When {@code /usr/bin/tor} is missing, the calling test is aborted (reported as skipped) with
 * "SKIPPED: tor not installed (apt-get install tor)".
 */
public final class TorProcess implements AutoCloseable {
    public static final Path TOR = Path.of("/usr/bin/tor");
    private static final long START_TIMEOUT_MS = 30_000;

    private final Path dir;
    private final List<String> extraLines;
    private final boolean tcp;
    private final boolean unix;
    private final boolean disableNetwork;
    private int port;
    private Process process;

    private TorProcess(Builder b, Path dir) {
        this.dir = dir;
        this.extraLines = List.copyOf(b.lines);
        this.tcp = b.tcp;
        this.unix = b.unix;
        this.disableNetwork = b.disableNetwork;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A tor with a TCP control port and the given extra torrc lines. */
    public static TorProcess start(String... torrcLines) {
        return builder().torrc(torrcLines).start();
    }

    /** Options for {@link #start()}. */
    public static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private boolean tcp = true;
        private boolean unix;
        private boolean disableNetwork = true;

        /** Also listen on {@code ControlPort unix:<dir>/control.sock}. */
        public Builder unixControlSocket() {
            unix = true;
            return this;
        }

        /** No TCP control port (then {@link #unixControlSocket()} is implied). */
        public Builder noTcpControlPort() {
            tcp = false;
            unix = true;
            return this;
        }

        /** Leave out {@code DisableNetwork 1} (for private test networks only). */
        public Builder networkEnabled() {
            disableNetwork = false;
            return this;
        }

        /** Extra torrc lines, appended in order; {@code {dir}} is replaced by the temporary directory. */
        public Builder torrc(String... torrcLines) {
            lines.addAll(List.of(torrcLines));
            return this;
        }

        public TorProcess start() {
            requireTor();
            Path dir;
            try {
                dir = Files.createTempDirectory("tor-test-"); // 0700, as tor wants for DataDirectory and socket dirs
            } catch (IOException e) {
                throw new AssertionError("cannot create a temporary directory for tor: " + e, e);
            }
            TorProcess t = new TorProcess(this, dir);
            try {
                t.launch();
            } catch (RuntimeException | Error e) {
                t.close();
                throw e;
            }
            return t;
        }
    }

    /** Aborts the calling test when tor is not installed. */
    public static void requireTor() {
        if (!Files.isExecutable(TOR)) {
            String msg = "SKIPPED: tor not installed (apt-get install tor)";
            System.err.println(msg);
            Assumptions.abort(msg);
        }
    }

    /** {@code tor --hash-password}: the value for {@code HashedControlPassword}. */
    public static String hashPassword(String password) {
        requireTor();
        try {
            Process p = new ProcessBuilder(TOR.toString(), "--quiet", "--hash-password", password)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().filter(l -> l.startsWith("16:")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("tor --hash-password printed no hash: " + out));
        } catch (IOException e) {
            throw new AssertionError("cannot run tor --hash-password: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The TCP control port on 127.0.0.1 (stays the same across {@link #restart()}). */
    public int controlPort() {
        if (!tcp) {
            throw new IllegalStateException("this tor has no TCP control port");
        }
        return port;
    }

    /** The Unix control socket, if {@link Builder#unixControlSocket()} was chosen. */
    public Path controlSocket() {
        if (!unix) {
            throw new IllegalStateException("this tor has no Unix control socket");
        }
        return dir.resolve("control.sock");
    }

    /** The temporary directory holding torrc, the data directory and tor's output. */
    public Path directory() {
        return dir;
    }

    public Path dataDirectory() {
        return dir.resolve("data");
    }

    /** Where tor writes its control cookie with {@code CookieAuthentication 1} and no CookieAuthFile. */
    public Path cookieFile() {
        return dataDirectory().resolve("control_auth_cookie");
    }

    /** Everything tor printed so far (notice level), across restarts. */
    public String log() {
        try {
            return Files.readString(dir.resolve("tor.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no tor output: " + e + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGKILL to this tor (a crash, as far as tor's clients can tell) and waits for it to be gone. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitGone();
        }
    }

    /** Sends SIGTERM to this tor and waits; SIGKILL after 10 s. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            waitGone();
        }
    }

    /** Starts tor again on the same ports and data directory (call after {@link #kill()} or {@link #stop()}). */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException("tor is still running (pid " + pid() + ")");
        }
        launch();
    }

    /** Stops tor and deletes its directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    private void launch() {
        Path portFile = dir.resolve("control-ports");
        try {
            Files.deleteIfExists(portFile);
            Files.writeString(dir.resolve("torrc"), torrc(portFile), StandardCharsets.UTF_8);
            process = new ProcessBuilder(TOR.toString(), "-f", dir.resolve("torrc").toString(),
                    "--defaults-torrc", dir.resolve("no-defaults").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tor.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start tor: " + e, e);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            List<String> lines = readLines(portFile);
            boolean tcpReady = !tcp || lines.stream().anyMatch(l -> l.startsWith("PORT="));
            boolean unixReady = !unix || lines.stream().anyMatch(l -> l.startsWith("UNIX_PORT="));
            if (tcpReady && unixReady) {
                if (tcp && port == 0) {
                    String p = lines.stream().filter(l -> l.startsWith("PORT=")).findFirst().orElseThrow();
                    port = Integer.parseInt(p.substring(p.lastIndexOf(':') + 1).trim());
                }
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tor exited with status " + process.exitValue() + " during start-up:\n" + log());
            }
            if (System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("tor opened no control listener within " + START_TIMEOUT_MS + " ms:\n" + log());
            }
            sleep(20);
        }
    }

    private String torrc(Path portFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("DataDirectory ").append(dataDirectory()).append('\n');
        if (disableNetwork) {
            sb.append("DisableNetwork 1\n");
        }
        if (extraLines.stream().noneMatch(l -> l.trim().toLowerCase(Locale.ROOT).startsWith("socksport"))) {
            sb.append("SocksPort 0\n");
        }
        if (tcp) {
            sb.append("ControlPort 127.0.0.1:").append(port == 0 ? "auto" : String.valueOf(port)).append('\n');
        }
        if (unix) {
            sb.append("ControlPort unix:").append(controlSocket()).append('\n');
        }
        sb.append("ControlPortWriteToFile ").append(portFile).append('\n');
        sb.append("__OwningControllerProcess ").append(ProcessHandle.current().pid()).append('\n');
        sb.append("Log notice stdout\n");
        for (String l : extraLines) {
            sb.append(l.replace("{dir}", dir.toString())).append('\n');
        }
        return sb.toString();
    }

    private void waitGone() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for tor", e);
        }
    }
}
