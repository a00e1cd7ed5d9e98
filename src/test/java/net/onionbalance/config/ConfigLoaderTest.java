package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    static final String A = "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd";
    static final String B = "fyiozhqhw4o5b5h23qplwpgqjgpwjqkph2betcxxhupnkgx74gpprfad";
    static final String C = "ki57q3wojrpc5c74pccxf6agcj67fxaof7klklr42myahwwji3bv73qd";
    static final String MASTER = "7v7rh2vmryinwnisqkwgrekbv3p6ijov723sm4fr6u3ebdgy2on6j7qd";

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of(), key -> null);

    private Path write(String text) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, text);
        return f;
    }

    private LoadedConfig load(String text) throws Exception {
        return loader.load(write(text));
    }

    private ConfigException failure(String text) throws IOException {
        Path f = write(text);
        return assertThrows(ConfigException.class, () -> loader.load(f));
    }

    @Test
    void readsTheOnionbalanceKeys() throws Exception {
        LoadedConfig l = load("""
                status-socket-location: /run/ob/control
                services:
                - key: keys/master.key
                  instances:
                  - address: %s.onion
                    name: node1
                  - address: %s
                """.formatted(A, B.toUpperCase()));
        BalancerConfig c = l.config();
        assertEquals(List.of(), l.warnings());
        assertEquals(Optional.of(Path.of("/run/ob/control")), c.statusSocketLocation());
        ServiceConfig s = c.services().get(0);
        assertEquals(dir.resolve("keys/master.key"), s.key(), "key is relative to the config file's folder");
        assertEquals(List.of(InstanceConfig.of(OnionAddress.parse(A), "node1"), InstanceConfig.of(OnionAddress.parse(B))), s.instances(),
                "'.onion' and upper case are accepted and normalised away");
        assertEquals(2, c.introPointsPerInstance(s));
        assertEquals(Timings.PUBLIC_NETWORK, c.timings());
        assertEquals(TimingOverrides.NONE, c.extensions().timings());
        assertEquals(TorControlSettings.NONE, c.extensions().torControl());
    }

    @Test
    void absoluteKeyPathStaysAsWritten() throws Exception {
        BalancerConfig c = load("services: [{key: /etc/ob/m.key, instances: [{address: %s}]}]".formatted(A)).config();
        assertEquals(Path.of("/etc/ob/m.key"), c.services().get(0).key());
        assertEquals(Optional.empty(), c.statusSocketLocation(), "no status-socket-location: no socket, as onionbalance 0.2.x");
    }

    @Test
    void statusSocketFromTheEnvironmentWins() throws Exception {
        Path f = write("status-socket-location: /from/config\nservices: [{key: m.key, instances: [{address: %s}]}]".formatted(A));
        ConfigLoader withEnv = new ConfigLoader(Map.of("ONIONBALANCE_STATUS_SOCKET_LOCATION", "/from/env"), k -> null);
        assertEquals(Optional.of(Path.of("/from/env")), withEnv.load(f).config().statusSocketLocation());
        ConfigLoader emptyEnv = new ConfigLoader(Map.of("ONIONBALANCE_STATUS_SOCKET_LOCATION", ""), k -> null);
        assertEquals(Optional.of(Path.of("/from/config")), emptyEnv.load(f).config().statusSocketLocation());
    }

    @Test
    void configPathComesFromTheEnvironment() throws Exception {
        Path f = write("services: [{key: m.key, instances: [{address: %s}]}]".formatted(A));
        ConfigLoader withEnv = new ConfigLoader(Map.of("ONIONBALANCE_CONFIG", f.toString()), k -> null);
        assertEquals(f, withEnv.loadDefault().config().source());
        assertEquals(Path.of("config.yaml"), new OnionbalanceEnvironment(Map.of()).configPath());
        OnionbalanceEnvironment env = new OnionbalanceEnvironment(Map.of(
                "ONIONBALANCE_TOR_CONTROL_SOCKET", "/run/tor/control", "ONIONBALANCE_LOG_LEVEL", "debug"));
        assertEquals(Optional.of(Path.of("/run/tor/control")), env.torControlSocket());
        assertEquals(Optional.of("debug"), env.logLevel());
    }

    @Test
    void sameBackendUnderSeveralServicesIsAllowedAndFetchedOnce() throws Exception {
        BalancerConfig c = load("""
                services:
                - key: one.key
                  instances: [{address: %s}, {address: %s}]
                - key: two.key
                  instances: [{address: %s}, {address: %s}]
                """.formatted(A, B, B, C)).config();
        assertEquals(2, c.services().size());
        assertEquals(List.of(OnionAddress.parse(A), OnionAddress.parse(B), OnionAddress.parse(C)), c.uniqueInstanceAddresses());
    }

    @Test
    void missingServicesUsesOnionbalanceWordsAndNamesFileAndLine() throws Exception {
        ConfigException e = failure("# comment\nstatus-socket-location: /x\n");
        assertEquals(dir.resolve("config.yaml"), e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(dir.resolve("config.yaml") + ":2: Config file is bad. 'services' is missing."), e.getMessage());
        assertFalse(e.fix().isEmpty());
    }

    @Test
    void misspeltRequiredKeyGetsDidYouMean() throws Exception {
        ConfigException e = failure("""
                services:
                - key: m.key
                  instance:
                  - address: %s
                """.formatted(A));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("'instances' is missing") && e.getMessage().contains("did you mean 'instances'"), e.getMessage());
    }

    @Test
    void missingKeyAndEmptyKey() throws Exception {
        ConfigException missing = failure("services:\n- instances:\n  - address: %s\n".formatted(A));
        assertEquals(2, missing.line());
        assertTrue(missing.problem().contains("'key' is missing"), missing.getMessage());
        ConfigException empty = failure("services:\n- key:\n  instances:\n  - address: %s\n".formatted(A));
        assertEquals(2, empty.line());
        assertTrue(empty.problem().contains("Key field is not set"), empty.getMessage());
    }

    @Test
    void noInstances() throws Exception {
        for (String instances : new String[] {"  instances:\n", "  instances: []\n"}) {
            ConfigException e = failure("services:\n- key: m.key\n" + instances);
            assertEquals(3, e.line());
            assertTrue(e.problem().contains("No backend instances are set. Onionbalance needs at least 1."), e.getMessage());
        }
    }

    @Test
    void addressProblems() throws Exception {
        ConfigException missing = failure("services:\n- key: m.key\n  instances:\n  - name: node1\n");
        assertEquals(4, missing.line());
        assertTrue(missing.problem().contains("'address' missing from instance."), missing.getMessage());

        ConfigException empty = failure("services:\n- key: m.key\n  instances:\n  - address: ''\n");
        assertEquals(4, empty.line());
        assertTrue(empty.problem().contains("Address field is not set."), empty.getMessage());

        ConfigException v2 = failure("services:\n- key: m.key\n  instances:\n  - address: %s\n  - address: expyuzz4wqqyqhjn.onion\n".formatted(A));
        assertEquals(5, v2.line());
        assertTrue(v2.problem().contains("is not an onion address") && v2.problem().contains("v2 address"), v2.getMessage());

        ConfigException typo = failure("services:\n- key: m.key\n  instances:\n  - address: %s\n".formatted(A.substring(1)));
        assertTrue(typo.problem().contains("55 characters"), typo.getMessage());
        String flipped = A.substring(0, 10) + (A.charAt(10) == 'a' ? 'b' : 'a') + A.substring(11);
        ConfigException checksum = failure("services:\n- key: m.key\n  instances:\n  - address: %s\n".formatted(flipped));
        assertEquals(4, checksum.line());
        assertTrue(checksum.problem().contains("is not an onion address") && checksum.problem().contains("checksum"), checksum.getMessage());

        ConfigException bare = failure("services:\n- key: m.key\n  instances:\n  - %s\n".formatted(A));
        assertEquals(4, bare.line());
        assertTrue(bare.fix().contains("- address:"), bare.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws Exception {
        ConfigException e = failure("services:\n- key: m.key\n  instances:\n  - address: %s\n   name: x\n".formatted(A));
        assertEquals(5, e.line());
        assertTrue(e.problem().startsWith("This is not valid YAML"), e.getMessage());
        ConfigException tab = failure("services:\n\t- key: m.key\n");
        assertEquals(2, tab.line());
    }

    @Test
    void aNulByteOrControlCharacterIsRefusedWithItsLineAndColumn() throws Exception {
        // A hostile-input run (issue 30): a NUL in config.yaml was refused with no place named.
        ConfigException nul = failure("services:\n- key: m.key\n  instances:\n  - address: ab\u0000c\n");
        assertEquals(4, nul.line(), nul.getMessage());
        assertTrue(nul.problem().contains("a NUL byte at column 16"), nul.getMessage());
        assertTrue(nul.getMessage().contains("config.yaml:4"), nul.getMessage());
        ConfigException bell = failure("# caf\u00e9 \uD83D\uDE00\r\nservices: # \u0007\n");
        assertEquals(2, bell.line(), bell.getMessage());
        assertTrue(bell.problem().contains("the control character U+0007 at column 13"), bell.getMessage());
    }

    @Test
    void emptyFileAndWrongShape() throws Exception {
        assertTrue(failure("# nothing yet\n").problem().contains("empty"));
        assertTrue(failure("- key: m.key\n").problem().contains("expected 'services:'"));
        ConfigException scalarServices = failure("services: m.key\n");
        assertEquals(1, scalarServices.line());
        assertTrue(scalarServices.problem().contains("'services' must be a list"));
    }

    @Test
    void duplicateKeysAreRefusedWithBothLines() throws Exception {
        ConfigException e = failure("""
                services:
                - key: m.key
                  instances:
                  - address: %s
                  instances:
                  - address: %s
                """.formatted(A, B));
        assertEquals(5, e.line());
        assertTrue(e.problem().contains("lines 3 and 5"), e.getMessage());
    }

    @Test
    void sameKeyFileTwiceIsRefused() throws Exception {
        ConfigException e = failure("""
                services:
                - key: m.key
                  instances: [{address: %s}]
                - key: ./m.key
                  instances: [{address: %s}]
                """.formatted(A, B));
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("same key file as the service on line 2"), e.getMessage());
    }

    @Test
    void masterListedAsItsOwnInstanceIsRefused() throws Exception {
        Path f = write("""
                services:
                - key: m.key
                  instances:
                  - address: %s
                  - address: %s.onion
                """.formatted(A, MASTER));
        Path key = dir.resolve("m.key");
        ConfigLoader withKeys = new ConfigLoader(Map.of(), k -> k.equals(key) ? OnionAddress.parse(MASTER) : null);
        ConfigException e = assertThrows(ConfigException.class, () -> withKeys.load(f));
        assertEquals(5, e.line());
        assertTrue(e.problem().contains("Did you configure your frontend (" + MASTER + ".onion) as an instance?"), e.getMessage());
        // The same file without a resolver loads: the check needs the key.
        assertEquals(2, loader.load(f).config().services().get(0).instances().size());
    }

    @Test
    void twoServicesWithTheSameMasterAreRefused() throws Exception {
        Path f = write("""
                services:
                - key: m.key
                  instances: [{address: %s}]
                - key: copy-of-m.key
                  instances: [{address: %s}]
                """.formatted(A, B));
        ConfigLoader withKeys = new ConfigLoader(Map.of(), k -> OnionAddress.parse(MASTER));
        ConfigException e = assertThrows(ConfigException.class, () -> withKeys.load(f));
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("same master"), e.getMessage());
    }

    @Test
    void v2KeysAreReportedAsIgnored() throws Exception {
        LoadedConfig l = load("""
                LOG_LEVEL: info
                REFRESH_INTERVAL: 600
                TOR_CONTROL_PASSWORD: secret
                services:
                - key: m.key
                  instances:
                  - address: %s
                    auth: abcdef
                """.formatted(A));
        assertEquals(4, l.warnings().size(), l.warnings().toString());
        assertEquals(List.of(1, 2, 3, 8), l.warnings().stream().map(ConfigWarning::line).toList());
        assertTrue(l.warnings().get(0).message().contains("'LOG_LEVEL' is an onionbalance v2 setting"));
        assertTrue(l.warnings().get(3).message().contains("'auth'"));
        assertTrue(l.warnings().stream().noneMatch(w -> w.toString().contains("secret")), "values are never echoed");
    }

    @Test
    void unknownKeysWarnWithDidYouMean() throws Exception {
        LoadedConfig l = load("""
                status_socket_location: /x
                colour: blue
                services:
                - key: m.key
                  instances:
                  - address: %s
                    nmae: node1
                """.formatted(A));
        assertEquals(3, l.warnings().size(), l.warnings().toString());
        assertTrue(l.warnings().get(0).message().contains("did you mean 'status-socket-location'?"), l.warnings().toString());
        assertTrue(l.warnings().get(1).message().endsWith("is ignored."), l.warnings().toString());
        assertEquals(7, l.warnings().get(2).line());
        assertTrue(l.warnings().get(2).message().contains("did you mean 'name'?"), l.warnings().toString());
        assertEquals(Optional.empty(), l.config().statusSocketLocation(), "a misspelt key does not take effect");
    }

    @Test
    void repeatedInstanceIsWarnedAndKeptOnce() throws Exception {
        LoadedConfig l = load("services:\n- key: m.key\n  instances:\n  - address: %s\n  - address: %s.onion\n".formatted(A, A));
        assertEquals(List.of(InstanceConfig.of(OnionAddress.parse(A))), l.config().services().get(0).instances());
        assertEquals(5, l.warnings().get(0).line());
        assertTrue(l.warnings().get(0).message().contains("already listed on line 4"));
    }

    @Test
    void extensions() throws Exception {
        BalancerConfig c = load("""
                intro-points-per-instance: 3
                tor-control:
                  host: 127.0.0.1
                  port: 9151
                  socket: /run/tor/control
                  password-file: secret/pw
                timings:
                  fetch-interval: 5m
                  republish-age: 1800
                  upload-retry-min: 500ms
                services:
                - key: a.key
                  instances: [{address: %s}]
                - key: b.key
                  intro-points-per-instance: 1
                  instances: [{address: %s}]
                """.formatted(A, B)).config();
        assertEquals(new TorControlSettings(Optional.of("127.0.0.1"), OptionalInt.of(9151), Optional.of(Path.of("/run/tor/control")),
                Optional.of(dir.resolve("secret/pw"))), c.extensions().torControl());
        assertEquals(3, c.introPointsPerInstance(c.services().get(0)));
        assertEquals(1, c.introPointsPerInstance(c.services().get(1)));
        Timings t = c.timings();
        assertEquals(Duration.ofMinutes(5), t.fetchInterval());
        assertEquals(Duration.ofMinutes(30), t.republishAge());
        assertEquals(Duration.ofMillis(500), t.uploadRetryMin());
        assertEquals(Timings.PUBLIC_NETWORK.instanceTooOld(), t.instanceTooOld(), "what is not overridden keeps the default");
    }

    @Test
    void testNetworkTimingsStartFromTheTestNetworkDefaults() throws Exception {
        Path f = write("timings:\n  instance-too-old: 1m\nservices: [{key: m.key, instances: [{address: %s}]}]\n".formatted(A));
        ConfigLoader testnet = new ConfigLoader(new OnionbalanceEnvironment(Map.of()), k -> null, true);
        Timings t = testnet.load(f).config().timings();
        assertEquals(Duration.ofMinutes(1), t.instanceTooOld());
        assertEquals(Timings.TEST_NETWORK.fetchInterval(), t.fetchInterval());
        assertEquals(Timings.TEST_NETWORK.republishAge(), t.republishAge());
        // A public-network fetch interval with test-network staleness cannot work: refused with the line.
        Path g = write("timings:\n  fetch-interval: 5m\nservices: [{key: m.key, instances: [{address: %s}]}]\n".formatted(A));
        ConfigException e = assertThrows(ConfigException.class, () -> testnet.load(g));
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("--is-testnet") && e.problem().contains("instance-too-old"), e.getMessage());
        assertEquals(Duration.ofMinutes(5), loader.load(g).config().timings().fetchInterval(), "fine on the public network");
    }

    @Test
    void badExtensionValues() throws Exception {
        String services = "services: [{key: m.key, instances: [{address: %s}]}]\n".formatted(A);
        ConfigException ips = failure("intro-points-per-instance: 21\n" + services);
        assertEquals(1, ips.line());
        assertTrue(ips.problem().contains("1..20"), ips.getMessage());
        ConfigException distinct = failure("services: [{key: m.key, distinct-descriptors: sometimes, instances: [{address: %s}]}]\n"
                .formatted(A));
        assertEquals(1, distinct.line());
        assertTrue(distinct.problem().contains("must be auto or off, found 'sometimes'"), distinct.getMessage());
        ConfigException port = failure("tor-control:\n  port: 90510\n" + services);
        assertEquals(2, port.line());
        ConfigException notNumber = failure("tor-control:\n  port: ninety\n" + services);
        assertTrue(notNumber.problem().contains("whole number"), notNumber.getMessage());
        ConfigException duration = failure("timings:\n  fetch-interval: ten minutes\n" + services);
        assertEquals(2, duration.line());
        assertTrue(duration.problem().contains("positive duration"), duration.getMessage());
        ConfigException lifetime = failure("timings:\n  republish-age: 4h\n" + services);
        assertEquals(1, lifetime.line());
        assertTrue(lifetime.problem().contains("descriptor lifetime"), lifetime.getMessage());
        ConfigException order = failure("timings:\n  upload-retry-min: 1h\n" + services);
        assertTrue(order.problem().contains("upload-retry-min"), order.getMessage());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(f));
        assertEquals(f, e.file());
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void pythonTagsAreNeverConstructed() throws Exception {
        ConfigException e = failure("services: !!python/object/apply:os.system ['touch pwned']\n");
        assertTrue(e.problem().contains("'services' must be a list") || e.problem().contains("not valid YAML"), e.getMessage());
        assertFalse(Files.exists(Path.of("pwned")));
    }

    @Test
    void mergeKeysWorkAsInPyYaml() throws Exception {
        LoadedConfig l = load("""
                x-backends: &backends
                  instances:
                  - address: %s
                services:
                - key: one.key
                  <<: *backends
                - <<: *backends
                  key: two.key
                  instances:
                  - address: %s
                """.formatted(A, B));
        List<ServiceConfig> s = l.config().services();
        assertEquals(List.of(InstanceConfig.of(OnionAddress.parse(A))), s.get(0).instances());
        assertEquals(List.of(InstanceConfig.of(OnionAddress.parse(B))), s.get(1).instances(), "an explicit key wins over a merged one");
        assertEquals(1, l.warnings().size(), "only the unknown top-level 'x-backends'");
    }

    @Test
    void oddShapesAreErrorsNotCrashes() throws Exception {
        for (String text : List.of("services: [1, 2]", "services:\n- key: [a]\n  instances: [{address: %s}]".formatted(A),
                "services:\n- key: m\n  instances: {a: b}", "services:\n- key: m\n  instances:\n  - address: [x]",
                "services: &s [*s]", "services:\n- key: m\n  instances:\n  - {? [a] : b}", "[", "services:\n- key: m\n  instances: [[]]",
                "services:\n- key: m\n  <<: 5\n", "tor-control: 5\nservices: []", "timings: [1]\nservices: []")) {
            ConfigException e = failure(text);
            assertTrue(e.line() >= 0 && !e.fix().isEmpty(), text + " -> " + e.getMessage());
        }
    }

    @Test
    void aMergeKeyCycleIsAConfigErrorWithItsLine() throws Exception {
        ConfigException self = failure("""
                services:
                - &svc
                  key: m.key
                  <<: *svc
                """);
        assertTrue(self.getMessage().contains("contains itself"), self.getMessage());
        assertEquals(2, self.line());
        ConfigException two = failure("""
                base: &a
                  inner: &b
                    <<: *a
                  <<: *b
                services: []
                """);
        assertTrue(two.getMessage().contains("contains itself"), two.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void nestedMergesCostLinearTime() throws Exception {
        StringBuilder y = new StringBuilder("l0: &l0 {key: m.key}\n");
        for (int i = 1; i <= 24; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" {<<: [*l").append(i - 1).append(", *l").append(i - 1)
                    .append("]}\n");
        }
        y.append("services:\n- <<: *l24\n  instances:\n  - address: ").append(A).append("\n");
        long start = System.nanoTime();
        LoadedConfig l = load(y.toString());
        assertEquals(dir.resolve("m.key"), l.config().services().get(0).key());
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "24 levels of doubled merges load at once");
    }

    @Test
    void aCookieFileOutsideTorsDefaultPlacesIsNamedUnderTorControl() throws Exception {
        LoadedConfig l = load("""
                tor-control:
                  cookie-file: tor-data/control_auth_cookie
                services:
                - key: m.key
                  instances: [{address: %s}]
                """.formatted(A));
        assertEquals(Optional.of(dir.resolve("tor-data/control_auth_cookie")), l.config().extensions().torControl().cookieFile());
    }
}
