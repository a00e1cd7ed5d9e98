package net.onionbalance.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import net.onionbalance.config.MetricsSettings;
import net.onionbalance.engine.snapshot.EngineSnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Prometheus endpoint: {@code GET /metrics} in the text format, on the JDK's HTTP server with
 * its one dispatcher thread (a scrape every few seconds needs no pool), plus a sampler thread
 * that hands each new engine snapshot to the derived counters. Reads snapshots only.
 *
 * <p>Only {@link #start} is referenced from outside this package, and only when config.yaml has
 * {@code metrics:}: with metrics off, none of these classes (nor the HTTP server's) are loaded.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());
    /** Short enough that one HSDir cannot show two results in between (retries wait 2 s or more). */
    private static final long SAMPLE_MILLIS = 1000;

    private final HttpServer http;
    private final Thread sampler;
    private final Supplier<EngineSnapshot> snapshots;
    private final SnapshotCounters counters;
    private final Clock clock;
    private final String version;

    private MetricsServer(HttpServer http, Supplier<EngineSnapshot> snapshots, Duration republishAge, Clock clock, String version) {
        this.http = http;
        this.snapshots = snapshots;
        this.counters = new SnapshotCounters(republishAge);
        this.clock = clock;
        this.version = version;
        this.sampler = new Thread(this::sample, "metrics-sampler");
        this.sampler.setDaemon(true);
    }

    /**
     * Binds the address and starts serving.
     *
     * @param republishAge the configured periodic republish age, to tell a periodic republish from a forced one
     * @throws IOException naming the address when it cannot be bound
     */
    public static AutoCloseable start(MetricsSettings settings, Supplier<EngineSnapshot> snapshots, Duration republishAge,
                                      String version) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 8);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + settings.listen() + ": " + e.getMessage()
                    + " (is another program using the port? change 'metrics: listen:')", e);
        }
        MetricsServer m = new MetricsServer(http, snapshots, republishAge, Clock.systemUTC(), version);
        http.createContext("/", m::handle);
        http.start();
        m.sampler.start();
        LOG.info(() -> "Metrics at http://" + settings.listen() + "/metrics");
        return m;
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            synchronized (counters) {
                counters.observe(snapshots.get());
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The exposition of the latest snapshot. */
    String render() {
        List<MetricFamily> families = new ArrayList<>();
        synchronized (counters) {
            EngineSnapshot s = snapshots.get();
            counters.observe(s);
            families.addAll(SnapshotMetrics.families(s, counters, clock.instant(), version));
        }
        families.addAll(ProcessMetrics.families());
        return TextExposition.write(families);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/metrics")) {
                reply(ex, 404, "text/plain; charset=utf-8", "not found: the metrics are at /metrics\n");
            } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(ex, 405, "text/plain; charset=utf-8", "use GET\n");
            } else {
                reply(ex, 200, TextExposition.CONTENT_TYPE, render());
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "metrics request: " + e);
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
        http.stop(0);
    }
}
