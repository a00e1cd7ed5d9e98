package net.onionbalance.testsupport;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Onion-service descriptors as a client of the private test network gets them: HSFETCH through the
 * network's client tor, one HSDir at a time when asked, then decrypted and verified for the time
 * periods around now.
 */
public final class MasterDescriptors {
    private MasterDescriptors() {}

    /** The previous, current and next time period of the test network. */
    public static List<TimePeriod> periodsAroundNow(TestNetwork net) {
        TimePeriod now = TimePeriod.containingOnTestNetwork(Instant.now(), net.votingInterval());
        return List.of(now.previous(), now, now.next());
    }

    /**
     * {@code onion}'s descriptor from every HSDir of the consensus (those that hold one answer
     * within {@code within}), verified; an HSDir without one, or with one that does not verify, is
     * left out (printed).
     */
    public static Map<RelayFingerprint, VerifiedDescriptor> fromEveryHsDir(TestNetwork net, String onion, Duration within)
            throws Exception {
        Map<RelayFingerprint, String> got = new ConcurrentHashMap<>();
        List<RelayFingerprint> hsDirs;
        try (TorController client = clientController(net)) {
            hsDirs = TestNetwork.hsDirsIn(client);
            client.addListener(e -> {
                if (e instanceof TorEvent.HsDescContentEvent c && c.address().equalsIgnoreCase(onion) && c.hsDir().isPresent()) {
                    got.put(c.hsDir().get(), c.descriptor());
                }
            });
            client.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT));
            for (RelayFingerprint fp : hsDirs) {
                client.hsFetch(OnionAddress.parse(onion), List.of(fp));
            }
            Instant until = Instant.now().plus(within);
            while (got.size() < hsDirs.size() && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
        }
        Map<RelayFingerprint, VerifiedDescriptor> out = new TreeMap<>();
        for (var e : got.entrySet()) {
            if (e.getValue().isBlank()) {
                continue;
            }
            try {
                out.put(e.getKey(), DescriptorVerifier.verify(e.getValue(), OnionAddress.parse(onion), periodsAroundNow(net), Instant.now()));
            } catch (Exception ex) {
                System.out.println("FIGURE the descriptor of " + onion + " from HSDir " + e.getKey() + " does not verify: " + ex.getMessage());
            }
        }
        System.out.println("FIGURE asked " + hsDirs.size() + " HSDirs for " + onion + ": " + got.size() + " answered, "
                + out.size() + " with a descriptor");
        return out;
    }

    /**
     * Each service's descriptor as a client fetches it (one HSFETCH each, from any HSDir), verified;
     * a service without an answer within {@code within} is left out. This is what the balancer's
     * own tor fetches too: for a client's time period.
     */
    public static Map<String, VerifiedDescriptor> asAClientFetches(TestNetwork net, Set<String> onions, Duration within)
            throws Exception {
        Map<String, String> got = new ConcurrentHashMap<>();
        try (TorController client = clientController(net)) {
            client.addListener(e -> {
                if (e instanceof TorEvent.HsDescContentEvent c && onions.contains(c.address()) && !c.descriptor().isBlank()) {
                    got.put(c.address(), c.descriptor());
                }
            });
            client.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT));
            for (String onion : onions) {
                client.hsFetch(OnionAddress.parse(onion), List.of());
            }
            Instant until = Instant.now().plus(within);
            while (got.size() < onions.size() && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
        }
        Map<String, VerifiedDescriptor> out = new TreeMap<>();
        for (var e : got.entrySet()) {
            try {
                out.put(e.getKey(), DescriptorVerifier.verify(e.getValue(), OnionAddress.parse(e.getKey()), periodsAroundNow(net), Instant.now()));
            } catch (Exception ex) {
                System.out.println("FIGURE the descriptor of " + e.getKey() + " does not verify: " + ex.getMessage());
            }
        }
        return out;
    }

    /** Every intro point's auth key (base64) in these descriptors. */
    public static Set<String> introPointKeys(Iterable<VerifiedDescriptor> descriptors) {
        Set<String> keys = new HashSet<>();
        for (VerifiedDescriptor d : descriptors) {
            for (IntroPoint ip : d.introPoints()) {
                keys.add(ip.authKey().base64());
            }
        }
        return keys;
    }

    private static TorController clientController(TestNetwork net) throws Exception {
        return TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(net.host(), net.clientControlPort())));
    }
}
