package net.onionbalance.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;

/**
 * The one way we replace or create a file so that readers see either the old or the new content,
 * never a torn one, and a crash leaves one of the two on disk: write a temporary file in the same
 * folder, fsync it, rename it into place, fsync the folder. Two variants:
 * <ul>
 * <li>{@link #replace} keeps the old file's mode (and owner and group, where permitted) — for a
 *     config.yaml the operator owns; a symbolic link is followed: its target is replaced, the link stays;
 * <li>{@link #writeOwnerOnly} writes mode 0600 and never replaces an existing file unless asked —
 *     for keys, which tor refuses when others can read them.
 * </ul>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Thrown when the file no longer holds what the caller read before editing it. */
    public static final class ChangedOnDiskException extends IOException {
        private static final long serialVersionUID = 1L;

        ChangedOnDiskException(Path file) {
            super(file + " changed on disk while it was being edited");
        }
    }

    /**
     * Replaces {@code target} (which must exist) with {@code content}, keeping its mode.
     *
     * @param expectedCurrent the bytes the caller based its edit on, or null to skip the check;
     *                        when the file holds something else, nothing is written
     * @throws ChangedOnDiskException when {@code expectedCurrent} no longer matches
     */
    public static void replace(Path target, byte[] content, byte[] expectedCurrent) throws IOException {
        Path real = target.toRealPath();
        Path folder = real.getParent();
        PosixFileAttributeView view = Files.getFileAttributeView(real, PosixFileAttributeView.class);
        PosixFileAttributes before = view != null ? view.readAttributes() : null;
        // PrivateFiles.createTempFile makes it 0600: the content is never readable by others while written.
        Path tmp = PrivateFiles.createTempFile(folder, real.getFileName().toString());
        boolean moved = false;
        try {
            writeAndForce(tmp, content);
            if (before != null) {
                PosixFileAttributeView tmpView = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
                if (!before.group().equals(tmpView.readAttributes().group())) {
                    tmpView.setGroup(before.group());
                }
                if (!before.owner().equals(tmpView.readAttributes().owner())) {
                    tmpView.setOwner(before.owner()); // only root may; refusing beats silently taking the file over
                }
                tmpView.setPermissions(before.permissions());
            }
            if (expectedCurrent != null && !Arrays.equals(expectedCurrent, BoundedFiles.read(real, FileKind.CONFIG_FILE))) {
                throw new ChangedOnDiskException(target);
            }
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename atomically within " + folder + ": " + e.getMessage(), e);
            }
            moved = true;
            syncFolder(folder);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Writes {@code content} to {@code target} as an owner-only (0600) file; an existing file is
     * replaced only when {@code overwrite}, otherwise {@link java.nio.file.FileAlreadyExistsException}.
     * The temporary file is created 0600, so the content is never readable by others.
     *
     * @throws java.nio.file.AccessDeniedException when the folder does not let us create a file
     */
    public static void writeOwnerOnly(Path target, byte[] content, boolean overwrite) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = PrivateFiles.createTempFile(dir, target.getFileName().toString());
        try {
            writeAndForce(tmp, content);
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A hard link never replaces an existing name: no race with a file created meanwhile.
                try {
                    Files.createLink(target, tmp);
                    Files.delete(tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            syncFolder(dir);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file holds nothing an owner-only file would not
            }
        }
    }

    /** Makes a rename in {@code folder} durable (POSIX: fsync on the folder); best effort elsewhere. */
    public static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can open a folder for fsync; the rename itself has happened.
        }
    }

    /** Writes all of {@code content} into the existing {@code file} and flushes it to disk. */
    static void writeAndForce(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeAndForce(ch, content);
        }
    }

    static void writeAndForce(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        ch.force(true);
    }
}
