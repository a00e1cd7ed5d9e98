package net.onionbalance.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * The one way we read a file whole: it must be a regular file (checked before opening it, so a
 * FIFO never blocks us and a device never streams forever) and no bigger than its kind's limit
 * (checked from the size before reading and again while reading, so a file that grows or lies
 * about its size is still cut off at the limit plus one byte).
 */
public final class BoundedFiles {
    private BoundedFiles() {}

    public static byte[] read(Path path, FileKind kind) throws BoundedFileException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class); // follows symlinks: the target counts
        } catch (NoSuchFileException e) {
            throw new BoundedFileException(BoundedFileException.Reason.MISSING, kind, path, "does not exist", e);
        } catch (AccessDeniedException e) {
            throw new BoundedFileException(BoundedFileException.Reason.PERMISSION_DENIED, kind, path,
                    "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw unreadable(kind, path, e);
        }
        if (!attrs.isRegularFile()) {
            throw new BoundedFileException(BoundedFileException.Reason.NOT_REGULAR_FILE, kind, path,
                    "is " + what(attrs) + ", not a regular file", null);
        }
        if (attrs.size() > kind.maxBytes()) {
            throw tooLarge(kind, path, Long.toString(attrs.size()));
        }
        try (SeekableByteChannel ch = Files.newByteChannel(path)) {
            return readAll(ch, kind, path, attrs.size());
        } catch (BoundedFileException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw new BoundedFileException(BoundedFileException.Reason.PERMISSION_DENIED, kind, path,
                    "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw unreadable(kind, path, e);
        }
    }

    /**
     * Reads the channel to its end into one array grown as needed, at most the limit plus one
     * byte. Every intermediate array is zeroed, since a key file's bytes pass through them.
     */
    private static byte[] readAll(SeekableByteChannel ch, FileKind kind, Path path, long sizeHint) throws IOException {
        int cap = kind.maxBytes() + 1;
        byte[] buf = new byte[(int) Math.max(1, Math.min(cap, sizeHint + 1))];
        int n = 0;
        try {
            while (true) {
                if (n == buf.length) {
                    if (n >= cap) {
                        throw tooLarge(kind, path, "more than " + kind.maxBytes());
                    }
                    byte[] bigger = Arrays.copyOf(buf, (int) Math.min(cap, 2L * buf.length));
                    Arrays.fill(buf, (byte) 0);
                    buf = bigger;
                }
                int r = ch.read(ByteBuffer.wrap(buf, n, buf.length - n));
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n > kind.maxBytes()) {
                throw tooLarge(kind, path, "more than " + kind.maxBytes());
            }
            return Arrays.copyOf(buf, n);
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    /** A stream (e.g. standard input for "-") read up to the kind's limit; {@code name} names it in messages. */
    public static byte[] read(InputStream in, FileKind kind, String name) throws BoundedFileException {
        Path named = Path.of(name);
        try {
            byte[] data = in.readNBytes(kind.maxBytes() + 1);
            if (data.length > kind.maxBytes()) {
                throw tooLarge(kind, named, "more than " + kind.maxBytes());
            }
            return data;
        } catch (BoundedFileException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(kind, named, e);
        }
    }

    private static BoundedFileException tooLarge(FileKind kind, Path path, String size) {
        return new BoundedFileException(BoundedFileException.Reason.TOO_LARGE, kind, path,
                "is " + size + " bytes; a " + kind.words() + " is at most " + kind.maxBytes() + " bytes", null);
    }

    private static BoundedFileException unreadable(FileKind kind, Path path, IOException e) {
        String m = e.getMessage();
        // NoSuchFileException and friends carry only the path as their message: say what happened instead.
        String why = m == null || m.equals(path.toString()) ? e.getClass().getSimpleName() : m;
        return new BoundedFileException(BoundedFileException.Reason.UNREADABLE, kind, path, "cannot be read: " + why, e);
    }

    private static String what(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a folder";
        }
        if (a.isOther()) {
            return "a device, FIFO or socket";
        }
        return "not a regular file";
    }
}
