package net.onionbalance.packaging;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/onionbalance (the launcher the package installs as /usr/bin/onionbalance) with a Java
 * older than 17 first on PATH: one line naming the version and what is needed, exit code 2, and
 * the jar never started. The java here is a fake that prints what an old JDK prints for
 * {@code -version} and records how it was called.
 */
class LauncherJavaVersionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> Java {1}")
    @CsvSource(delimiter = '|', value = {
            "openjdk version \"11.0.22\" 2024-01-16|11",
            "java version \"1.8.0_402\"|8",
            "openjdk version \"16\" 2021-03-16|16"})
    void anOlderJavaIsNamedWithExitCode2(String versionLine, int major) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path calls = tmp.resolve("calls");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\necho '" + versionLine + "' >&2\necho 'OpenJDK Runtime Environment' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Process q = start(bin);
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, q.exitValue(), out);
        assertEquals("onionbalance: found Java " + major + " (" + java.toRealPath() + "), need 17 or newer\n", out);
        assertEquals("-version\n", Files.readString(calls), "the launcher only asked the version");
    }

    private Process start(Path bin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("scripts/onionbalance").toAbsolutePath().toString(), "--version")
                .redirectErrorStream(true).directory(tmp.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("HOME", tmp.toString());
        return pb.start();
    }
}
