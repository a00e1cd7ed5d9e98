package net.onionbalance.config;

import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.testsupport.AtomicWriteChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of rewriting a key file or config.yaml leaves a whole file: the old
 * content or the new, never a torn mix or an empty file. A child JVM rewrites the file in a loop
 * through the real writers and is killed (SIGKILL) at random moments.
 */
@Timeout(120)
class KillDuringWriteTest {
    private static final int KILLS = 8;

    private static Process child(String mode, Path file) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AtomicWriteChild.class.getName(), mode, file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // stderr: the log, e.g. a leftover temporary removed
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("ready", first);
        return p;
    }

    private static void killSoon(Process p, Random r) throws Exception {
        Thread.sleep(20 + r.nextInt(200));
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        p.waitFor();
    }

    @Test
    void aKeyFileIsAlwaysAWholeKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        Random r = new Random();
        for (int i = 0; i < KILLS; i++) {
            killSoon(child("key", file), r);
            var loaded = KeyFiles.load(file).onionAddress();
            assertTrue(loaded.equals(AtomicWriteChild.key(0).onionAddress()) || loaded.equals(AtomicWriteChild.key(1).onionAddress()),
                    "kill " + i + ": " + loaded);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void configYamlIsAlwaysTheOldOrTheNewText(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), AtomicWriteChild.CONFIG_A); // the writer replaces a file
        Random r = new Random();
        for (int i = 0; i < KILLS; i++) {
            killSoon(child("config", file), r);
            String text = Files.readString(file);
            assertTrue(text.equals(AtomicWriteChild.CONFIG_A) || text.equals(AtomicWriteChild.CONFIG_B),
                    "kill " + i + ": a file of " + text.length() + " characters");
        }
    }
}
