package net.onionbalance.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code health-check:} under a service: defaults per network, every field, and a clear error for each mistake. */
class HealthCheckConfigTest {
    static final String A = ConfigLoaderTest.A;

    @TempDir
    Path dir;

    private final ConfigLoader publicNet = new ConfigLoader(Map.of(), key -> null);
    private final ConfigLoader testNet = new ConfigLoader(new OnionbalanceEnvironment(Map.of()), key -> null, true);

    private Path write(String healthCheck) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "services:\n- key: m.key\n" + healthCheck + "  instances:\n  - address: " + A + "\n");
        return f;
    }

    private Optional<HealthCheckSettings> load(ConfigLoader loader, String healthCheck) throws Exception {
        LoadedConfig l = loader.load(write(healthCheck));
        assertEquals(List.of(), l.warnings());
        return l.config().services().get(0).extensions().healthCheck();
    }

    private ConfigException failure(String healthCheck) throws IOException {
        Path f = write(healthCheck);
        return assertThrows(ConfigException.class, () -> publicNet.load(f));
    }

    @Test
    void absentMeansTheLivenessCheckAndOffMeansNone() throws Exception {
        // Changed with issue 30: checks are on by default (they were off without 'health-check:').
        HealthCheckSettings pub = load(publicNet, "").orElseThrow();
        assertEquals(HealthCheckSettings.liveness(false), pub);
        assertTrue(pub.liveness() && pub.httpPath().isEmpty());
        assertEquals(HealthCheckSettings.LIVENESS_PORT, pub.port());
        assertEquals(Duration.ofSeconds(60), pub.interval(), "the public interval");
        assertEquals(3, pub.failuresBeforeDown());
        assertEquals(Duration.ofSeconds(10), load(testNet, "").orElseThrow().interval(), "--is-testnet checks every 10 s");
        for (String off : new String[] {"off", "false", "no", "Off"}) {
            assertEquals(Optional.empty(), load(publicNet, "  health-check: " + off + "\n"), off);
        }
        assertEquals(Optional.empty(), load(publicNet, "  health-check:\n"), "an empty value stays 'none', as before");
        ConfigException e = failure("  health-check: 80\n");
        assertTrue(e.problem().contains("must be 'off' or hold the check's settings"), e.getMessage());
        assertTrue(e.fix().contains("health-check: off") && e.fix().contains("port: 80"), e.getMessage());
        assertFalse(load(publicNet, "  health-check:\n    port: 80\n").orElseThrow().liveness(), "a configured port is the full check");
    }

    @Test
    void onlyAPortTakesTheNetworksDefaults() throws Exception {
        HealthCheckSettings pub = load(publicNet, "  health-check:\n    port: 80\n").orElseThrow();
        assertEquals(new HealthCheckSettings(80, Optional.empty(), new HttpStatusRange(200, 399), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 3, 2), pub);
        HealthCheckSettings test = load(testNet, "  health-check:\n    port: 80\n").orElseThrow();
        assertEquals(Duration.ofSeconds(10), test.interval(), "--is-testnet checks every 10 s");
        assertEquals(Duration.ofSeconds(10), test.timeout());
    }

    @Test
    void everyField() throws Exception {
        HealthCheckSettings s = load(publicNet, """
                  health-check:
                    port: 8080
                    path: /health?full=1
                    expect-status: 204
                    interval: 2m
                    timeout: 45s
                    failures-before-down: 5
                    successes-before-up: 1
                """).orElseThrow();
        assertEquals(new HealthCheckSettings(8080, Optional.of("/health?full=1"), new HttpStatusRange(204, 204),
                Duration.ofMinutes(2), Duration.ofSeconds(45), 5, 1), s);
    }

    @Test
    void mistakesAreNamedWithTheirLine() throws Exception {
        ConfigException noPort = failure("  health-check:\n    path: /\n");
        assertTrue(noPort.problem().contains("'port' is missing"), noPort.getMessage());
        assertTrue(noPort.fix().contains("HiddenServicePort"), noPort.getMessage());

        ConfigException typo = failure("  health-check:\n    prot: 80\n");
        assertTrue(typo.problem().contains("did you mean 'port'"), typo.getMessage());

        ConfigException bigPort = failure("  health-check:\n    port: 80000\n");
        assertEquals(4, bigPort.line());
        assertTrue(bigPort.problem().contains("1..65535"), bigPort.getMessage());

        ConfigException path = failure("  health-check:\n    port: 80\n    path: health\n");
        assertEquals(5, path.line());
        assertTrue(path.problem().contains("must start with '/'"), path.getMessage());

        ConfigException status = failure("  health-check:\n    port: 80\n    path: /\n    expect-status: 2xx\n");
        assertEquals(6, status.line());
        assertTrue(status.problem().contains("200-399"), status.getMessage());

        ConfigException statusWithoutPath = failure("  health-check:\n    port: 80\n    expect-status: 200\n");
        assertTrue(statusWithoutPath.problem().contains("needs a 'path'"), statusWithoutPath.getMessage());

        ConfigException slow = failure("  health-check:\n    port: 80\n    interval: 10s\n    timeout: 30s\n");
        assertEquals(3, slow.line());
        assertTrue(slow.problem().contains("must not be longer than interval"), slow.getMessage());

        ConfigException zero = failure("  health-check:\n    port: 80\n    failures-before-down: 0\n");
        assertTrue(zero.problem().contains("1..10"), zero.getMessage());

        ConfigException notMapping = failure("  health-check: 80\n");
        assertTrue(notMapping.problem().contains("must be 'off' or hold the check's settings"), notMapping.getMessage());
        ConfigException list = failure("  health-check:\n  - port: 80\n");
        assertTrue(list.problem().contains("must hold the health-check settings"), list.getMessage());
    }

    @Test
    void theSampleMeansWhatItsCommentsSay() throws Exception {
        BalancerConfig c = publicNet.load(ConfigSamplesTest.SAMPLES.resolve("health-check.yaml")).config();
        assertEquals(new HealthCheckSettings(80, Optional.of("/health"), new HttpStatusRange(200, 299), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 3, 2), c.services().get(0).extensions().healthCheck().orElseThrow());
        assertEquals(Optional.of(HealthCheckSettings.defaults(22, false)), c.services().get(1).extensions().healthCheck());
    }
}
