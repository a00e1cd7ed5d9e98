package net.onionbalance.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A fresh Debian system to install scripts/package-deb's package into, as an operator's new host:
 * a copy of a per-machine base (debootstrap minbase of {@link Suite} + a JRE, tor and socat, made
 * once and kept under /var/tmp) with /proc mounted. Needs root, debootstrap and chroot; the base
 * takes ~80 s (bookworm) to ~2 minutes (trixie) once, a copy a few seconds. The chroot shares the
 * host's network, so a program inside reaches the private test network's tors on 127.0.0.1.
 *
 * <p>There is no systemd inside: {@link #startService} runs a unit's ExecStart the way systemd
 * would (its User, Group with the user's other groups, Environment, EnvironmentFile and
 * CacheDirectory).
 */
public final class DebianChroot implements AutoCloseable {
    /** What every base holds besides minbase: the package's Depends (a JRE, tor) and the tutorial's socat. */
    public static final List<String> BASE_PACKAGES = List.of("default-jre-headless", "tor", "socat");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The Debian releases the package is tested on, each with its base folder. */
    public enum Suite {
        /** Debian 12; its base keeps the folder name it had when it was the only one. */
        BOOKWORM("bookworm", 12, Path.of("/var/tmp/onionbalance-java-deb-base")),
        /** Debian 13: default-jre-headless is OpenJDK 21 there, and there is no OpenJDK 17. */
        TRIXIE("trixie", 13, Path.of("/var/tmp/onionbalance-java-deb-base-trixie"));

        public final String codename;
        public final int version;
        public final Path base;

        Suite(String codename, int version, Path base) {
            this.codename = codename;
            this.version = version;
            this.base = base;
        }

        @Override
        public String toString() {
            return "Debian " + version + " (" + codename + ")";
        }
    }

    private final Suite suite;
    private final Path root;
    private final List<Process> started = new ArrayList<>();
    private boolean closed;

    private DebianChroot(Suite suite, Path root) {
        this.suite = suite;
        this.root = root;
    }

    /** Why chroot tests cannot run here, or empty when they can. */
    public static Optional<String> whyNot() {
        if ("0".equals(System.getenv("ONIONBALANCE_DEB_CHROOT"))) {
            return Optional.of("ONIONBALANCE_DEB_CHROOT=0");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("not root (a chroot needs root)");
        }
        for (String tool : List.of("debootstrap", "chroot", "mount")) {
            if (!onPath(tool)) {
                return Optional.of(tool + " not installed (apt-get install debootstrap)");
            }
        }
        return Optional.empty();
    }

    /** A fresh copy of {@code suite}'s base (made first if this machine has none), /proc mounted. */
    public static DebianChroot fresh(Suite suite) throws IOException {
        ensureBase(suite);
        Path root = Files.createTempDirectory(Path.of("/var/tmp"), "onionbalance-java-deb-");
        DebianChroot c = new DebianChroot(suite, root);
        try {
            check(host(List.of("cp", "-a", suite.base + "/.", root.toString())), "copy the chroot base");
            check(host(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString())), "mount /proc");
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** minbase + {@link #BASE_PACKAGES}, made once per machine; services never start in it (policy-rc.d). */
    public static synchronized void ensureBase(Suite suite) throws IOException {
        if (BASE_PACKAGES.stream().allMatch(p -> Files.exists(suite.base.resolve(marker(p))))) {
            return;
        }
        Path building = Path.of(suite.base + ".partial");
        host(List.of("rm", "-rf", "--one-file-system", building.toString()));
        long t0 = System.nanoTime();
        check(host(List.of("debootstrap", "--variant=minbase", suite.codename, building.toString(), "http://deb.debian.org/debian")),
                "debootstrap " + suite.codename);
        Files.writeString(building.resolve("usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n");
        Files.setPosixFilePermissions(building.resolve("usr/sbin/policy-rc.d"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("/etc/resolv.conf"), building.resolve("etc/resolv.conf"), StandardCopyOption.REPLACE_EXISTING);
        check(host(List.of("mount", "-t", "proc", "proc", building.resolve("proc").toString())), "mount /proc");
        try {
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
            install.addAll(BASE_PACKAGES);
            check(host(asRoot(building, install)), "install " + BASE_PACKAGES + " in the " + suite + " base");
        } finally {
            host(List.of("umount", building.resolve("proc").toString()));
        }
        host(List.of("rm", "-rf", "--one-file-system", suite.base.toString()));
        Files.move(building, suite.base);
        System.out.printf("FIGURE %s chroot base (debootstrap minbase + %s) made in %.0f s%n", suite,
                String.join(" ", BASE_PACKAGES), (System.nanoTime() - t0) / 1e9);
    }

    private static String marker(String pkg) {
        return switch (pkg) {
            case "default-jre-headless" -> "usr/bin/java";
            case "tor" -> "usr/bin/tor";
            default -> "usr/bin/" + pkg;
        };
    }

    public Suite suite() {
        return suite;
    }

    /** The chroot's folder on the host. */
    public Path root() {
        return root;
    }

    /** A path inside the chroot ("/etc/onionbalance/config.yaml"), as seen from the host. */
    public Path path(String inside) {
        return root.resolve(inside.startsWith("/") ? inside.substring(1) : inside);
    }

    /** Runs a command inside as root, with a clean environment; waits for it (10 minutes at most). */
    public Result run(String... command) throws IOException {
        return host(asRoot(root, List.of(command)));
    }

    /** Runs a line in bash inside as root, as an operator types it (~ is /root, globs expand). */
    public Result shell(String line) throws IOException {
        return run("bash", "-c", line);
    }

    /**
     * Copies a host file to the same path inside, readable by {@code group} only (0640, parents
     * 0755): e.g. the control cookie of a tor on the host, which a balancer inside finds where tor's
     * PROTOCOLINFO says, as Debian's tor keeps it for the group debian-tor.
     */
    public void shareFile(Path hostFile, String group) throws IOException {
        Path inside = path(hostFile.toAbsolutePath().toString());
        Files.createDirectories(inside.getParent());
        for (Path p = inside.getParent(); p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.copy(hostFile, inside, StandardCopyOption.REPLACE_EXISTING);
        check(run("chown", "root:" + group, hostFile.toAbsolutePath().toString()), "chown the shared file");
        Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rw-r-----"));
    }

    /**
     * Lets a balancer inside log in to {@code net}'s balancer tor on the host's loopback: tor's
     * control cookie is shared at the path tor's PROTOCOLINFO names, readable by the group
     * debian-tor (as Debian's tor keeps /run/tor/control.authcookie; the package puts the
     * onionbalance user in that group). Returns the config.yaml lines naming the port: the test
     * network's is picked at random, not tor's default 9051.
     */
    public String torControlOf(TestNetwork net) throws IOException {
        shareFile(net.cookiePath(), "debian-tor");
        return "tor-control:\n  host: " + net.host() + "\n  port: " + net.controlPort() + "\n";
    }

    /**
     * Waits until a line of a file inside (a log) matches; fails with the file and the service's
     * output when {@code within} passes or {@code service} ends first.
     */
    public String awaitLine(String inside, java.util.function.Predicate<String> match, java.time.Duration within,
            Process service, Path serviceOutput) throws IOException, InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plus(within);
        Path file = path(inside);
        while (true) {
            if (Files.exists(file)) {
                Optional<String> hit = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(match).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
            }
            boolean ended = !service.isAlive();
            if (ended || java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError((ended ? "the service ended (exit " + service.exitValue() + ")" : "no matching line within "
                        + within.toSeconds() + " s") + " in " + inside + ":\n" + (Files.exists(file) ? Files.readString(file) : "(no file)")
                        + "\nthe service's output:\n" + Files.readString(serviceOutput));
            }
            Thread.sleep(500);
        }
    }

    /**
     * Starts a systemd unit's ExecStart (plus {@code extraArgs}) inside as systemd would: as its
     * User and Group with the user's supplementary groups (setpriv --init-groups), an environment
     * of PATH, LANG, HOME/USER/LOGNAME, the unit's Environment= and EnvironmentFile= (a leading "-"
     * = optional), its CacheDirectory= made and owned by the user. Output goes to {@code output}
     * on the host. The process ends with {@link #close()} at the latest.
     */
    public Process startService(String unitInside, List<String> extraArgs, Path output) throws IOException {
        Unit unit = Unit.parse(Files.readString(path(unitInside), StandardCharsets.UTF_8));
        String user = unit.single("User");
        String group = unit.values("Group").isEmpty() ? user : unit.single("Group");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        String[] pw = run("getent", "passwd", user).output().strip().split(":");
        env.put("HOME", pw.length > 5 ? pw[5] : "/");
        env.put("USER", user);
        env.put("LOGNAME", user);
        for (String e : unit.values("Environment")) {
            for (String assignment : Unit.words(e)) {
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        for (String f : unit.values("EnvironmentFile")) {
            boolean optional = f.startsWith("-");
            Path file = path(optional ? f.substring(1) : f);
            if (!Files.exists(file)) {
                if (optional) {
                    continue;
                }
                throw new IOException(unitInside + ": EnvironmentFile " + f + " missing");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || !l.contains("=")) {
                    continue;
                }
                String value = l.substring(l.indexOf('=') + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(l.substring(0, l.indexOf('=')).strip(), value);
            }
        }
        for (String dir : unit.values("CacheDirectory")) {
            check(run("install", "-d", "-m", "0755", "-o", user, "-g", group, "/var/cache/" + dir), "CacheDirectory " + dir);
        }
        List<String> cmd = new ArrayList<>(List.of("chroot", root.toString(), "setpriv", "--reuid=" + user, "--regid=" + group,
                "--init-groups", "/usr/bin/env", "-i"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(Unit.words(unit.single("ExecStart")));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Ends what {@link #startService} started, unmounts /proc and deletes the copy. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (started) {
            for (Process p : started) {
                stop(p);
            }
        }
        try {
            host(List.of("umount", root.resolve("proc").toString()));
            host(List.of("rm", "-rf", "--one-file-system", root.toString()));
        } catch (IOException e) {
            System.err.println("could not remove the chroot " + root + ": " + e.getMessage());
        }
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    public static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    // ---------------------------------------------------------------------------------------------- host commands

    public record Result(int rc, String output) {}

    /** The command line that runs {@code command} inside {@code root} as root, with a clean environment. */
    private static List<String> asRoot(Path root, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("chroot", root.toString(), "/usr/bin/env", "-i", "PATH=" + PATH,
                "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"));
        cmd.addAll(command);
        return cmd;
    }

    /** Runs a command on the host, stdout and stderr together; 10 minutes at most. */
    public static Result host(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // Read on another thread so a command that hangs with its output open still times out.
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // The process ended or was killed.
            }
        }, "chroot-output");
        reader.start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out after 10 minutes: " + cmd);
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + cmd, e);
        }
        synchronized (out) {
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void check(Result r, String what) {
        if (r.rc() != 0) {
            throw new AssertionError(what + " failed (exit " + r.rc() + "):\n" + r.output());
        }
    }

    public static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** The [Service] and [Unit] lines of a systemd unit file that {@link #startService} follows. */
    record Unit(List<String[]> lines) {
        static Unit parse(String text) {
            List<String[]> kv = new ArrayList<>();
            for (String line : text.lines().toList()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[") || !l.contains("=")) {
                    continue;
                }
                kv.add(new String[] {l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip()});
            }
            return new Unit(kv);
        }

        List<String> values(String key) {
            return lines.stream().filter(a -> a[0].equals(key)).map(a -> a[1]).toList();
        }

        String single(String key) {
            List<String> v = values(key);
            if (v.size() != 1) {
                throw new AssertionError("the unit should have one " + key + "=, not " + v);
            }
            return v.get(0);
        }

        /** systemd's splitting of a command line or assignment list: words, "double-quoted" parts kept whole. */
        static List<String> words(String s) {
            List<String> out = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (char c : s.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                    any = true;
                } else if (Character.isWhitespace(c) && !quoted) {
                    if (any) {
                        out.add(w.toString());
                        w.setLength(0);
                        any = false;
                    }
                } else {
                    w.append(c);
                    any = true;
                }
            }
            if (any) {
                out.add(w.toString());
            }
            return out;
        }
    }
}
