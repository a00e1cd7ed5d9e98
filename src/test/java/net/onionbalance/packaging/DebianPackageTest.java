package net.onionbalance.packaging;

import net.onionbalance.testsupport.DebianChroot;
import net.onionbalance.testsupport.DebianPackage;
import net.onionbalance.testsupport.TestNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/package-deb's package, as an operator meets it: its control data and files, lintian,
 * and (as root with debootstrap) an install with apt-get into a fresh Debian 12 and Debian 13
 * chroot, the two commands an operator runs first, the balancer as its systemd unit starts it
 * publishing on the private test network, and a removal that keeps /etc/onionbalance.
 *
 * <p>Each release's chroot base (see {@link DebianChroot}; ~80 s and ~2 minutes to make) is kept
 * under /var/tmp and copied for each run (a few seconds). Set ONIONBALANCE_DEB_CHROOT=0 to skip
 * that part.
 */
class DebianPackageTest {
    private static Path deb;

    /** The run's shared network (HsDirOracleTest and HsdirsLiveCommandTest use it too), left as found. */
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.shared(2);

    @TempDir
    static Path out;

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(DebianChroot.onPath("dpkg-deb"), "SKIPPED: dpkg-deb not installed: no Debian package built");
        deb = DebianPackage.build(out);
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
        if (!DebianChroot.onPath("lintian")) {
            System.out.println("SKIPPED: lintian not installed (apt-get install lintian): package not linted");
            return;
        }
        Result r = run(List.of("lintian", "--tag-display-limit", "0", deb.toString()));
        System.out.println("lintian:\n" + r.output());
        assertFalse(r.output().lines().anyMatch(l -> l.startsWith("E:")), r.output());
    }

    /**
     * The package in a fresh Debian 12 and 13 (where default-jre-headless is OpenJDK 21 and there is
     * no OpenJDK 17): apt-get resolves its Depends, the two commands an operator runs first work, the
     * balancer starts as the systemd unit would and publishes on the private test network's tor from
     * inside the chroot, and a removal keeps /etc/onionbalance.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DebianChroot.Suite.class)
    void installsIntoAFreshDebianRunsAndIsRemovedKeepingTheConfigFolder(DebianChroot.Suite suite) throws Exception {
        Optional<String> why = DebianChroot.whyNot();
        Assumptions.assumeTrue(why.isEmpty(), () -> "SKIPPED: package not installed into a " + suite + " chroot: " + why.orElse(""));
        try (DebianChroot root = DebianChroot.fresh(suite)) {
            Files.copy(deb, root.path("/tmp").resolve(deb.getFileName()));
            DebianChroot.Result install = root.run("apt-get", "install", "-y", "--no-install-recommends", "/tmp/" + deb.getFileName());
            assertEquals(0, install.rc(), install.output());
            DebianChroot.Result java = root.run("java", "-version");
            System.out.println("FIGURE " + suite + ": " + java.output().lines().findFirst().orElse(""));
            DebianChroot.Result version = root.run("onionbalance", "--version");
            assertEquals(0, version.rc(), version.output());
            assertTrue(version.output().startsWith("onionbalance "), version.output());
            DebianChroot.Result sbin = root.run("/usr/sbin/onionbalance", "--version");
            assertEquals(version.output(), sbin.output(), "the Python package's path runs the same");

            DebianChroot.Result key = root.run("onionbalance", "key", "new", "--output", "/etc/onionbalance/master.key");
            assertEquals(0, key.rc(), key.output());
            Path keyFile = root.path("/etc/onionbalance/master.key");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            DebianChroot.Result keyInfo = root.run("onionbalance", "key", "info", "/etc/onionbalance/master.key");
            assertTrue(keyInfo.output().matches("(?s).*[a-z2-7]{56}\\.onion.*"), keyInfo.output());

            DebianChroot.Result groups = root.run("id", "-nG", "onionbalance");
            assertTrue(Arrays.asList(groups.output().strip().split(" ")).contains("debian-tor"), groups.output());
            assertTrue(root.run("stat", "-c", "%U:%G %a", "/etc/onionbalance").output().startsWith("onionbalance:onionbalance 750"));
            assertTrue(root.run("stat", "-c", "%U:%G %a", "/var/log/onionbalance").output().startsWith("onionbalance:adm 2750"));
            DebianChroot.Result completion = root.run("bash", "-c", ". /usr/share/bash-completion/completions/onionbalance && complete -p onionbalance");
            assertTrue(completion.output().contains("onionbalance"), completion.output());

            String master = keyInfo.output().replaceAll("(?s).*?([a-z2-7]{56})\\.onion.*", "$1");
            publishesOnTheTestNetworkAsTheUnitRunsIt(root, master, javaMajor(java.output()));

            DebianChroot.Result remove = root.run("apt-get", "remove", "-y", "onionbalance-java");
            assertEquals(0, remove.rc(), remove.output());
            assertFalse(Files.exists(root.path("/usr/bin/onionbalance")), "removed");
            assertFalse(Files.exists(root.path("/usr/share/onionbalance-java/onionbalance.jar")), "removed");
            assertTrue(Files.exists(keyFile), "the operator's key stays in /etc/onionbalance");
            assertTrue(Files.exists(root.path("/etc/onionbalance/config.yaml.example")), "conffiles stay until purge");
        }
    }

    /**
     * The master key just made and the test network's backends in /etc/onionbalance, the unit's
     * ExecStart run as its user (plus --is-testnet: the private network's 20 s voting interval makes
     * its time periods short), until /var/log/onionbalance/log says the first descriptor went to
     * the HSDirs. (The backends' ob_config names the network's own master, so clients could not
     * introduce through this one; publishing is what is checked, and the network's master is left
     * to the other tests that share it.)
     */
    private static void publishesOnTheTestNetworkAsTheUnitRunsIt(DebianChroot root, String master, int javaMajor) throws Exception {
        TestNetwork net = NET;
        StringBuilder yaml = new StringBuilder("services:\n- key: master.key\n  instances:\n");
        for (TestNetwork.Backend b : net.backends()) {
            yaml.append("  - address: ").append(b.address()).append("\n    name: ").append(b.name()).append('\n');
        }
        yaml.append(root.torControlOf(net));
        Files.writeString(root.path("/etc/onionbalance/config.yaml"), yaml);
        assertEquals(0, root.shell("chown onionbalance:onionbalance /etc/onionbalance/master.key /etc/onionbalance/config.yaml").rc());
        Path output = out.resolve("balancer-" + root.suite().codename + ".out");
        Instant t0 = Instant.now();
        Process balancer = root.startService("/lib/systemd/system/onionbalance.service", List.of("--is-testnet"), output);
        Path cache = root.path("/var/cache/onionbalance");
        try {
            String published = root.awaitLine("/var/log/onionbalance/log",
                    l -> l.contains("Published the first descriptor of " + master), Duration.ofSeconds(150), balancer, output);
            System.out.printf("FIGURE %s: the unit's balancer published %.1f s after its start: %s%n", root.suite(),
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0, published);
            if (javaMajor < 19) {
                // JDK 17: the run records the classes it loads; the next start archives them.
                assertTrue(Files.exists(cache.resolve("onionbalance.classlist")), "the launcher's class list goes to the unit's cache folder");
            }
        } finally {
            Instant stop = Instant.now();
            DebianChroot.stop(balancer);
            System.out.printf("FIGURE %s: the balancer ended %.1f s after SIGTERM (the unit allows 10 s)%n", root.suite(),
                    Duration.between(stop, Instant.now()).toMillis() / 1000.0);
        }
        if (javaMajor >= 19) {
            // JDK 19+: the JVM wrote its dynamic archive at exit, with the balancer's classes.
            Path archive = cache.resolve("onionbalance-jdk" + javaMajor + ".jsa");
            assertTrue(Files.exists(archive), "the JVM's archive in the unit's cache folder: " + archive + "; output:\n" + Files.readString(output));
            assertEquals(0, DebianChroot.host(List.of("grep", "-qa", "net/onionbalance/doc/hsdesc/MasterDescriptorBuilder", archive.toString())).rc(),
                    "the archive holds the balancer's classes");
            System.out.printf("FIGURE %s: dynamic class-data archive %.1f MB%n", root.suite(), Files.size(archive) / 1e6);
        }
    }

    /** 17 from 'openjdk version "17.0.19" 2026-04-21'. */
    private static int javaMajor(String versionOutput) {
        var m = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(versionOutput);
        assertTrue(m.find(), versionOutput);
        return Integer.parseInt(m.group(1));
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
}
