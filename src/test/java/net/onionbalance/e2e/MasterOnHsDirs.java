package net.onionbalance.e2e;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the HSDirs serve clients for the master, fetched by name and decrypted as a client would: for failover tests. */
final class MasterOnHsDirs {
    private MasterOnHsDirs() {}

    static List<TimePeriod> periods(TestNetwork net) {
        TimePeriod now = TimePeriod.containingOnTestNetwork(Instant.now(), net.votingInterval());
        return List.of(now.previous(), now, now.next());
    }

    static Set<String> introKeysOf(TestNetwork net, TestNetwork.Backend b) throws Exception {
        return net.introPointAuthKeys(b);
    }

    /** The intro-point auth keys of every master descriptor the responsible HSDirs serve clients now. */
    static List<Set<String>> masterDescriptorsOnHsDirs(TestNetwork net) throws Exception {
        List<Set<String>> out = Collections.synchronizedList(new ArrayList<>());
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (TorController client = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(net.host(), net.clientControlPort())))) {
            client.addListener(e -> {
                if (e instanceof TorEvent.HsDescContentEvent c && c.address().equalsIgnoreCase(net.masterAddress())) {
                    answered.add(c.hsDir().map(Object::toString).orElse("?"));
                    if (!c.descriptor().isBlank()) {
                        try {
                            VerifiedDescriptor d = DescriptorVerifier.verify(c.descriptor(), OnionAddress.parse(net.masterAddress()),
                                    periods(net), Instant.now());
                            Set<String> keys = new HashSet<>();
                            d.introPoints().forEach(ip -> keys.add(ip.authKey().base64()));
                            out.add(keys);
                        } catch (Exception ex) {
                            // Not ours to judge here; counted as no descriptor.
                        }
                    }
                }
            });
            client.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT));
            List<net.onionbalance.doc.consensus.RelayFingerprint> all = TestNetwork.hsDirsIn(client);
            for (var fp : all) {
                client.hsFetch(OnionAddress.parse(net.masterAddress()), List.of(fp));
            }
            Instant until = Instant.now().plusSeconds(20);
            while (answered.size() < all.size() && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    /** Seconds until no master descriptor on the HSDirs carries any of {@code keys}, or fails after {@code limit}. */
    static double secondsUntilGone(TestNetwork net, Instant since, Set<String> keys, Duration limit) throws Exception {
        Instant until = since.plus(limit);
        while (Instant.now().isBefore(until)) {
            List<Set<String>> descs = masterDescriptorsOnHsDirs(net);
            if (!descs.isEmpty() && descs.stream().allMatch(d -> Collections.disjoint(d, keys))) {
                return Duration.between(since, Instant.now()).toMillis() / 1000.0;
            }
            Thread.sleep(2_000);
        }
        return -1;
    }
}
