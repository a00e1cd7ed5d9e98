package net.onionbalance.status;

import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The status socket of onionbalance 0.2.x: a Unix stream socket that writes one JSON document
 * (see {@link StatusJson}) to every client that connects, then closes. Reads only the latest
 * snapshot, so a slow client never delays the engine; a client that stops reading is dropped
 * after {@link #DEFAULT_WRITE_DEADLINE}, so it cannot hold up the clients after it either.
 */
public final class StatusSocketServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatusSocketServer.class.getName());
    /** Ample for a reader on the same machine; short enough that `onionbalance status` never seems hung. */
    static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(3);

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    /** How long one client may take to read the document before it is dropped. */
    private final Duration writeDeadline;

    private StatusSocketServer(Path path, ServerSocketChannel server, Supplier<String> document, Duration writeDeadline) {
        this.path = path;
        this.server = server;
        this.writeDeadline = writeDeadline;
        this.acceptor = new Thread(() -> serve(document), "status-socket");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code path} (mode 0660) and starts answering.
     *
     * @throws IOException with a message naming the path and the likely fix
     */
    public static StatusSocketServer start(Path path, Supplier<String> document) throws IOException {
        return start(path, document, DEFAULT_WRITE_DEADLINE);
    }

    /** As {@link #start(Path, Supplier)}, dropping a client that has not read the document within {@code writeDeadline}. */
    public static StatusSocketServer start(Path path, Supplier<String> document, Duration writeDeadline) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("cannot create status socket " + path + ": folder " + parent
                    + " does not exist (create it, e.g. via tmpfiles.d, or change status-socket-location)");
        }
        removeStale(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
            // The JSON names the backends: readable by the service's group at most.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            ch.close();
            throw new IOException("could not start status socket at " + path + ": " + e.getMessage()
                    + " (does the folder exist? do you have permission?)", e);
        }
        var s = new StatusSocketServer(path, ch, document, writeDeadline);
        s.acceptor.start();
        return s;
    }

    /**
     * A socket file left by a balancer that died is removed; a live one is refused; anything that
     * is not a socket (a regular file, a folder, a symlink: a typo in status-socket-location) is
     * left alone and refused, since removing it would destroy the operator's data.
     */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException("cannot create status socket " + path + ": it already exists and is "
                    + describe(path) + ", not a socket; it is left as it is (fix status-socket-location or move it away)");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("status socket " + path + " is in use by another running balancer");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("in use by another")) {
                throw e;
            }
            Files.delete(path);
        }
    }

    /** S_IFSOCK in the st_mode of the path itself (not of a symlink's target). */
    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0140000;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            var a = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return a.isOther();
        }
    }

    private static String describe(Path path) {
        if (Files.isSymbolicLink(path)) {
            return "a symbolic link";
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "a folder";
        }
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? "a regular file" : "a device or FIFO";
    }

    private void serve(Supplier<String> document) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                ByteBuffer buf = ByteBuffer.wrap(document.get().getBytes(StandardCharsets.UTF_8));
                if (!writeWithin(client, buf, writeDeadline)) {
                    LOG.fine(() -> "status socket client read " + buf.position() + " of " + buf.limit()
                            + " bytes in " + writeDeadline.toMillis() + " ms: dropped");
                }
            } catch (ClosedChannelException e) {
                if (!server.isOpen()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "status socket client: " + e.getMessage());
            }
        }
    }

    /**
     * Writes {@code buf}, or gives up (false) when the client has not taken all of it within
     * {@code deadline} of the first write: a deadline for the whole document, not for an idle gap,
     * so that a client reading a byte at a time cannot hold the socket either. Clients are served
     * one after another, and a document larger than the socket's buffer (many services and
     * backends) would otherwise leave every later client waiting on one that connected and never read.
     */
    private static boolean writeWithin(SocketChannel client, ByteBuffer buf, Duration deadline) throws IOException {
        client.configureBlocking(false);
        long end = System.nanoTime() + deadline.toNanos();
        try (Selector selector = Selector.open()) {
            client.register(selector, SelectionKey.OP_WRITE);
            while (true) {
                client.write(buf);
                if (!buf.hasRemaining()) {
                    return true;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warning(() -> "could not remove status socket " + path + ": " + e.getMessage());
        }
    }
}
