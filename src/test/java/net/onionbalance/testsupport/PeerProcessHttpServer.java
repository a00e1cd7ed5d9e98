package net.onionbalance.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tiny HTTP server on 127.0.0.1 for several backend tors that all forward to the same target (a
 * wizard deployment gives every bundle the same {@code HiddenServicePort}). It answers each request
 * with the name of the process that opened the connection: the test registers each backend tor's
 * PID, and the server finds the owner of the peer socket in Linux's {@code /proc/net/tcp} and
 * {@code /proc/<pid>/fd}. (tor does not bind {@code OutboundBindAddressExit} for loopback targets,
 * so source addresses cannot tell the backends apart.) A connection of no registered process gets
 * "unknown".
 */
public final class PeerProcessHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private PeerProcessHttpServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static PeerProcessHttpServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "peer-process-http");
            t.setDaemon(true);
            return t;
        });
        PeerProcessHttpServer h = new PeerProcessHttpServer(s, pool);
        s.createContext("/", ex -> {
            String name = h.nameOf(ex.getRemoteAddress().getPort());
            h.hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.setExecutor(pool);
        s.start();
        return h;
    }

    /** Answers connections opened by process {@code pid} with {@code name}. */
    public void name(long pid, String name) {
        names.put(pid, name);
    }

    /** The "host:port" a HiddenServicePort target names. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many requests each name answered. */
    public Map<String, Integer> hits() {
        Map<String, Integer> out = new TreeMap<>();
        hits.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private String nameOf(int peerPort) {
        Optional<String> inode = peerSocketInode(peerPort);
        if (inode.isEmpty()) {
            return "unknown (no socket 127.0.0.1:" + peerPort + " in /proc/net/tcp)";
        }
        String link = "socket:[" + inode.get() + "]";
        for (var e : names.entrySet()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(e.getKey()), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(link)) {
                            return e.getValue();
                        }
                    } catch (IOException closedMeanwhile) {
                        // an fd closed while we looked: not ours
                    }
                }
            } catch (IOException gone) {
                // that process ended
            }
        }
        return "unknown";
    }

    /** The inode of the socket 127.0.0.1:{peerPort} -> 127.0.0.1:{our port}, from /proc/net/tcp. */
    private Optional<String> peerSocketInode(int peerPort) {
        String local = String.format(Locale.ROOT, "0100007F:%04X", peerPort);
        String remote = String.format(Locale.ROOT, "0100007F:%04X", port());
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 9 && f[1].equals(local) && f[2].equals(remote)) {
                    return Optional.of(f[9]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
