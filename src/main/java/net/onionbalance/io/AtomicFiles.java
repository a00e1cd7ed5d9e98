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
import java.util.function.BiConsumer;

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
 * A kill -9 before the rename leaves the target as it was and the temporary file beside it; the
 * next write into that folder removes such leftovers ({@link Temporaries}).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** The moments of a write at which a crash test stops the process ({@link #pauseForTest}). */
    enum Step {
        /** The temporary file exists, empty. */
        TEMP_CREATED,
        /** Half of the content is in the temporary file, not yet flushed. */
        HALF_WRITTEN,
        /** The whole content is in the temporary file and flushed; the target is still the old file (or absent). */
        WRITTEN,
        /** The new content is in place under the target's name (the temporary name may still exist as a second link). */
        IN_PLACE
    }

    /** Called with the step and the target at each {@link Step}; set only by the kill -9 tests' child process. */
    static volatile BiConsumer<Step, Path> pauseForTest;

    private static void step(Step s, Path target) {
        BiConsumer<Step, Path> hook = pauseForTest;
        if (hook != null) {
            hook.accept(s, target);
        }
    }

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
        Temporaries.removeStale(folder);
        // PrivateFiles.createTempFile makes it 0600: the content is never readable by others while written.
        Path tmp = PrivateFiles.createTempFile(folder, real.getFileName().toString());
        boolean moved = false;
        try {
            step(Step.TEMP_CREATED, real);
            writeAndForce(tmp, content, real);
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
            step(Step.IN_PLACE, real);
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
        Temporaries.removeStale(dir);
        Path tmp = PrivateFiles.createTempFile(dir, target.getFileName().toString());
        try {
            step(Step.TEMP_CREATED, target);
            writeAndForce(tmp, content, target);
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                step(Step.IN_PLACE, target);
            } else {
                // A hard link never replaces an existing name: no race with a file created meanwhile.
                try {
                    Files.createLink(target, tmp);
                    step(Step.IN_PLACE, target);
                    Files.delete(tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    step(Step.IN_PLACE, target);
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

    /** Writes all of {@code content} into the existing temporary {@code file} and flushes it to disk. */
    private static void writeAndForce(Path file, byte[] content, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            int half = content.length / 2;
            writeAll(ch, ByteBuffer.wrap(content, 0, half));
            step(Step.HALF_WRITTEN, target);
            writeAll(ch, ByteBuffer.wrap(content, half, content.length - half));
            ch.force(true);
        }
        step(Step.WRITTEN, target);
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
