package net.onionbalance.e2e;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TorProcess;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.Signal;
import net.onionbalance.tor.TorController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Restricted discovery on the private Tor network, as a user checks it: a client tor holding its
 * key in ClientOnionAuthDir gets the page through the master; the network's client without a key
 * gets tor's "missing client authorization" (SOCKS 0xF4, ExtendedErrors); after
 * {@code client-auth remove} and a reload the removed client's fresh fetch fails. The backends'
 * own descriptors are restricted to the balancer's client keys, and still balance. The master
 * carries the backends' {@code flow-control} line and never {@code pow-params}; a few megabytes
 * download through it.
 */
class ClientAuthEndToEndTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(2);

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private List<String> args(Path config) {
        return List.of("--is-testnet", "-c", config.toString(), "-i", NET.host(), "-p", Integer.toString(NET.controlPort()),
                "-s", tmp.resolve("no-system-tor").toString(), "-v", "debug");
    }

    /** The reply code of a failed fetch, or 0 for a 200 answer, -1 for anything else. */
    private static int attempt(String host, int socks, String onion, String path) {
        try {
            var r = TestNetwork.fetchVia(host, socks, onion, path, TestNetwork.freshIsolationUser(), Duration.ofSeconds(30));
            return r.status() == 200 ? 0 : -1;
        } catch (TestNetwork.SocksException e) {
            return e.reply();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void newnym(int controlPort) throws Exception {
        try (TorController c = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", controlPort)))) {
            c.signal(Signal.NEWNYM);
        }
    }

    @Test
    void onlyAuthorizedClientsReachTheMasterAndRestrictedBackendsStillBalance() throws Exception {
        String master = NET.masterAddress();
        SecureRandom rng = new SecureRandom();

        // The balancer's client key for each backend; each backend's tor lists it in authorized_clients/.
        String yaml = Files.readString(NET.configYaml());
        List<Path> backendKeys = new ArrayList<>();
        for (var b : NET.backends()) {
            X25519PrivateKey k = X25519PrivateKey.generate(rng);
            Path authDir = b.hsDir().resolve("authorized_clients");
            Files.createDirectories(authDir);
            Files.setPosixFilePermissions(authDir, PosixFilePermissions.fromString("rwx------"));
            ClientAuthFiles.writeAuthFile(authDir.resolve("balancer.auth"), k.publicKey());
            Path priv = tmp.resolve(b.name() + ".auth_private");
            ClientAuthFiles.writeAuthPrivateFile(priv, OnionAddress.parse(b.address()), k);
            backendKeys.add(priv);
            yaml = yaml.replace("    name: " + b.name() + "\n", "    name: " + b.name() + "\n    client-key: " + priv + "\n");
        }
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, yaml);
        Run alice = cli("client-auth", "add", "alice", "--service", master, "-c", config.toString());
        assertEquals(0, alice.code(), alice.err());
        Run bob = cli("client-auth", "add", "bob", "--service", master, "-c", config.toString());
        assertEquals(0, bob.code(), bob.err());
        Path alicePrivate = tmp.resolve("client-keys/alice").resolve(master + ".auth_private");
        assertTrue(Files.readString(config).contains("authorized-clients: authorized_clients/" + master), Files.readString(config));

        // Alice's tor: her key for the master and, to compare throughput, the balancer's key for node1.
        Path authDir = tmp.resolve("alice-auth");
        Files.createDirectory(authDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.copy(alicePrivate, authDir.resolve("master.auth_private"));
        Files.copy(backendKeys.get(0), authDir.resolve("node1.auth_private"));
        try (TorProcess aliceTor = TorProcess.builder().networkEnabled().torrc(
                "%include " + NET.env("COMMON_TORRC"), "SocksPort 127.0.0.1:auto ExtendedErrors IsolateSOCKSAuth",
                "ClientOnionAuthDir " + authDir, "Log notice file {dir}/notice.log").start()) {
            for (int i = 1; i <= NET.backends().size(); i++) {
                NET.restartBackend(i, false); // tor reads authorized_clients/ at start
            }
            int aliceSocks;
            try (TorController c = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", aliceTor.controlPort())))) {
                String l = c.getInfo("net/listeners/socks").replace("\"", "").trim();
                aliceSocks = Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
            }

            try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), args(config))) {
                ob.awaitLogLine(l -> l.contains("Published the") && l.contains("node1×") && l.contains("node2×"),
                        Duration.ofSeconds(120));
                assertFalse(ob.log().contains("Rejected the descriptor"), "restricted backends verify with the balancer's keys:\n"
                        + ob.log());

                // Alice gets the page through the master.
                Instant until = Instant.now().plusSeconds(120);
                int code = -2;
                while (Instant.now().isBefore(until) && (code = attempt("127.0.0.1", aliceSocks, master, "/")) != 0) {
                    Thread.sleep(1000);
                }
                assertEquals(0, code, "alice reaches the master; her tor:\n" + aliceTor.log() + "\nbalancer:\n" + ob.log());

                // The network's client, without a key: "missing client authorization", for the master and a backend.
                Set<Integer> seen = new TreeSet<>();
                until = Instant.now().plusSeconds(90);
                while (Instant.now().isBefore(until) && !seen.contains(0xF4)) {
                    seen.add(attempt(NET.host(), NET.socksPort(), master, "/"));
                    Thread.sleep(500);
                }
                assertTrue(seen.contains(0xF4), "keyless client through the master: replies " + seen);
                assertFalse(seen.contains(0), "a keyless client never gets the page");
                Set<Integer> direct = new TreeSet<>();
                until = Instant.now().plusSeconds(90);
                while (Instant.now().isBefore(until) && !direct.contains(0xF4)) {
                    direct.add(attempt(NET.host(), NET.socksPort(), NET.backend(1).address(), "/"));
                    Thread.sleep(500);
                }
                assertTrue(direct.contains(0xF4), "backend node1 is restricted to the balancer: replies " + direct);

                // flow-control in the master (every backend's tor ≥ 0.4.7 offers it), never pow-params.
                String desc;
                try (TorController c = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", aliceTor.controlPort())))) {
                    desc = c.getInfo("hs/client/desc/id/" + master);
                }
                Path descFile = tmp.resolve("master-desc.txt");
                Files.writeString(descFile, desc.endsWith("\n") ? desc : desc + "\n");
                long periodMinutes = NET.votingInterval().multipliedBy(24).toMinutes();
                Run show = cli("descriptor", "show", "--address", master, "--client-key", alicePrivate.toString(),
                        "--time-period-length", Long.toString(periodMinutes), descFile.toString());
                assertEquals(0, show.code(), show.out() + show.err());
                assertTrue(show.out().contains("flow-control:      1-2 "), show.out());
                assertFalse(show.out().contains("pow-params"), show.out());

                // A few megabytes through the master and straight from node1, on Alice's tor.
                int size = 4 << 20;
                double viaMaster = download(aliceSocks, master, size);
                double direct1 = download(aliceSocks, NET.backend(1).address(), size);
                System.out.printf("FIGURE %d MiB through the restricted master: %.0f KiB/s; straight from backend node1: %.0f KiB/s%n",
                        size >> 20, viaMaster, direct1);

                // Remove Alice, reload: the balancer republishes at once; her next fresh fetch fails.
                long published = ob.countLogLines(l -> l.contains("Published the"));
                Run removed = cli("client-auth", "remove", "alice", "--service", master, "-c", config.toString());
                assertEquals(0, removed.code(), removed.err());
                ob.hangup();
                ob.awaitLogLine(l -> l.contains("Authorized clients of " + master + " changed: republishing"), Duration.ofSeconds(30));
                ob.awaitNthLogLine(l -> l.contains("Published the"), published + 2, Duration.ofSeconds(60));
                Thread.sleep(5000); // uploads to the HSDirs
                Set<Integer> after = new TreeSet<>();
                until = Instant.now().plusSeconds(120);
                while (Instant.now().isBefore(until) && !(after.contains(0xF4) || after.contains(0xF5))) {
                    newnym(aliceTor.controlPort());
                    Thread.sleep(1500);
                    after.add(attempt("127.0.0.1", aliceSocks, master, "/"));
                    Thread.sleep(10_000); // tor rate-limits NEWNYM to one per 10 s
                }
                assertTrue(after.contains(0xF4) || after.contains(0xF5), "removed client's fetches: " + after
                        + "\nbalancer:\n" + ob.log());
                System.out.printf("FIGURE after client-auth remove + SIGHUP the removed client's fetches answered %s%n",
                        after.stream().map(i -> i <= 0 ? String.valueOf(i) : "0x" + Integer.toHexString(i)).toList());
            }
        }
    }

    /** KiB/s of one GET of {@code size} bytes. */
    private static double download(int socks, String onion, int size) throws Exception {
        IOException last = null;
        for (int tries = 0; tries < 5; tries++) {
            Instant t0 = Instant.now();
            try {
                var r = TestNetwork.fetchVia("127.0.0.1", socks, onion, "/bytes/" + size, TestNetwork.freshIsolationUser(),
                        Duration.ofSeconds(180));
                double s = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
                assertEquals(200, r.status());
                assertEquals(size, r.body().length(), "the whole body arrives");
                return size / 1024.0 / s;
            } catch (IOException e) {
                last = e;
                Thread.sleep(2000);
            }
        }
        fail("no download from " + onion + ": " + last);
        return 0;
    }
}
