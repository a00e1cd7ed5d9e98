package net.onionbalance.testnet;

import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TestNetwork.Backend;
import net.onionbalance.testsupport.TestNetwork.HttpResponse;
import net.onionbalance.testsupport.TestNetwork.SocksException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The private test network does what the tests and the demo rely on: a client reaches every backend's onion
 * address through the SocksPort, the balancer's tor takes the cookie and knows every HSDir, config.yaml and
 * ob_config name the right keys and addresses, nothing listens off loopback, one backend can be stopped and
 * started, and stop leaves no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestNetworkSmokeTest {
    private static final int BACKENDS = 2;
    private static TestNetwork net;

    @BeforeAll
    static void startNetwork() {
        net = TestNetwork.start(BACKENDS);
        System.err.println("[testnet] start took " + net.startTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopLeavesNothingBehind() throws IOException {
        if (net == null) {
            return;
        }
        Map<String, Long> pids = net.pids();
        List<Integer> ports = new ArrayList<>();
        net.env().forEach((k, v) -> {
            if (k.endsWith("_PORT")) {
                ports.add(Integer.parseInt(v));
            }
        });
        net.stop();
        List<String> alive = new ArrayList<>();
        pids.forEach((name, pid) -> {
            if (TestNetwork.isRunning(pid)) {
                alive.add(name + " (pid " + pid + ")");
            }
        });
        assertTrue(alive.isEmpty(), "still running after stop: " + alive);
        Set<Integer> listening = listeningLoopbackPorts();
        List<Integer> left = ports.stream().filter(listening::contains).toList();
        assertTrue(left.isEmpty(), "ports still listening after stop: " + left);
    }

    @Test
    @Order(1)
    void eachBackendAnswersWithItsNameThroughTheClientSocksPort() throws IOException {
        for (Backend b : net.backends()) {
            // "Ready" means one HSDir accepted each backend's descriptor, not all of them yet: a
            // client may first ask one that has not got it (0xF0), as on the public network.
            HttpResponse r = net.fetchUntilOk(b.onion(), java.time.Duration.ofSeconds(60));
            assertEquals(200, r.status(), "HTTP status from " + b.name());
            assertEquals(b.name() + "\n", r.body(), "body from " + b.onion());
        }
    }

    @Test
    @Order(2)
    void balancerTorTakesTheCookieAndItsConsensusListsEveryHsDir() throws IOException {
        byte[] cookie = Files.readAllBytes(net.cookiePath());
        assertEquals(32, cookie.length, "tor's control_auth_cookie is 32 bytes");
        try (Socket s = new Socket(net.host(), net.controlPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write(("AUTHENTICATE " + HexFormat.of().formatHex(cookie) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("250 OK", in.readLine());

            out.write("GETINFO status/bootstrap-phase\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String phase = in.readLine();
            assertTrue(phase.contains("PROGRESS=100"), phase);
            assertEquals("250 OK", in.readLine());

            out.write("GETINFO dir/status-vote/current/consensus-microdesc\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(in.readLine().startsWith("250+dir/status-vote/current/consensus-microdesc="));
            int hsDirs = 0;
            for (String line = in.readLine(); !line.equals("."); line = in.readLine()) {
                if (line.startsWith("s ") && List.of(line.split(" ")).contains("HSDir")) {
                    hsDirs++;
                }
            }
            assertEquals("250 OK", in.readLine());
            assertEquals(net.hsDirCount(), hsDirs, "relays flagged HSDir in the balancer tor's consensus");
            assertTrue(hsDirs >= 8, "enough HSDirs for 2 replicas x 4 positions: " + hsDirs);
        }
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void configYamlAndObConfigNameTheMasterAndEveryBackend() throws IOException {
        byte[] key = Files.readAllBytes(net.masterKeyPath());
        assertEquals(96, key.length, "tor's hs_ed25519_secret_key: 32-byte header + 64-byte expanded key");
        assertTrue(new String(key, 0, 29, StandardCharsets.US_ASCII).startsWith("== ed25519v1-secret: type0 =="));
        assertEquals(net.masterAddress() + ".onion",
                Files.readString(net.masterKeyPath().resolveSibling("hostname")).trim());
        assertTrue(net.masterAddress().matches("[a-z2-7]{55}d"), net.masterAddress());

        Map<String, Object> config;
        try (var reader = Files.newBufferedReader(net.configYaml())) {
            config = new Yaml().load(reader);
        }
        List<Map<String, Object>> services = (List<Map<String, Object>>) config.get("services");
        assertEquals(1, services.size());
        assertEquals(net.masterKeyPath().toString(), services.get(0).get("key"));
        List<Map<String, Object>> instances = (List<Map<String, Object>>) services.get(0).get("instances");
        assertEquals(BACKENDS, instances.size());
        for (int i = 0; i < BACKENDS; i++) {
            Backend b = net.backend(i + 1);
            assertEquals(b.address(), instances.get(i).get("address"));
            assertEquals("node" + (i + 1), instances.get(i).get("name"));
            assertEquals(b.onion(), Files.readString(b.hsDir().resolve("hostname")).trim());
            assertEquals("MasterOnionAddress " + net.masterAddress() + ".onion",
                    Files.readString(b.hsDir().resolve("ob_config")).trim());
            String log = Files.readString(b.dir().resolve("notice.log"));
            assertFalse(log.contains("[err]"), "backend " + b.name() + " logged an error");
        }
    }

    @Test
    @Order(4)
    void everyListenerOfTheNetworkIsOnLoopback() throws IOException {
        Map<String, Long> pids = net.pids();
        assertEquals(3 + 5 + 1 + 1 + 2 * BACKENDS, pids.size(), "processes: " + pids.keySet());
        Map<Long, String> listeners = listenersByInode();
        int seen = 0;
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", e.getValue().toString(), "fd"))) {
                for (Path fd : fds.toList()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException gone) {
                        continue;
                    }
                    Matcher m = Pattern.compile("socket:\\[(\\d+)]").matcher(target);
                    if (m.matches() && listeners.containsKey(Long.parseLong(m.group(1)))) {
                        String local = listeners.get(Long.parseLong(m.group(1)));
                        seen++;
                        assertTrue(local.startsWith("0100007F:"), e.getKey() + " listens on " + describe(local));
                    }
                }
            }
        }
        // 3 x (OR + Dir) + 5 OR + client SOCKS + control + balancer control + SOCKS (health checks)
        // + backends (control + HTTP).
        assertEquals(3 * 2 + 5 + 4 + 2 * BACKENDS, seen, "listening sockets of the network's processes");
    }

    @Test
    @Order(5)
    void aStoppedBackendIsUnreachableAndComesBackAfterStart() throws IOException {
        Backend b = net.backend(BACKENDS);
        net.stopBackend(b.index());
        // Unreachable: tor refuses the stream (introduction failed or timed out) or has no answer in 15 s.
        IOException e = assertThrows(IOException.class,
                () -> net.fetch(b.onion(), "/", TestNetwork.freshIsolationUser(), Duration.ofSeconds(15)));
        if (e instanceof SocksException se) {
            assertTrue(se.reply() >= 0xF0, "an onion-service failure, not " + se.getMessage());
        }
        System.err.println("[testnet] stopped backend: " + e.getMessage());

        net.startBackend(b.index());
        // The client just failed on the old descriptor: tor keeps it and remembers its intro points as
        // failed for 120 s (HS_CACHE_CLIENT_INTRO_STATE_MAX_AGE), so a retry may wait that long whatever
        // the backend does. NEWNYM drops both (hs_client_purge_state): the client of someone who never
        // tried while it was down.
        clientNewnym();
        HttpResponse r = net.fetchUntilOk(b.onion(), Duration.ofSeconds(90));
        assertEquals(b.name() + "\n", r.body());
        // The other backend was never disturbed.
        assertEquals("node1\n", net.fetchUntilOk(net.backend(1).onion(), Duration.ofSeconds(30)).body());
    }

    private void clientNewnym() throws IOException {
        try (Socket s = new Socket(net.host(), net.clientControlPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String cookie = HexFormat.of().formatHex(Files.readAllBytes(net.clientCookiePath()));
            out.write(("AUTHENTICATE " + cookie + "\r\nSIGNAL NEWNYM\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("250 OK", in.readLine());
            assertEquals("250 OK", in.readLine());
        }
    }

    /** Local address (hex, as /proc/net/tcp prints it) of every listening TCP socket, by inode. */
    private static Map<Long, String> listenersByInode() throws IOException {
        Map<Long, String> out = new java.util.HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            // Read once: a second read may hold more sockets than the first (other tests' tors start).
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) { // TCP_LISTEN
                    out.put(Long.parseLong(f[9]), f[1]);
                }
            }
        }
        return out;
    }

    private static Set<Integer> listeningLoopbackPorts() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (String local : listenersByInode().values()) {
            ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
        }
        return ports;
    }

    private static String describe(String hexLocal) {
        if (hexLocal.length() == 13) {
            int a = (int) Long.parseLong(hexLocal.substring(0, 8), 16);
            int port = Integer.parseInt(hexLocal.substring(9), 16);
            return (a & 0xff) + "." + ((a >> 8) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >>> 24) & 0xff) + ":" + port;
        }
        return hexLocal;
    }
}
