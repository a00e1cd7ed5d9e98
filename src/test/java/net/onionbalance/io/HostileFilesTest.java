package net.onionbalance.io;

import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a file that is not what it claims does to each reader: a symlink to /dev/zero (endless),
 * a FIFO (blocks on open), a sparse gigabyte (cheap on disk, expensive in memory). Each is refused
 * at once with a message that names the kind of file, the path and the limit.
 */
@Timeout(20)
class HostileFilesTest {
    @TempDir
    static Path dir;
    static Path zero;
    static Path fifo;
    static Path sparse;

    @BeforeAll
    static void makeThem() throws Exception {
        zero = Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
        fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        sparse = dir.resolve("sparse.yaml");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
    }

    @Test
    void boundedFilesRefusesEachWithTheKindPathAndLimit() {
        var e = assertThrows(BoundedFileException.class, () -> BoundedFiles.read(zero, FileKind.KEY_FILE));
        assertEquals("key file " + zero + " is a device, FIFO or socket, not a regular file", e.getMessage());
        e = assertThrows(BoundedFileException.class, () -> BoundedFiles.read(fifo, FileKind.CONFIG_FILE));
        assertEquals(BoundedFileException.Reason.NOT_REGULAR_FILE, e.reason());
        e = assertThrows(BoundedFileException.class, () -> BoundedFiles.read(sparse, FileKind.CONFIG_FILE));
        assertEquals("config file " + sparse + " is 1073741824 bytes; a config file is at most 1048576 bytes", e.getMessage());
        e = assertThrows(BoundedFileException.class, () -> BoundedFiles.read(dir, FileKind.DESCRIPTOR_FILE));
        assertEquals("descriptor file " + dir + " is a folder, not a regular file", e.getMessage());
        e = assertThrows(BoundedFileException.class, () -> BoundedFiles.read(dir.resolve("nope"), FileKind.TORRC));
        assertEquals("torrc " + dir.resolve("nope") + " does not exist", e.getMessage());
    }

    @Test
    void aFileAtTheLimitIsReadAndOneByteMoreIsNot() throws Exception {
        Path f = Files.write(dir.resolve("cookie"), new byte[FileKind.CONTROL_COOKIE.maxBytes()]);
        assertEquals(32, BoundedFiles.read(f, FileKind.CONTROL_COOKIE).length);
        Files.write(f, new byte[33]);
        assertEquals(BoundedFileException.Reason.TOO_LARGE,
                assertThrows(BoundedFileException.class, () -> BoundedFiles.read(f, FileKind.CONTROL_COOKIE)).reason());
    }

    @Test
    void aKeyFileThatIsDevZeroOrAFifoIsRefused() {
        for (Path p : new Path[] {zero, fifo}) {
            var e = assertThrows(KeyFileException.class, () -> KeyFiles.load(p));
            assertTrue(e.getMessage().startsWith("key file " + p + " is a device, FIFO or socket"), e.getMessage());
        }
    }

    @Test
    void aSparseGigabyteConfigIsRefusedBeforeItIsRead() {
        ConfigLoader loader = new ConfigLoader(Map.of(), p -> null);
        for (Path p : new Path[] {sparse, zero, fifo}) {
            long start = System.nanoTime();
            var e = assertThrows(ConfigException.class, () -> loader.load(p));
            assertTrue(e.getMessage().contains("config file " + p), e.getMessage());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused without reading it");
        }
    }

    @Test
    void theStreamFormIsCappedToo() {
        var in = new java.io.InputStream() {
            @Override
            public int read() {
                return 'A';
            }
        };
        var e = assertThrows(BoundedFileException.class, () -> BoundedFiles.read(in, FileKind.DESCRIPTOR_FILE, "(standard input)"));
        assertEquals("descriptor file (standard input) is more than 50000 bytes; a descriptor file is at most 50000 bytes",
                e.getMessage());
    }

    /** One home for whole-file reads: a new reader that bypasses BoundedFiles would bring back every case above. */
    @Test
    void noOtherCodeReadsAFileWhole() throws Exception {
        java.util.regex.Pattern unbounded = java.util.regex.Pattern.compile(
                "Files\\.(readAllBytes|readString|readAllLines|lines|newInputStream|newBufferedReader)\\(|new FileInputStream\\(|new FileReader\\(");
        try (var files = Files.walk(Path.of("src", "main", "java"))) {
            var offenders = files.filter(p -> p.toString().endsWith(".java") && !p.endsWith(Path.of("io", "BoundedFiles.java")))
                    .filter(p -> {
                        try {
                            return unbounded.matcher(Files.readString(p)).find();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
            assertEquals(java.util.List.of(), offenders, "read files through BoundedFiles with a FileKind");
        }
    }
}
