package net.onionbalance.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** scripts/package-deb's package, built for a test (needs dpkg-deb). */
public final class DebianPackage {
    private DebianPackage() {}

    /**
     * Builds onionbalance-java_*_all.deb into {@code out} and returns its path. Surefire runs before
     * {@code package}, so the jar and man pages are those of an earlier build when present; else the
     * script builds them.
     */
    public static Path build(Path out) throws IOException {
        boolean built = Files.exists(Path.of("target/onionbalance.jar")) && Files.exists(Path.of("target/docs/man/onionbalance.1"));
        List<String> cmd = new ArrayList<>(List.of("bash", "scripts/package-deb", "--output", out.toString()));
        if (built) {
            cmd.add("--no-build");
        }
        DebianChroot.Result r = DebianChroot.host(cmd);
        if (r.rc() != 0) {
            throw new AssertionError("scripts/package-deb failed (exit " + r.rc() + "):\n" + r.output());
        }
        Path deb = Path.of(r.output().lines().reduce((a, b) -> b).orElseThrow().strip());
        if (!deb.getFileName().toString().matches("onionbalance-java_[0-9][^_]*_all\\.deb")) {
            throw new AssertionError("scripts/package-deb printed no package path:\n" + r.output());
        }
        return deb;
    }
}
