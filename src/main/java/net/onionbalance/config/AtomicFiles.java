package net.onionbalance.config;

import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
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
 * Replaces a file so that readers see either the old or the new content, never a torn one, and
 * a crash leaves one of the two on disk: write a temporary file in the same folder, fsync it,
 * give it the old file's mode (and owner and group, where permitted), rename it over the old
 * one, fsync the folder. A symbolic link is followed: its target is replaced, the link stays.
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
     * Replaces {@code target} (which must exist) with {@code content}.
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
        // createTempFile makes it 0600 on POSIX: the content is never readable by others while written.
        Path tmp = Files.createTempFile(folder, "." + real.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
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

    /** Makes the rename itself durable (POSIX: fsync on the directory). */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for fsync; the rename has still happened.
        }
    }
}
