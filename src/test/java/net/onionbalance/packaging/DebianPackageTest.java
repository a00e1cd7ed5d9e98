package net.onionbalance.packaging;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/package-deb's package, as an operator meets it: its control data and files, lintian,
 * and (as root with debootstrap) an install with apt-get into a fresh Debian chroot, the two
 * commands an operator runs first, and a removal that keeps /etc/onionbalance.
 *
 * <p>The chroot's base (minbase + a JRE + tor, ~80 s to make) is kept in
 * /var/tmp/onionbalance-java-deb-base and copied for each run (a few seconds). Set
 * ONIONBALANCE_DEB_CHROOT=0 to skip that part.
 */
class DebianPackageTest {
    private static final Path BASE = Path.of("/var/tmp/onionbalance-java-deb-base");
    private static Path deb;

    @TempDir
    static Path out;

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(onPath("dpkg-deb"), "SKIPPED: dpkg-deb not installed: no Debian package built");
        // Surefire runs before `package`, so the jar and pages are those of an earlier build when
        // present; else the script builds them.
        boolean built = Files.exists(Path.of("target/onionbalance.jar")) && Files.exists(Path.of("target/docs/man/onionbalance.1"));
        Result r = run(new ArrayList<>(List.of("bash", "scripts/package-deb", "--output", out.toString())), built ? "--no-build" : null);
        assertEquals(0, r.rc(), r.output());
        deb = Path.of(r.output().lines().reduce((a, b) -> b).orElseThrow().strip());
        assertTrue(deb.getFileName().toString().matches("onionbalance-java_[0-9][^_]*_all\\.deb"), deb.toString());
    }

    @Test
    void controlDataTakesThePythonPackagesPlace() throws Exception {
        Result info = run(List.of("dpkg-deb", "--info", deb.toString()));
        String i = info.output();
        assertTrue(i.contains("Package: onionbalance-java"), i);
        assertTrue(i.contains("Architecture: all"), i);
        assertTrue(i.contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, tor, adduser"), i);
        assertTrue(i.contains("Conflicts: onionbalance") && i.contains("Replaces: onionbalance") && i.contains("Provides: onionbalance"), i);
        Result conffiles = run(List.of("dpkg-deb", "--ctrl-tarfile", deb.toString()), null, "tar", "-xO", "./conffiles");
        assertEquals(List.of("/etc/default/onionbalance", "/etc/logrotate.d/onionbalance", "/etc/onionbalance/config.yaml.example"),
                conffiles.output().lines().toList());

        String files = run(List.of("dpkg-deb", "--contents", deb.toString())).output();
        for (String path : List.of("./usr/bin/onionbalance", "./usr/sbin/onionbalance -> ../bin/onionbalance", "./usr/sbin/onionbalance-config",
                "./usr/share/onionbalance-java/onionbalance.jar", "./lib/systemd/system/onionbalance.service",
                "./usr/lib/tmpfiles.d/onionbalance.conf", "./etc/logrotate.d/onionbalance", "./etc/onionbalance/config.yaml.example",
                "./usr/share/man/man1/onionbalance.1.gz", "./usr/share/man/man1/onionbalance-key.1.gz",
                "./usr/share/man/man1/onionbalance-config.1.gz", "./usr/share/bash-completion/completions/onionbalance",
                "./usr/share/doc/onionbalance-java/copyright", "./usr/share/doc/onionbalance-java/changelog.gz")) {
            assertTrue(files.contains(path), path + " in\n" + files);
        }
        assertFalse(files.contains(" ./run/"), "nothing under /run (tmpfiles.d makes it)");
        assertTrue(files.lines().allMatch(l -> l.contains(" root/root ")), "every file root's:\n" + files);

        Path unit = Files.createTempDirectory(out, "x");
        assertEquals(0, run(List.of("dpkg-deb", "-x", deb.toString(), unit.toString())).rc());
        String service = Files.readString(unit.resolve("lib/systemd/system/onionbalance.service"));
        assertTrue(service.contains("ExecStart=/usr/bin/onionbalance --no-tui -c /etc/onionbalance/config.yaml"), service);
        assertTrue(service.contains("User=onionbalance"), service);
        String launcher = Files.readString(unit.resolve("usr/bin/onionbalance"));
        assertTrue(launcher.contains("jar=/usr/share/onionbalance-java/onionbalance.jar"), "packaged launcher finds the jar");
        assertFalse(launcher.contains("mvn "), "the packaged launcher never builds");
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        if (!onPath("lintian")) {
            System.out.println("SKIPPED: lintian not installed (apt-get install lintian): package not linted");
            return;
        }
        Result r = run(List.of("lintian", "--tag-display-limit", "0", deb.toString()));
        System.out.println("lintian:\n" + r.output());
        assertFalse(r.output().lines().anyMatch(l -> l.startsWith("E:")), r.output());
    }

    @Test
    void installsIntoAFreshDebianRunsAndIsRemovedKeepingTheConfigFolder() throws Exception {
        if ("0".equals(System.getenv("ONIONBALANCE_DEB_CHROOT"))) {
            System.out.println("SKIPPED: ONIONBALANCE_DEB_CHROOT=0: package not installed into a chroot");
            return;
        }
        if (!"root".equals(System.getProperty("user.name")) || !onPath("debootstrap") || !onPath("chroot")) {
            System.out.println("SKIPPED: the install test needs root and debootstrap (apt-get install debootstrap)");
            return;
        }
        ensureBase();
        Path root = Files.createTempDirectory(Path.of("/var/tmp"), "onionbalance-java-deb-");
        try {
            assertEquals(0, run(List.of("cp", "-a", BASE + "/.", root.toString())).rc());
            Files.copy(deb, root.resolve("tmp").resolve(deb.getFileName()));
            mountProc(root);
            try {
                Result install = chroot(root, "apt-get", "install", "-y", "--no-install-recommends", "/tmp/" + deb.getFileName());
                assertEquals(0, install.rc(), install.output());
                Result version = chroot(root, "onionbalance", "--version");
                assertEquals(0, version.rc(), version.output());
                assertTrue(version.output().startsWith("onionbalance "), version.output());
                Result sbin = chroot(root, "/usr/sbin/onionbalance", "--version");
                assertEquals(version.output(), sbin.output(), "the Python package's path runs the same");

                Result key = chroot(root, "onionbalance", "key", "new", "--output", "/etc/onionbalance/master.key");
                assertEquals(0, key.rc(), key.output());
                Path keyFile = root.resolve("etc/onionbalance/master.key");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
                Result keyInfo = chroot(root, "onionbalance", "key", "info", "/etc/onionbalance/master.key");
                assertTrue(keyInfo.output().matches("(?s).*[a-z2-7]{56}\\.onion.*"), keyInfo.output());

                Result groups = chroot(root, "id", "-nG", "onionbalance");
                assertTrue(Arrays.asList(groups.output().strip().split(" ")).contains("debian-tor"), groups.output());
                assertTrue(chroot(root, "stat", "-c", "%U:%G %a", "/etc/onionbalance").output().startsWith("onionbalance:onionbalance 750"));
                assertTrue(chroot(root, "stat", "-c", "%U:%G %a", "/var/log/onionbalance").output().startsWith("onionbalance:adm 2750"));
                Result completion = chroot(root, "bash", "-c", ". /usr/share/bash-completion/completions/onionbalance && complete -p onionbalance");
                assertTrue(completion.output().contains("onionbalance"), completion.output());

                Result remove = chroot(root, "apt-get", "remove", "-y", "onionbalance-java");
                assertEquals(0, remove.rc(), remove.output());
                assertFalse(Files.exists(root.resolve("usr/bin/onionbalance")), "removed");
                assertFalse(Files.exists(root.resolve("usr/share/onionbalance-java/onionbalance.jar")), "removed");
                assertTrue(Files.exists(keyFile), "the operator's key stays in /etc/onionbalance");
                assertTrue(Files.exists(root.resolve("etc/onionbalance/config.yaml.example")), "conffiles stay until purge");
            } finally {
                run(List.of("umount", root.resolve("proc").toString()));
            }
        } finally {
            run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
    }

    /** minbase + default-jre-headless + tor, made once per machine; services never start in it. */
    private static synchronized void ensureBase() throws Exception {
        if (Files.exists(BASE.resolve("usr/bin/java")) && Files.exists(BASE.resolve("usr/bin/tor"))) {
            return;
        }
        Path building = Path.of(BASE + ".partial");
        run(List.of("rm", "-rf", "--one-file-system", building.toString()));
        long t0 = System.nanoTime();
        Result boot = run(List.of("debootstrap", "--variant=minbase", "bookworm", building.toString(), "http://deb.debian.org/debian"));
        assertEquals(0, boot.rc(), boot.output());
        Files.writeString(building.resolve("usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n");
        Files.setPosixFilePermissions(building.resolve("usr/sbin/policy-rc.d"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("/etc/resolv.conf"), building.resolve("etc/resolv.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        mountProc(building);
        try {
            Result deps = chroot(building, "apt-get", "install", "-y", "--no-install-recommends", "default-jre-headless", "tor");
            assertEquals(0, deps.rc(), deps.output());
        } finally {
            run(List.of("umount", building.resolve("proc").toString()));
        }
        run(List.of("rm", "-rf", "--one-file-system", BASE.toString()));
        Files.move(building, BASE);
        System.out.printf("FIGURE Debian chroot base (debootstrap minbase + JRE + tor) made in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void mountProc(Path root) throws Exception {
        Result r = run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
        assertEquals(0, r.rc(), r.output());
    }

    private static Result chroot(Path root, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chroot", root.toString(), "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    private record Result(int rc, String output) {}

    private static Result run(List<String> cmd) throws Exception {
        return run(new ArrayList<>(cmd), null);
    }

    private static Result run(List<String> cmd, String extraArg, String... pipeTo) throws Exception {
        List<String> c = new ArrayList<>(cmd);
        if (extraArg != null) {
            c.add(extraArg);
        }
        ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(pipeTo.length == 0);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + c);
        }
        if (pipeTo.length > 0) {
            Process q = new ProcessBuilder(pipeTo).redirectErrorStream(true).start();
            q.getOutputStream().write(bytes);
            q.getOutputStream().close();
            String o = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            q.waitFor(1, TimeUnit.MINUTES);
            return new Result(q.exitValue(), o);
        }
        return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
