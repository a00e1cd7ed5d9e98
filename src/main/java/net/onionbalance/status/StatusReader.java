package net.onionbalance.status;

import net.onionbalance.io.InputLimits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the status socket's one document, as a client: the whole of it within a deadline (a
 * socket that accepts and never answers, or trickles a byte a second, is given up on) and at
 * most {@link InputLimits#STATUS_DOCUMENT_BYTES}.
 */
public final class StatusReader {
    private StatusReader() {}

    /** The socket sent more than a status document may hold; read no further. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int maxBytes) {
            super("it sent more than " + maxBytes + " bytes, the most a status document may have (a balancer's is about"
                    + " 200 bytes per instance: 24 KB with 120); is that really a balancer's status socket?");
        }
    }

    public static String read(Path socket) throws IOException {
        return read(socket, InputLimits.STATUS_READ_TIMEOUT, InputLimits.STATUS_DOCUMENT_BYTES);
    }

    static String read(Path socket, Duration timeout, int maxBytes) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket)); // a Unix connect completes or fails at once
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            ByteArrayOutputStream doc = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no complete answer within " + timeout.toSeconds() + " s (" + doc.size()
                            + " bytes received); is that really a balancer's status socket?");
                }
                sel.select(Math.max(1, left / 1_000_000));
                sel.selectedKeys().clear();
                int n;
                while ((n = ch.read(b)) > 0) {
                    doc.write(b.array(), 0, b.position());
                    b.clear();
                    if (doc.size() > maxBytes) {
                        throw new TooLargeException(maxBytes);
                    }
                }
                if (n < 0) {
                    return doc.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }
}
