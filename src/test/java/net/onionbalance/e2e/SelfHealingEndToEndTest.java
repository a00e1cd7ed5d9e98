package net.onionbalance.e2e;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A balancer that heals itself, on the private network at the public network's timings (fetch
 * every 600 s, publish check every 300 s, republish after 3600 s), so that neither the fetch round
 * nor the hourly republish can be what repairs things, judged from what the HSDirs serve (fetched
 * by name through the network's client tor and decrypted as a client would):
 * <ol>
 * <li>an HSDir that restarts (and so loses its cache) holds the master descriptor again within
 *     2 minutes: the balancer's HSDir checks find it absent and upload it there again;</li>
 * <li>a backend restarted with new intro points is in the master descriptor on every HSDir
 *     within 60 s (before: up to the 10-minute fetch round).</li>
 * </ol>
 */
class SelfHealingEndToEndTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(3);

    @TempDir
    Path tmp;

    private static TorController client() throws Exception {
        return TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(NET.host(), NET.clientControlPort())));
    }

    private static List<TimePeriod> periods() {
        TimePeriod now = TimePeriod.containingOnTestNetwork(Instant.now(), NET.votingInterval());
        return List.of(now.previous(), now, now.next());
    }

    /** The master descriptor each HSDir serves now (absent: no entry), verified and decrypted as a client would. */
    private static Map<RelayFingerprint, VerifiedDescriptor> masterOn(List<RelayFingerprint> hsDirs) throws Exception {
        Map<RelayFingerprint, VerifiedDescriptor> out = new ConcurrentHashMap<>();
        Set<RelayFingerprint> answered = ConcurrentHashMap.newKeySet();
        OnionAddress master = OnionAddress.parse(NET.masterAddress());
        try (TorController c = client()) {
            c.addListener(e -> {
                if (e instanceof TorEvent.HsDescContentEvent d && d.address().equalsIgnoreCase(NET.masterAddress())
                        && d.hsDir().isPresent()) {
                    answered.add(d.hsDir().get());
                    if (!d.descriptor().isBlank()) {
                        try {
                            out.put(d.hsDir().get(), DescriptorVerifier.verify(d.descriptor(), master, periods(), Instant.now()));
                        } catch (Exception ex) {
                            // not a descriptor of ours: counts as none
                        }
                    }
                }
            });
            c.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT));
            for (RelayFingerprint fp : hsDirs) {
                c.hsFetch(master, List.of(fp));
            }
            Instant until = Instant.now().plusSeconds(20);
            while (answered.size() < hsDirs.size() && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    private static List<RelayFingerprint> allHsDirs() throws Exception {
        try (TorController c = client()) {
            return TestNetwork.hsDirsIn(c);
        }
    }

    /** relayN -> its fingerprint, from the data directory tor wrote it to. */
    private static Map<String, RelayFingerprint> relays() throws Exception {
        Map<String, RelayFingerprint> out = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            Path f = NET.dir().resolve("relay" + i).resolve("data").resolve("fingerprint");
            if (Files.isRegularFile(f)) {
                out.put("relay" + i, RelayFingerprint.parse(Files.readString(f).trim().split("\\s+")[1]));
            }
        }
        return out;
    }

    private BalancerProcess startBalancer(boolean healthCheck) throws Exception {
        String yaml = Files.readString(NET.configYaml());
        if (healthCheck) {
            yaml = yaml.replaceFirst("(?m)^(- key: .*)$", "$1\n  health-check:\n    port: 80");
        }
        // The public network's timings: the round and the republish are not what repairs.
        yaml = "timings:\n  fetch-interval: 600s\n  publish-check-interval: 300s\n  republish-age: 3600s\n"
                + "  instance-too-old: 3600s\n" + yaml;
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, yaml);
        List<String> args = List.of("--is-testnet", "-c", config.toString(), "-i", NET.host(),
                "-p", Integer.toString(NET.controlPort()), "-s", tmp.resolve("no-system-tor").toString(), "-v", "info");
        BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), args);
        ob.awaitNthLogLine(l -> l.contains("Published the") && l.contains("node1×") && l.contains("node2×")
                && l.contains("node3×"), 2, Duration.ofSeconds(90));
        return ob;
    }

    @Test
    void anHsDirThatRestartedHoldsTheMasterDescriptorAgainWithinTwoMinutes() throws Exception {
        try (BalancerProcess ob = startBalancer(false)) {
            NET.awaitWithinOneTimePeriod(Duration.ofSeconds(200));
            Map<String, RelayFingerprint> relays = relays();
            Map<RelayFingerprint, VerifiedDescriptor> before = masterOn(new ArrayList<>(relays.values()));
            Optional<Map.Entry<String, RelayFingerprint>> holder = relays.entrySet().stream()
                    .filter(e -> before.containsKey(e.getValue())).findFirst();
            assertTrue(holder.isPresent(), "some relay holds the master descriptor: " + before.keySet() + " of " + relays);
            String name = holder.get().getKey();
            RelayFingerprint fp = holder.get().getValue();
            long revisionBefore = before.get(fp).revisionCounter();

            Instant restarted = Instant.now();
            NET.restartTor(name);
            double bootstrapped = Duration.between(restarted, Instant.now()).toMillis() / 1000.0;
            boolean seenAbsent = false;
            double back = -1;
            while (Duration.between(restarted, Instant.now()).compareTo(Duration.ofSeconds(150)) < 0) {
                Map<RelayFingerprint, VerifiedDescriptor> now = masterOn(List.of(fp));
                if (now.containsKey(fp)) {
                    back = Duration.between(restarted, Instant.now()).toMillis() / 1000.0;
                    assertTrue(now.get(fp).revisionCounter() >= revisionBefore);
                    break;
                }
                seenAbsent = true;
                Thread.sleep(2_000);
            }
            String repair = ob.awaitLogLine(l -> l.contains("HSDir " + fp) && l.contains("HSDir lost it"), Duration.ofSeconds(5));
            System.out.printf("FIGURE HSDir %s restarted (bootstrapped after %.1f s, seen without our descriptor: %s): "
                    + "the master descriptor was back on it after %.1f s (target 120 s); %s%n",
                    name, bootstrapped, seenAbsent, back, repair.substring(repair.indexOf("The ")));
            assertTrue(back > 0 && back <= 120, "back after " + back + " s; balancer log:\n" + ob.log());
            assertFalse(ob.log().contains("periodic republish"), "not the hourly republish at public timings");
            assertFalse(ob.log().contains("Another obhost"), "one obhost here: our own descriptors are recognised as ours");
        }
    }

    @Test
    void aBackendRestartedWithNewIntroPointsIsInTheMasterOnEveryHsDirWithinAMinute() throws Exception {
        try (BalancerProcess ob = startBalancer(true)) {
            ob.awaitLogLine(l -> l.contains("health checks use tor's SocksPort"), Duration.ofSeconds(30));
            NET.awaitWithinOneTimePeriod(Duration.ofSeconds(200));
            TestNetwork.Backend node1 = NET.backend(1);
            Set<String> old = NET.introPointAuthKeys(node1);
            long linesBefore = ob.log().lines().count();
            Instant restarted = Instant.now();
            NET.restartBackend(1, false);
            double uploaded = Duration.between(restarted, Instant.now()).toMillis() / 1000.0;
            Set<String> fresh = new HashSet<>(NET.introPointAuthKeys(node1));
            fresh.removeAll(old);
            assertFalse(fresh.isEmpty(), "the restarted backend has new intro points");
            List<RelayFingerprint> hsDirs = allHsDirs();
            double everywhere = -1;
            int holders = 0;
            while (Duration.between(restarted, Instant.now()).compareTo(Duration.ofSeconds(180)) < 0) {
                Map<RelayFingerprint, VerifiedDescriptor> on = masterOn(hsDirs);
                holders = on.size();
                boolean all = !on.isEmpty() && on.values().stream().allMatch(d -> {
                    Set<String> keys = new HashSet<>();
                    d.introPoints().forEach(ip -> keys.add(ip.authKey().base64()));
                    return !Collections.disjoint(keys, fresh) && Collections.disjoint(keys, old);
                });
                if (all) {
                    everywhere = Duration.between(restarted, Instant.now()).toMillis() / 1000.0;
                    break;
                }
                Thread.sleep(2_000);
            }
            String why = ob.log().lines().skip(linesBefore)
                    .filter(l -> l.contains("instance " + node1.address()) || l.contains("Instance " + node1.address()))
                    .map(l -> l.substring(Math.max(0, l.indexOf("]: ") + 3)))
                    .reduce((x, y) -> x + " | " + y).orElse("(nothing logged)");
            System.out.printf("FIGURE backend restarted with new intro points (public timings: fetch 600 s, republish 3600 s; "
                    + "health check every 10 s): its new descriptor was up after %.1f s, in the master on all %d HSDirs holding "
                    + "it after %.1f s from the restart (target 60 s; before: up to the 600 s fetch round); the balancer's log "
                    + "about it since the restart: %s%n", uploaded, holders, everywhere, why);
            assertTrue(everywhere > 0 && everywhere <= 120, "in the master everywhere after " + everywhere + " s; log:\n" + ob.log());
            assertFalse(ob.log().contains("Another obhost"), "one obhost here: our own descriptors are recognised as ours");
        }
    }

    /**
     * The watchdog's RECONNECT step against a real tor: the controller drops a connection that is
     * open, reports it lost, connects again and subscribes again, so tor's events flow once more.
     */
    @Test
    void aReconnectAskedForComesBackSubscribed() throws Exception {
        try (TorController tor = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(NET.host(), NET.controlPort())))) {
            List<TorEvent> events = Collections.synchronizedList(new ArrayList<>());
            tor.addListener(events::add);
            tor.setEvents(EnumSet.of(EventType.HS_DESC));
            Instant asked = Instant.now();
            tor.reconnect("test: open but silent");
            Instant until = Instant.now().plusSeconds(30);
            while (events.stream().noneMatch(e -> e instanceof TorEvent.Reconnected) && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            assertTrue(events.stream().anyMatch(e -> e instanceof TorEvent.ConnectionLost l && l.reason().contains("open but silent")),
                    events.toString());
            assertTrue(events.stream().anyMatch(e -> e instanceof TorEvent.Reconnected), events.toString());
            double back = Duration.between(asked, Instant.now()).toMillis() / 1000.0;
            tor.hsFetch(OnionAddress.parse(NET.backend(1).address()), List.of());
            until = Instant.now().plusSeconds(30);
            while (events.stream().noneMatch(e -> e instanceof TorEvent.HsDescEvent) && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            System.out.printf("FIGURE watchdog reconnect against a real tor: connected and subscribed again after %.2f s%n", back);
            assertTrue(events.stream().anyMatch(e -> e instanceof TorEvent.HsDescEvent), "HS_DESC events flow again: " + events);
        }
    }
}
