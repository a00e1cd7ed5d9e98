package net.onionbalance.engine;

import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.ClientAuthorization;
import net.onionbalance.ring.DescriptorSlot;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failed upload's retry names, with SERVER=, only HSDirs of the ring of tor's current consensus:
 * tor before 0.4.9.12 can exit on a relay missing from its consensus (tor bug 41367). The engine
 * usually replaces a slot's uploads when a new consensus changes its HSDirs, but a slot it does
 * not publish at once (its clock behind the new consensus's SRV run, an empty ring) keeps the old
 * retries: those must not name a relay that left.
 */
class UploadRetryServersTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final RelayFingerprint STAYED = new RelayFingerprint("14A2A6B29E6C7A9A8B3D6A0C3B0E6F6D7A8B9C0D");
    private static final RelayFingerprint LEFT = new RelayFingerprint("F4A2A6B29E6C7A9A8B3D6A0C3B0E6F6D7A8B9C0D");

    private static UploadAccounting failedAtBoth(FakeTor tor, ServiceState s, ServiceRegistry registry) {
        SlotState slot = s.slots.get(DescriptorSlot.FIRST);
        slot.uploads = new UploadTracker(Duration.ofSeconds(10), Duration.ofMinutes(5));
        var published = new PublishPolicy.Published(TimePeriod.containing(NOW), Set.of(), NOW);
        for (RelayFingerprint fp : List.of(STAYED, LEFT)) {
            slot.uploads.begin(fp, "relay", NOW);
            slot.sent.put(fp, new SlotState.Sent(published, "the descriptor", 1));
            slot.uploads.failed(fp, "UNEXPECTED", NOW);
        }
        return new UploadAccounting(tor, registry, Duration.ofSeconds(60));
    }

    @Test
    void aRetryDueAfterTheHsDirLeftTorsConsensusDoesNotNameIt() throws Exception {
        FakeTor tor = new FakeTor("", "");
        IdentityKey master = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
        ServiceRegistry registry = registry(master);
        ServiceState s = registry.services().iterator().next();
        UploadAccounting uploads = failedAtBoth(tor, s, registry);

        uploads.retryDue(NOW.plus(Duration.ofMinutes(6)), STAYED::equals);

        assertEquals(1, tor.posts().size());
        assertEquals(List.of(STAYED), tor.posts().get(0).servers(), "the relay that left is never named");
        var left = s.slots.get(DescriptorSlot.FIRST).uploads.view().stream().filter(u -> u.hsDir().equals(LEFT)).findFirst()
                .orElseThrow();
        assertTrue(left.reason().orElse("").contains("no longer an HSDir in tor's consensus"), left.toString());
        uploads.retryDue(NOW.plus(Duration.ofMinutes(20)), STAYED::equals);
        assertTrue(tor.posts().stream().noneMatch(p -> p.servers().contains(LEFT)), "nor later");
    }

    @Test
    void whileBothAreOnTheRingBothAreRetried() throws Exception {
        FakeTor tor = new FakeTor("", "");
        IdentityKey master = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
        ServiceRegistry registry = registry(master);
        UploadAccounting uploads = failedAtBoth(tor, registry.services().iterator().next(), registry);
        uploads.retryDue(NOW.plus(Duration.ofMinutes(6)), fp -> true);
        assertEquals(List.of(STAYED, LEFT), tor.posts().get(0).servers());
    }

    private static ServiceRegistry registry(IdentityKey master) throws Exception {
        ServiceRegistry.ConfigStore store = new ServiceRegistry.ConfigStore() {
            @Override
            public List<ServiceRegistry.ServiceDefinition> load() {
                return List.of(new ServiceRegistry.ServiceDefinition(master, List.of(), ServiceExtensions.NONE,
                        ClientAuthorization.open(), Map.of()));
            }

            @Override
            public void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name) {
            }

            @Override
            public void addInstance(OnionAddress service, OnionAddress instance, Optional<String> name, Optional<Path> clientKey) {
            }

            @Override
            public void removeInstance(OnionAddress service, OnionAddress instance) {
            }
        };
        return new ServiceRegistry(store, store.load());
    }
}
