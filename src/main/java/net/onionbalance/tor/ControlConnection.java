package net.onionbalance.tor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One socket to tor's control port. Commands are written by the caller's thread; a reader
 * thread parses replies and hands command replies back in order (tor answers commands in the
 * order it received them, control-spec §2.1) and passes events to {@code eventSink}.
 *
 * <p>A command that times out keeps its place in the queue, so its late reply is consumed and
 * dropped instead of being taken for the answer to the next command.
 */
final class ControlConnection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ControlConnection.class.getName());

    private final ControlEndpoint endpoint;
    private final SocketChannel channel;
    private final Consumer<Reply> eventSink;
    private final BiConsumer<ControlConnection, String> onLost;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Object writeLock = new Object();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile boolean closedByUs;
    private volatile String lostReason = "";
    /**
     * Made when the connection opens, for a reader that fails: its failure path must not need
     * memory, since an OutOfMemoryError may have left none (a handler that failed with a second
     * one left the connection never marked lost and nothing reconnecting, issue 30).
     */
    private final String readerFailedReason;
    private final ControlConnectionLostException readerFailed;

    private record Pending(String description, CompletableFuture<Reply> future) {}

    private ControlConnection(ControlEndpoint endpoint, SocketChannel channel, Consumer<Reply> eventSink, BiConsumer<ControlConnection, String> onLost) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.eventSink = eventSink;
        this.onLost = onLost;
        this.readerFailedReason = TorEvent.ConnectionLost.READER_FAILED + " (its error is in the log)";
        this.readerFailed = ControlConnectionLostException.prepared("connection to tor at " + endpoint
                + " lost before it answered: " + readerFailedReason);
    }

    /**
     * Connects and starts the reader thread.
     *
     * @param onLost called once, from the reader thread, when the connection ends other than by {@link #close()}
     */
    static ControlConnection open(ControlEndpoint endpoint, Duration connectTimeout, Consumer<Reply> eventSink,
                                  BiConsumer<ControlConnection, String> onLost) throws ControlConnectionLostException {
        SocketChannel ch = connect(endpoint, connectTimeout);
        ControlConnection c = new ControlConnection(endpoint, ch, eventSink, onLost);
        Thread reader = new Thread(c::readLoop, "tor-control-reader " + endpoint);
        reader.setDaemon(true);
        reader.start();
        return c;
    }

    private static SocketChannel connect(ControlEndpoint endpoint, Duration timeout) throws ControlConnectionLostException {
        SocketChannel ch = null;
        try {
            if (endpoint instanceof ControlEndpoint.Unix) {
                // A Unix socket connect is immediate: it succeeds or fails at once.
                ch = SocketChannel.open(endpoint.socketAddress());
                return ch;
            }
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (!ch.connect(endpoint.socketAddress())) {
                try (Selector sel = Selector.open()) {
                    ch.register(sel, SelectionKey.OP_CONNECT);
                    if (sel.select(Math.max(1, timeout.toMillis())) == 0) {
                        throw new SocketTimeoutException("no answer within " + timeout.toSeconds() + " s");
                    }
                    ch.finishConnect();
                }
            }
            ch.configureBlocking(true);
            ch.socket().setTcpNoDelay(true);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new ControlConnectionLostException("cannot connect to tor's control port at " + endpoint + ": "
                    + describe(e) + hint(endpoint, e), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such socket";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static String hint(ControlEndpoint endpoint, Exception e) {
        if (endpoint instanceof ControlEndpoint.Unix && e instanceof AccessDeniedException) {
            return " (is this user in group debian-tor?)";
        }
        if (e instanceof ConnectException || e instanceof NoSuchFileException) {
            return " (is tor running, with ControlPort set in its torrc?)";
        }
        return "";
    }

    ControlEndpoint endpoint() {
        return endpoint;
    }

    boolean isOpen() {
        return !down.get();
    }

    /** Why the connection ended; empty while it is open. */
    String lostReason() {
        return lostReason;
    }

    /**
     * Sends one command and waits for its reply. Any reply status is returned; deciding what is
     * an error is the caller's business.
     *
     * @param description what to name the command in messages (never contains secrets)
     * @param wire        the command without its final CRLF; a "+" command includes its data block
     */
    Reply call(String description, String wire, Duration timeout) throws ControlException {
        Pending p = new Pending(description, new CompletableFuture<>());
        byte[] bytes = (wire + "\r\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            synchronized (pending) {
                if (down.get()) {
                    throw lostException(description);
                }
                pending.addLast(p);
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                lost("writing to tor failed: " + describe(e));
            }
        }
        try {
            return p.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ControlTimeoutException("tor at " + endpoint + " did not answer " + description + " within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ControlException ce) {
                throw ce;
            }
            throw new ControlException("internal error waiting for " + description + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlConnectionLostException("interrupted while waiting for tor to answer " + description);
        }
    }

    private ControlConnectionLostException lostException(String description) {
        return new ControlConnectionLostException("connection to tor at " + endpoint + " lost before it answered "
                + description + ": " + lostReason);
    }

    private void readLoop() {
        ReplyReader reader = new ReplyReader(new ChannelInput(channel));
        try {
            while (true) {
                Reply r = reader.read();
                if (r == null) {
                    lost("tor closed the connection");
                    return;
                }
                if (r.isAsync()) {
                    eventSink.accept(r);
                    continue;
                }
                Pending p;
                synchronized (pending) {
                    p = pending.pollFirst();
                }
                if (p == null) {
                    // Tor sends e.g. "514 Authentication required." and then hangs up.
                    LOG.warning(() -> "tor at " + endpoint + " sent a reply nobody asked for: "
                            + r.status() + " " + r.last().text());
                } else {
                    p.future().complete(r);
                }
            }
        } catch (IOException e) {
            lost(closedByUs ? "closed" : "reading from tor failed: " + describe(e));
        } catch (ControlProtocolException e) {
            lost(e.getMessage());
        } catch (Throwable e) {
            // Anything, OutOfMemoryError included: a reader thread that dies without marking the
            // connection lost leaves every later command to time out and no reconnection to run.
            // The reply in progress may hold most of the heap: let go of it first, then mark the
            // connection lost with what was prepared at open; the details are extras that may fail.
            reader.discard();
            readerFailed(e);
            if (e instanceof Error err && !(e instanceof OutOfMemoryError)) {
                throw err;
            }
        }
    }

    private void readerFailed(Throwable e) {
        String reason = readerFailedReason;
        try {
            reason = TorEvent.ConnectionLost.READER_FAILED + ": " + e;
        } catch (Throwable stillNoMemory) {
            // the prepared reason says where to look
        }
        lost(reason, readerFailed);
        try {
            LOG.log(Level.SEVERE, e, () -> "control reader for " + endpoint + " failed");
        } catch (Throwable stillNoMemory) {
            // the connection is marked lost, which is what matters; the log line is lost
        }
    }

    private void lost(String reason) {
        lost(reason, null);
    }

    /** @param prepared the error for every pending command, or null to make one per command (naming it) */
    private void lost(String reason, ControlConnectionLostException prepared) {
        if (!down.compareAndSet(false, true)) {
            return;
        }
        lostReason = reason;
        closeQuietly(channel);
        synchronized (pending) {
            Pending p;
            while ((p = pending.pollFirst()) != null) {
                p.future().completeExceptionally(prepared != null ? prepared : lostException(p.description()));
            }
        }
        if (!closedByUs) {
            onLost.accept(this, reason);
        }
    }

    @Override
    public void close() {
        closedByUs = true;
        lost("closed by onionbalance");
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do: the socket is going away either way
            }
        }
    }
}
