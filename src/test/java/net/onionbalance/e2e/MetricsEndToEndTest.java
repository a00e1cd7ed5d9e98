package net.onionbalance.e2e;

import net.onionbalance.cli.StatusCommandAccess;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus endpoint of a balancer running on the private network, scraped as Prometheus
 * would: the exposition passes {@code promtool check metrics}, and its figures agree with the
 * status socket's. With metrics off, no metrics class is even loaded.
 */
class MetricsEndToEndTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(2);

    @TempDir
    Path tmp;

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STATUS_INSTANCE = Pattern.compile("\\{\"descriptorReceived\": \"([^\"]+)\", \"introPointsNum\": (\\d+), "
            + "\"introSetModified\": \"[^\"]+\", \"onionAddress\": \"([a-z2-7]{56}\\.onion)\"}");

    private record Sample(String name, Map<String, String> labels, double value) {}

    private List<String> args(Path config) {
        return List.of("--is-testnet", "-c", config.toString(), "-i", NET.host(), "-p", Integer.toString(NET.controlPort()),
                "-s", tmp.resolve("no-system-tor").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void scrapedMetricsPassPromtoolAndMatchTheStatusSocket() throws Exception {
        int port = freePort();
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, Files.readString(NET.configYaml()) + "status-socket-location: " + tmp.resolve("control") + "\n"
                + "metrics:\n  listen: 127.0.0.1:" + port + "\n");
        try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), args(config))) {
            ob.awaitLogLine(l -> l.contains("Metrics at http://127.0.0.1:" + port + "/metrics"), Duration.ofSeconds(30));
            // Both descriptors with every backend's intro points, and an HSDir's answer to each.
            ob.awaitNthLogLine(l -> l.contains("Published the") && l.contains("node1×") && l.contains("node2×"), 2, Duration.ofSeconds(90));
            Instant deadline = Instant.now().plusSeconds(60);
            String text;
            List<Sample> samples;
            do {
                Thread.sleep(1000);
                text = scrape(port, "/metrics");
                samples = parse(text);
            } while (Instant.now().isBefore(deadline) && (value(samples, "onionbalance_descriptor_hsdirs_accepted", "slot", "first").orElse(0.0) == 0
                    || value(samples, "onionbalance_descriptor_hsdirs_accepted", "slot", "second").orElse(0.0) == 0));
            String status = StatusCommandAccess.read(tmp.resolve("control"));
            Instant statusAt = Instant.now();

            promtool(text);

            String service = NET.masterAddress() + ".onion";
            assertEquals(Optional.of(1.0), value(samples, "onionbalance_tor_control_connected"), text);
            assertEquals(Optional.of(0.0), value(samples, "onionbalance_tor_control_reconnects_total"), text);
            // Each backend: the status socket's intro point count and descriptor time, by address.
            Map<String, String> nameOf = new HashMap<>();
            samples.stream().filter(s -> s.name().equals("onionbalance_instance_info"))
                    .forEach(s -> nameOf.put(s.labels().get("address"), s.labels().get("instance")));
            Matcher m = STATUS_INSTANCE.matcher(status);
            int instances = 0;
            while (m.find()) {
                instances++;
                String name = nameOf.get(m.group(3));
                assertTrue(name != null, "instance " + m.group(3) + " in the metrics:\n" + text);
                assertEquals(Optional.of(Double.parseDouble(m.group(2))),
                        value(samples, "onionbalance_instance_intro_points", "service", service, "instance", name), text);
                assertEquals(Optional.of(1.0), value(samples, "onionbalance_instance_state", "instance", name, "state", "ok"), text);
                double age = value(samples, "onionbalance_instance_descriptor_age_seconds", "instance", name).orElseThrow();
                long received = java.time.LocalDateTime.parse(m.group(1).replace(' ', 'T')).toEpochSecond(java.time.ZoneOffset.UTC);
                // The socket writes whole seconds; the scrape came up to a few seconds before it.
                double expected = statusAt.getEpochSecond() - received;
                assertTrue(Math.abs(age - expected) <= 3, name + ": age " + age + " s, status socket says received at " + m.group(1));
            }
            assertEquals(NET.backends().size(), instances, status);

            for (String slot : List.of("first", "second")) {
                String key = slot.equals("first") ? "publishAttemptFirstDescriptor" : "publishAttemptSecondDescriptor";
                assertTrue(status.contains("\"" + key + "\": \""), key + " in " + status);
                assertTrue(value(samples, "onionbalance_descriptor_revision", "slot", slot).orElse(0.0) > 0, text);
                assertEquals(Optional.of(4.0), value(samples, "onionbalance_descriptor_intro_points", "slot", slot),
                        "2 backends × 2 intro points:\n" + text);
                double accepted = value(samples, "onionbalance_descriptor_hsdirs_accepted", "slot", slot).orElseThrow();
                double acceptedTotal = samples.stream().filter(s -> s.name().equals("onionbalance_descriptor_uploads_total")
                        && slot.equals(s.labels().get("slot")) && "accepted".equals(s.labels().get("result"))).mapToDouble(Sample::value).sum();
                assertTrue(acceptedTotal >= accepted && accepted > 0, slot + ": " + accepted + " HSDirs hold it, " + acceptedTotal + " accepted uploads");
                assertEquals(Optional.of(1.0), value(samples, "onionbalance_descriptor_publishes_total", "slot", slot, "reason", "never_published"), text);
                assertTrue(value(samples, "onionbalance_descriptor_last_accepted_upload_age_seconds", "slot", slot).orElseThrow() < 60, text);
            }
            assertTrue(value(samples, "process_resident_memory_bytes").orElse(0.0) > 10e6, text);
            assertEquals(404, status(port, "/"), "other paths: not found");
        }
    }

    @Test
    void withMetricsOffNoMetricsClassIsLoaded() throws Exception {
        Path classes = tmp.resolve("classes.log");
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, Files.readString(NET.configYaml()));
        try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), args(config),
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes))) {
            ob.awaitLogLine(l -> l.contains("Published the second descriptor"), Duration.ofSeconds(90));
        }
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertTrue(loaded.contains("net.onionbalance.engine.Balancer "), "the class log works");
        assertFalse(loaded.contains("net.onionbalance.metrics."), "metrics classes loaded with metrics off");
        assertFalse(loaded.contains("com.sun.net.httpserver."), "the HTTP server loaded with metrics off");
    }

    private static void promtool(String exposition) throws Exception {
        Optional<Path> promtool = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(":"))).map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            System.out.println("SKIPPED: promtool not installed (Debian package prometheus): exposition format not linted");
            return;
        }
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out + "\n" + exposition);
    }

    private static String scrape(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        return r.body();
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<Sample> parse(String text) {
        return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> {
            Matcher m = SAMPLE.matcher(l);
            assertTrue(m.matches(), "sample line: " + l);
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher lm = LABEL.matcher(m.group(2));
                while (lm.find()) {
                    labels.put(lm.group(1), lm.group(2));
                }
            }
            return new Sample(m.group(1), labels, Double.parseDouble(m.group(3)));
        }).toList();
    }

    /** The value of the one sample of {@code name} whose labels include the given pairs. */
    private static Optional<Double> value(List<Sample> samples, String name, String... labels) {
        List<Sample> hits = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertTrue(hits.size() <= 1, name + " matches " + hits);
        return hits.stream().findFirst().map(Sample::value);
    }
}
