package net.onionbalance.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A backend host of the private test network serving one torrc bundle written by
 * {@code onionbalance config} or {@code onionbalance bundle rotate}: a real tor whose torrc only
 * {@code %include}s the network's common torrc and the bundle's {@code instance_torrc}, unchanged.
 *
 * <p>{@link #install} does what the deployment's README.txt tells an operator: copy the bundle's key
 * folder to the HiddenServiceDir its instance_torrc names, folder 0700 and files 0600. The tor has
 * its own DataDirectory, {@code SocksPort 0}, a notice log and a {@code [rend]info} log (to see its
 * descriptor uploads), and {@code __OwningControllerProcess} set to this JVM, so it ends with the
 * JVM even if {@link #close()} is never reached.
 */
public final class BundleTor implements AutoCloseable {
    /** tor's own words when an HSDir accepted a descriptor upload ([rend]info). */
    public static final String UPLOAD_ACCEPTED = "Uploading hidden service descriptor: finished with status 200";

    private final String name;
    private final Path dir;
    private final Process process;
    private final Instant started;

    private BundleTor(String name, Path dir, Process process, Instant started) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        this.started = started;
    }

    /**
     * Copies {@code bundle}'s key folder to the HiddenServiceDir named in its instance_torrc (which
     * must not exist yet), as README.txt says: {@code cp -r srvN/onionbalance-srvN <root>/}, then
     * folder 0700, files 0600.
     *
     * @return the HiddenServiceDir
     */
    public static Path install(Path bundle) throws IOException {
        Path hsDir = hiddenServiceDir(bundle.resolve("instance_torrc"));
        Path keys = bundle.resolve(hsDir.getFileName().toString());
        if (!Files.isDirectory(keys)) {
            throw new AssertionError("bundle " + bundle + " has no key folder " + hsDir.getFileName()
                    + " matching its instance_torrc's HiddenServiceDir " + hsDir);
        }
        Files.createDirectories(hsDir.getParent());
        Files.createDirectory(hsDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (Stream<Path> files = Files.list(keys)) {
            for (Path f : files.toList()) {
                Path to = hsDir.resolve(f.getFileName().toString());
                Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return hsDir;
    }

    /** The one HiddenServiceDir line of an instance_torrc. */
    public static Path hiddenServiceDir(Path instanceTorrc) throws IOException {
        List<String> dirs = Files.readAllLines(instanceTorrc, StandardCharsets.UTF_8).stream()
                .map(String::trim).filter(l -> l.startsWith("HiddenServiceDir ")).toList();
        if (dirs.size() != 1) {
            throw new AssertionError(instanceTorrc + " should name exactly one HiddenServiceDir, not " + dirs);
        }
        return Path.of(dirs.get(0).substring("HiddenServiceDir ".length()).trim());
    }

    /** Starts tor for {@code bundle} (already {@link #install installed}) on {@code net}, in a new folder {@code dir}. */
    public static BundleTor start(TestNetwork net, String name, Path bundle, Path dir)
            throws IOException {
        TorProcess.requireTor();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        List<String> torrc = new ArrayList<>();
        torrc.add("%include " + net.env("COMMON_TORRC"));
        torrc.add("DataDirectory " + dir.resolve("data"));
        torrc.add("Nickname " + name.replaceAll("[^A-Za-z0-9]", ""));
        torrc.add("Log notice file " + dir.resolve("notice.log"));
        torrc.add("Log [rend]info file " + dir.resolve("rend.log"));
        torrc.add("SocksPort 0");
        torrc.add("__OwningControllerProcess " + ProcessHandle.current().pid());
        torrc.add("%include " + bundle.resolve("instance_torrc"));
        Files.write(dir.resolve("torrc"), torrc, StandardCharsets.UTF_8);
        Path noDefaults = dir.resolve("no-such-defaults-torrc");
        Instant t0 = Instant.now();
        Process p = new ProcessBuilder(TorProcess.TOR.toString(), "-f", dir.resolve("torrc").toString(),
                "--defaults-torrc", noDefaults.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new BundleTor(name, dir, p, t0);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** tor's notice log, then its stdout (start-up errors land there). */
    public String log() {
        return read(dir.resolve("notice.log")) + read(dir.resolve("stdout.log"));
    }

    /** tor's [rend]info log: descriptor builds and uploads, ob_config, INTRODUCE2. */
    public String rendLog() {
        return read(dir.resolve("rend.log"));
    }

    /**
     * Waits until an HSDir accepted this tor's descriptor; fails with tor's logs otherwise.
     *
     * @return how long after its start tor saw the upload accepted (at the latest)
     */
    public Duration awaitDescriptorUploaded(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!rendLog().contains(UPLOAD_ACCEPTED)) {
            if (!process.isAlive()) {
                throw new AssertionError("tor of " + name + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("tor of " + name + " uploaded no descriptor within " + within.toSeconds()
                        + " s:\n" + log());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return Duration.between(started, Instant.now());
    }

    /** SIGTERM to this tor's PID (ShutdownWaitLength 0 in the common torrc), SIGKILL after 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
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

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")\n";
        }
    }
}
