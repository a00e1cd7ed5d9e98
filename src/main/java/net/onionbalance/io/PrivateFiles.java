package net.onionbalance.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only files and folders: tor refuses a HiddenServiceDir that others can read
 * (tor's check_private_dir, 0700), and keys are secrets (0600). The mode is set at creation, so
 * there is no moment in which a key is readable by others, and set again explicitly because a
 * umask could only have removed bits.
 */
public final class PrivateFiles {
    private PrivateFiles() {}

    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    public static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates a new owner-only folder; fails if the name is taken. */
    public static void createDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } else {
            Files.createDirectory(dir);
        }
    }

    /**
     * Creates an owner-only staging folder in {@code parent}, named {@code PREFIXonionbalance-<pid>-<random>}
     * ({@link Temporaries}); first removes the staging folders and temporary files that ended processes left there.
     */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        Temporaries.removeStale(parent);
        prefix = Temporaries.prefix(prefix);
        Path dir;
        if (posix(parent)) {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(DIR_MODE);
            dir = Files.createTempDirectory(parent, prefix, mode);
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } else {
            dir = Files.createTempDirectory(parent, prefix);
        }
        return dir;
    }

    /**
     * Writes a new owner-only file; fails if the name is taken. Through {@link AtomicFiles#writeOwnerOnly}
     * like every file we write, so the name only ever holds the whole content.
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        AtomicFiles.writeOwnerOnly(file, content, false);
    }

    /**
     * Creates an owner-only (0600) temporary file {@code .NAME.onionbalance-<pid>-<random>.tmp} in {@code dir},
     * to be renamed over NAME ({@link Temporaries}).
     */
    static Path createTempFile(Path dir, String name) throws IOException {
        String prefix = Temporaries.prefix("." + name + ".");
        if (posix(dir)) {
            return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    /** Removes a tree we created; symbolic links are removed, never followed. Best effort. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Best effort: the caller is already reporting the error that brought us here.
        }
    }
}
