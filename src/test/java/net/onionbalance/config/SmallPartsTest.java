package net.onionbalance.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallPartsTest {
    @TempDir
    Path dir;

    @Test
    void didYouMean() {
        assertEquals(Optional.of("instances"), KeySpelling.closest("instance", ConfigLoader.SERVICE_KEYS));
        assertEquals(Optional.of("address"), KeySpelling.closest("adress", ConfigLoader.INSTANCE_KEYS));
        assertEquals(Optional.of("address"), KeySpelling.closest("adderss", ConfigLoader.INSTANCE_KEYS));
        assertEquals(Optional.of("status-socket-location"), KeySpelling.closest("STATUS_SOCKET_LOCATON", ConfigLoader.TOP_KEYS));
        assertEquals(Optional.of("key"), KeySpelling.closest("keys", ConfigLoader.SERVICE_KEYS));
        assertEquals(Optional.empty(), KeySpelling.closest("colour", ConfigLoader.TOP_KEYS));
        assertEquals(Optional.empty(), KeySpelling.closest("id", ConfigLoader.INSTANCE_KEYS));
    }

    @Test
    void passwordFileFirstLineWithoutLineBreak() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret pass\r\nignored\n");
        TorControlSettings t = new TorControlSettings(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(pw));
        assertEquals(Optional.of("s3cret pass"), t.readPassword());
        assertFalse(t.toString().contains("s3cret"));
        assertEquals(Optional.empty(), TorControlSettings.NONE.readPassword());
    }

    @Test
    void passwordFileProblemsNameTheFileNotTheContent() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\nsecond line secret\n");
        ConfigException e = assertThrows(ConfigException.class, () ->
                new TorControlSettings(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(empty)).readPassword());
        assertEquals(empty, e.file());
        assertTrue(e.problem().contains("empty"));
        assertFalse(e.getMessage().contains("secret"));
        Path missing = dir.resolve("missing");
        ConfigException m = assertThrows(ConfigException.class, () ->
                new TorControlSettings(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(missing)).readPassword());
        assertEquals(missing, m.file());
    }

    @Test
    void exceptionMessageShape() {
        ConfigException e = new ConfigException(Path.of("/etc/ob/config.yaml"), 7, "'key' is missing from this service.", "add 'key: m.key'.");
        assertEquals("/etc/ob/config.yaml:7: 'key' is missing from this service. Fix: add 'key: m.key'.", e.getMessage());
        assertEquals("/etc/ob/x: gone. Fix: f.", new ConfigException(Path.of("/etc/ob/x"), 0, "gone.", "f.").getMessage());
    }

    @Test
    void instanceNamesAreOneLine() {
        var a = ConfigWriterTest.NEW;
        assertThrows(IllegalArgumentException.class, () -> InstanceConfig.of(a, "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> InstanceConfig.of(a, "  "));
        assertEquals("node1", ConfigWriter.scalarText("node1"));
        assertEquals("'no'", ConfigWriter.scalarText("no"));
        assertEquals("'it''s'", ConfigWriter.scalarText("it's"));
    }
}
