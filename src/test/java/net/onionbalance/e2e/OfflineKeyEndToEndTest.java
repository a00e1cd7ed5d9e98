package net.onionbalance.e2e;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.status.StatusReader;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An obhost that holds only an offline key bundle (issue 26): {@code key offline} on "the
 * offline machine" makes it from the network's master key, config.yaml names the bundle, and a
 * client reaches every backend through the master. Then a bundle for the public network's
 * 1440-minute periods is put in its place and SIGHUP: the balancer stops publishing with the
 * typed reason in the status document, and says why in the log.
 */
class OfflineKeyEndToEndTest {
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

    @Test
    void anObhostWithOnlyABundlePublishesAndClientsReachEveryBackend() throws Exception {
        long periodMinutes = NET.votingInterval().multipliedBy(24).toMinutes();
        Path offline = Files.createDirectory(tmp.resolve("offline-machine"));
        Path bundle = tmp.resolve("master.bundle");
        Run made = cli("key", "offline", "--key", NET.masterKeyPath().toString(), "--output", bundle.toString(),
                "--days", "1", "--time-period-length", Long.toString(periodMinutes));
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("address: " + NET.masterAddress() + ".onion"), made.out());
        Run info = cli("key", "info", bundle.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("offline key bundle"), info.out());
        System.out.println("FIGURE key offline for 1 day of " + periodMinutes + "-minute periods: " + Files.size(bundle)
                + " bytes; " + info.out().lines().filter(l -> l.startsWith("periods:")).findFirst().orElse(""));

        // The obhost's config names the bundle; the master key file is nowhere in it.
        String yaml = Files.readString(NET.configYaml());
        String keyLine = yaml.lines().filter(l -> l.strip().startsWith("- key:")).findFirst().orElseThrow();
        Path config = tmp.resolve("config.yaml");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(config, yaml.replace(keyLine, keyLine.substring(0, keyLine.indexOf("key:")) + "key: " + bundle)
                + "status-socket-location: " + tmp.resolve("status") + "\n" + "metrics:\n  listen: 127.0.0.1:" + port + "\n");
        assertFalse(Files.readString(config).contains(NET.masterKeyPath().toString()));
        Files.move(NET.masterKeyPath(), offline.resolve("hs_ed25519_secret_key")); // the key leaves the obhost
        try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), List.of("--is-testnet", "-c",
                config.toString(), "-i", NET.host(), "-p", Integer.toString(NET.controlPort()), "-s",
                tmp.resolve("no-system-tor").toString(), "-v", "debug"))) {
            Set<String> names = new HashSet<>();
            NET.backends().forEach(b -> names.add(b.name()));
            ob.awaitNthLogLine(l -> l.contains("Published the") && names.stream().allMatch(n -> l.contains(n + "×")), 2,
                    Duration.ofSeconds(120));
            Set<String> seen = new HashSet<>();
            Instant until = Instant.now().plusSeconds(180);
            Instant lastNewnym = Instant.EPOCH;
            int tries = 0;
            while (!seen.containsAll(names) && Instant.now().isBefore(until)) {
                if (Duration.between(lastNewnym, Instant.now()).toSeconds() >= 11) {
                    try (TorController c = TorController.open(ControlSettings.of(
                            new ControlEndpoint.Tcp(NET.host(), NET.clientControlPort())))) {
                        c.signal(Signal.NEWNYM);
                    }
                    lastNewnym = Instant.now();
                }
                tries++;
                try {
                    var r = NET.fetch(NET.masterAddress(), "/", TestNetwork.freshIsolationUser(), Duration.ofSeconds(10));
                    if (r.status() == 200) {
                        seen.add(r.body().trim());
                    }
                } catch (IOException e) {
                    // a dead end: try again on a fresh circuit
                }
            }
            System.out.println("FIGURE through a master published from a key bundle: " + tries + " tries, answered by " + seen);
            assertEquals(names, seen, "every backend answers through the master; balancer log:\n" + ob.log());
            String status = StatusReader.read(tmp.resolve("status"));
            assertTrue(status.contains("\"keyBundle\": {\"gaps\": [], \"signsUntil\": "), status);
            // The metric counts down to when the bundle stops covering the next-period descriptor.
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            String prefix = "onionbalance_key_bundle_expiry_seconds{service=\"" + NET.masterAddress() + ".onion\"} ";
            String line = metrics.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(metrics));
            double left = Double.parseDouble(line.substring(prefix.length()));
            assertTrue(left > 20 * 3600 && left < 26 * 3600, "a 1-day bundle: " + line);
            Run shown = cli("status", "--socket", tmp.resolve("status").toString());
            assertTrue(shown.out().contains("offline key bundle: publishes until "), shown.out() + shown.err());

            // A bundle for the public network's periods, then SIGHUP: both slots stop, typed, others would go on.
            Path wrong = tmp.resolve("public.bundle");
            Run publicMade = cli("key", "offline", "--key", offline.resolve("hs_ed25519_secret_key").toString(),
                    "--output", wrong.toString(), "--days", "2");
            assertEquals(0, publicMade.code(), publicMade.err());
            Files.writeString(config, Files.readString(config).replace("key: " + bundle, "key: " + wrong));
            ob.hangup();
            ob.awaitLogLine(l -> l.contains("Not publishing the") && l.contains("the key bundle is for time periods of 1440 "
                    + "minutes, the network's are " + periodMinutes), Duration.ofSeconds(60));
            until = Instant.now().plusSeconds(30);
            String after = "";
            while (Instant.now().isBefore(until) && !(after = StatusReader.read(tmp.resolve("status")))
                    .contains("OTHER_TIME_PERIOD_LENGTH")) {
                Thread.sleep(500);
            }
            assertTrue(after.contains("\"gaps\": [\"OTHER_TIME_PERIOD_LENGTH "), after);
        }

        // The 1-day bundle on a machine whose clock reads 23 h later (libfaketime): the log warns it runs out.
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
        if (!Files.exists(lib)) {
            System.err.println("SKIPPED (loudly): " + lib + " is missing (apt-get install faketime); the expiry warning was not run");
            return;
        }
        Path late = tmp.resolve("late.yaml");
        Files.writeString(late, yaml.replace(keyLine, keyLine.substring(0, keyLine.indexOf("key:")) + "key: " + bundle));
        try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("late.log"), List.of("--is-testnet", "-c",
                late.toString(), "-i", NET.host(), "-p", Integer.toString(NET.controlPort()), "-s",
                tmp.resolve("no-system-tor").toString(), "-v", "debug"),
                java.util.Map.of("LD_PRELOAD", lib.toString(), "FAKETIME", "+23h", "DONT_FAKE_MONOTONIC", "1"))) {
            String warned = ob.awaitLogLine(l -> l.contains("The key bundle of " + NET.masterAddress()) && l.contains("runs out at"),
                    Duration.ofSeconds(90));
            System.out.println("FIGURE clock 23 h later with a 1-day bundle: " + warned);
            assertTrue(warned.contains("WARN"), warned);
            assertTrue(warned.contains("make a new one on the offline machine (onionbalance key offline)"), warned);
        }
    }
}
