package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config.yaml written by the Python {@code onionbalance-config} (Debian package onionbalance)
 * loads unchanged once its placeholders are replaced, and its placeholders are reported clearly.
 */
class PythonGeneratedConfigTest {
    static final String PLACEHOLDER = "<Enter the instance onion address here>";
    static final String B1 = "woz7zo2uzuac4ms3o6fuyhxixjia5n2q3cf6po3jnwvcf445z3n6sbid";
    static final String B2 = "6ols3wxoi542fumwmoiphtvhwpaogrsnc6raf5tkpzkp445mzbfkqmyd";

    @TempDir
    Path dir;

    /** Runs onionbalance-config; skips loudly when it is not installed. */
    static Path generate(Path dir) throws IOException, InterruptedException {
        // Debian installs it in /usr/sbin; also look along PATH.
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator));
        Path tool = Stream.concat(Stream.of("/usr/sbin", "/usr/bin"), path)
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "onionbalance-config"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (tool == null) {
            System.err.println("skipped: onionbalance-config not installed (Debian package 'onionbalance')");
            Assumptions.abort("skipped: onionbalance-config not installed (Debian package 'onionbalance')");
        }
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(tool.toString(), "--no-interactive", "--output", out.toString(), "-n", "2")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "onionbalance-config finished");
        assertEquals(0, p.exitValue(), () -> "onionbalance-config failed: " + read(dir.resolve("log")));
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** onionbalance-config names the key file after the master's address. */
    static OnionAddress masterFromKeyName(Path key) {
        String name = key.getFileName().toString();
        return name.endsWith(".key") ? OnionAddress.parse(name.substring(0, name.length() - 4)) : null;
    }

    @Test
    void placeholdersAreReportedWithFileAndLine() throws Exception {
        Path config = generate(dir).resolve("config.yaml");
        List<String> lines = Files.readAllLines(config);
        int placeholderLine = 1 + lines.indexOf(lines.stream().filter(l -> l.contains(PLACEHOLDER)).findFirst().orElseThrow());
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(), k -> null).load(config));
        assertEquals(config, e.file());
        assertEquals(placeholderLine, e.line());
        assertTrue(e.getMessage().startsWith(config + ":" + placeholderLine + ": '" + PLACEHOLDER + "' is not an onion address"), e.getMessage());
        assertTrue(e.problem().contains("placeholder"), e.getMessage());
        assertTrue(e.fix().contains("hostname"), e.getMessage());
    }

    @Test
    void loadsUnchangedOnceRealAddressesAreFilledIn() throws Exception {
        Path out = generate(dir);
        Path config = out.resolve("config.yaml");
        String text = Files.readString(config);
        Files.writeString(config, text.replaceFirst(PLACEHOLDER, B1).replaceFirst(PLACEHOLDER, B2 + ".onion"));
        Path key;
        try (Stream<Path> files = Files.list(out)) {
            key = files.filter(p -> p.toString().endsWith(".key")).findFirst().orElseThrow();
        }
        LoadedConfig l = new ConfigLoader(Map.of(), PythonGeneratedConfigTest::masterFromKeyName).load(config);
        assertEquals(List.of(), l.warnings());
        ServiceConfig s = l.config().services().get(0);
        assertEquals(key.toAbsolutePath(), s.key(), "key resolved next to config.yaml");
        assertTrue(Files.isReadable(s.key()));
        assertEquals(List.of(InstanceConfig.of(OnionAddress.parse(B1), "node1"), InstanceConfig.of(OnionAddress.parse(B2), "node2")),
                s.instances());
        assertEquals(Optional.empty(), l.config().statusSocketLocation());

        // And the master's own address as an instance is refused, as onionbalance does.
        OnionAddress master = masterFromKeyName(key);
        Files.writeString(config, text.replaceFirst(PLACEHOLDER, B1).replaceFirst(PLACEHOLDER, master.toString()));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), PythonGeneratedConfigTest::masterFromKeyName).load(config));
        assertTrue(e.problem().contains("Did you configure your frontend"), e.getMessage());
    }
}
