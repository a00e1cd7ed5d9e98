package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every commented example in config-samples/ loads, without warnings, meaning what its comments say. */
class ConfigSamplesTest {
    static final Path SAMPLES = Path.of("config-samples");
    private final ConfigLoader loader = new ConfigLoader(Map.of(), k -> null);

    private BalancerConfig load(String name) throws ConfigException {
        LoadedConfig l = loader.load(SAMPLES.resolve(name));
        assertEquals(List.of(), l.warnings(), name);
        return l.config();
    }

    @TestFactory
    Stream<DynamicTest> everySampleLoadsWithoutWarnings() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(samples.size() >= 5, "samples present: " + samples);
        return samples.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            LoadedConfig l = loader.load(p);
            assertEquals(List.of(), l.warnings());
            assertFalse(l.config().services().isEmpty());
            assertTrue(Files.readString(p).contains("#"), "samples are commented");
        }));
    }

    @Test
    void clientAuthorization() throws Exception {
        BalancerConfig c = load("client-authorization.yaml");
        ServiceConfig s = c.services().get(0);
        assertEquals(new AuthorizedClients.Folder(SAMPLES.toAbsolutePath().resolve("authorized_clients/shop")),
                s.extensions().authorizedClients());
        assertEquals(Optional.empty(), s.instances().get(0).clientKey());
        assertEquals(Optional.of(SAMPLES.toAbsolutePath().resolve("keys/node2.auth_private")), s.instances().get(1).clientKey());
        // The commented list form is valid too.
        String text = Files.readString(SAMPLES.resolve("client-authorization.yaml"));
        String listed = text.replace("  authorized-clients: authorized_clients/shop\n", "")
                .replace("  # authorized-clients:\n  # - descriptor", "  authorized-clients:\n  - descriptor");
        var l = loader.parse(SAMPLES.resolve("client-authorization.yaml"), listed);
        assertEquals(List.of(), l.warnings());
        assertEquals(1, ((AuthorizedClients.Listed) l.config().services().get(0).extensions().authorizedClients()).clients().size());
    }

    @Test
    void oneService() throws Exception {
        BalancerConfig c = load("one-service.yaml");
        assertEquals(Optional.of(Path.of("/var/run/onionbalance/control")), c.statusSocketLocation());
        ServiceConfig s = c.services().get(0);
        assertEquals(SAMPLES.toAbsolutePath().resolve("master.key"), s.key());
        assertEquals(List.of(Optional.of("node1"), Optional.of("node2"), Optional.of("node3")),
                s.instances().stream().map(InstanceConfig::name).toList());
        assertEquals(Timings.PUBLIC_NETWORK, c.timings());
    }

    @Test
    void sharedBackends() throws Exception {
        BalancerConfig c = load("shared-backends.yaml");
        assertEquals(2, c.services().size());
        OnionAddress shared = OnionAddress.parse("5g7alopjhqhmkzs72o6s6jigqjnximuwmweolzpasssxizzs63zsi5yd");
        assertTrue(c.services().get(0).instances().stream().anyMatch(i -> i.address().equals(shared)));
        assertTrue(c.services().get(1).instances().stream().anyMatch(i -> i.address().equals(shared)));
        assertEquals(3, c.uniqueInstanceAddresses().size(), "the shared backend is fetched once");
        assertEquals(2, c.introPointsPerInstance(c.services().get(0)));
        assertEquals(3, c.introPointsPerInstance(c.services().get(1)));
        assertEquals(DistinctDescriptors.OFF, c.services().get(0).extensions().distinctDescriptors());
        assertEquals(DistinctDescriptors.AUTO, c.services().get(1).extensions().distinctDescriptors(), "the default");
    }

    @Test
    void metricsOnLoopback() throws Exception {
        assertEquals(Optional.of(new MetricsSettings("127.0.0.1", 9090)), load("metrics.yaml").extensions().metrics());
        assertEquals(Optional.empty(), load("one-service.yaml").extensions().metrics(), "off unless written");
    }

    @Test
    void controlSocketWithCookie() throws Exception {
        TorControlSettings t = load("control-socket-cookie.yaml").extensions().torControl();
        assertEquals(Optional.of(Path.of("/run/tor/control")), t.socket());
        assertEquals(Optional.empty(), t.passwordFile());
    }

    @Test
    void controlPasswordFile() throws Exception {
        TorControlSettings t = load("control-password-file.yaml").extensions().torControl();
        assertEquals(Optional.of("127.0.0.1"), t.host());
        assertEquals(OptionalInt.of(9051), t.port());
        assertEquals(Optional.of(SAMPLES.toAbsolutePath().resolve("control-password")), t.passwordFile());
    }

    @Test
    void testNetworkTimings() throws Exception {
        ConfigLoader testnet = new ConfigLoader(new OnionbalanceEnvironment(Map.of()), k -> null, true);
        Timings t = testnet.load(SAMPLES.resolve("test-network.yaml")).config().timings();
        assertEquals(new Timings(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(8)), t);
    }
}
