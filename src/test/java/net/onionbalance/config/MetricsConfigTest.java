package net.onionbalance.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 'metrics: listen:' in config.yaml: off by default, loopback unless an address is written out. */
class MetricsConfigTest {
    @TempDir
    Path dir;

    private LoadedConfig load(String metrics) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "services: [{key: m.key, instances: [{address: " + ConfigLoaderTest.A + "}]}]\n" + metrics);
        return new ConfigLoader(Map.of(), k -> null).load(f);
    }

    private ConfigException failure(String metrics) {
        return assertThrows(ConfigException.class, () -> load(metrics));
    }

    @Test
    void offUnlessWritten() throws Exception {
        assertEquals(Optional.empty(), load("").config().extensions().metrics());
        assertEquals(Optional.empty(), load("metrics:\n").config().extensions().metrics(), "an empty 'metrics:' leaves them off");
    }

    @Test
    void aPortAloneBindsLoopback() throws Exception {
        LoadedConfig c = load("metrics:\n  listen: 9090\n");
        assertEquals(Optional.of(new MetricsSettings("127.0.0.1", 9090)), c.config().extensions().metrics());
        assertEquals(List.of(), c.warnings());
        assertEquals(Optional.of(new MetricsSettings("::1", 9090)), load("metrics: {listen: '[::1]:9090'}\n").config().extensions().metrics());
        assertEquals(List.of(), load("metrics: {listen: 'localhost:9090'}\n").warnings());
    }

    @Test
    void anAddressReachableFromOutsideIsAcceptedWithAWarning() throws Exception {
        LoadedConfig c = load("metrics:\n  listen: 0.0.0.0:9090\n");
        assertEquals(Optional.of(new MetricsSettings("0.0.0.0", 9090)), c.config().extensions().metrics());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).toString().contains(":3: metrics listen on 0.0.0.0:9090, reachable from other machines"),
                c.warnings().toString());
    }

    @Test
    void badValuesNameTheLineAndTheFix() {
        ConfigException e = failure("metrics:\n  listen: 127.0.0.1:99999\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("the port must be a number 1..65535"), e.getMessage());
        assertTrue(failure("metrics:\n  listen: metrics.example.org:9090\n").getMessage()
                .contains("'metrics.example.org' is not an IP address (or localhost)"));
        assertTrue(failure("metrics:\n  listen: ::1:9090\n").getMessage().contains("write an IPv6 address in brackets"));
        assertTrue(failure("metrics:\n  port: 9090\n").getMessage().contains("'metrics' needs 'listen:'"));
        assertTrue(failure("metrics: 9090\n").getMessage().contains("'metrics' must hold 'listen: ADDRESS:PORT'"));
        assertTrue(failure("metrics:\n  listen:\n").getMessage().contains("'listen' has no value"));
    }
}
