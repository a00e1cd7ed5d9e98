package net.onionbalance.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM started with the JVM flags of the {@code scripts/onionbalance} launcher (its
 * {@code jvm_flags=(...)}, read from the script, so the test follows the launcher's heap) and
 * the test's class path: what a user's process would have to work with.
 */
public final class LauncherJvm {
    private LauncherJvm() {}

    /** The launcher's JVM flags, e.g. {@code -Xmx48m}. */
    public static List<String> flags() {
        try {
            String script = Files.readString(Path.of("scripts/onionbalance"));
            Matcher m = Pattern.compile("(?m)^jvm_flags=\\(([^)]*)\\)").matcher(script);
            if (!m.find()) {
                throw new IllegalStateException("scripts/onionbalance has no jvm_flags=(...) line");
            }
            return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java <launcher flags> -cp <test class path> mainClass args...}, stderr into stdout. */
    public static ProcessBuilder command(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }
}
