package net.onionbalance.metrics;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.ring.DescriptorSlot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a Prometheus server stores for one service of 60 (and 120) backends, published in both
 * slots with distinct descriptors: the series per backend and the label values, printed for the
 * README. The instance label takes one value per backend; nothing else grows with their number.
 */
class InstanceLabelCardinalityTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static OnionAddress address() {
        return OnionAddress.of(Ed25519ExpandedSecretKey.generate(RNG).publicKey());
    }

    private static List<MetricFamily> families(int n) {
        List<InstanceStatus> instances = IntStream.rangeClosed(1, n).mapToObj(k -> new InstanceStatus("node" + k, address(),
                InstanceState.VALID, Optional.empty(), Optional.of(NOW.minusSeconds(60)), Optional.of(NOW.minusSeconds(600)), 3,
                Optional.of(NOW.minusSeconds(60)))).toList();
        Map<OnionAddress, Integer> coverage = new HashMap<>();
        instances.forEach(i -> coverage.put(i.address(), 1));
        List<DescriptorStatus> slots = List.of(DescriptorSlot.FIRST, DescriptorSlot.SECOND).stream()
                .map(slot -> new DescriptorStatus(slot, Optional.empty(), OptionalLong.of(7), Optional.of(NOW), Optional.of(NOW),
                        List.of(), List.of(), "published", List.of(), 6, coverage)).toList();
        ServiceStatus svc = new ServiceStatus(address(), "published", slots, instances, List.of());
        EngineSnapshot s = new EngineSnapshot(NOW, TorStatus.notConnected("test"), Optional.empty(), List.of(svc));
        SnapshotCounters counters = new SnapshotCounters(Duration.ofHours(1));
        counters.observe(s);
        return SnapshotMetrics.families(s, counters, NOW, "test");
    }

    @ParameterizedTest(name = "{0} backends")
    @ValueSource(ints = {60, 120})
    void eachBackendAddsTenSeriesAndOneInstanceLabelValue(int n) {
        List<MetricFamily> all = families(n);
        long series = all.stream().mapToLong(f -> f.samples().size()).sum();
        long withInstance = all.stream().flatMap(f -> f.samples().stream()).filter(x -> x.labels().containsKey("instance")).count();
        Set<String> instanceValues = all.stream().flatMap(f -> f.samples().stream()).map(x -> x.labels().get("instance"))
                .filter(v -> v != null).collect(Collectors.toSet());
        Map<String, Long> perFamily = all.stream().collect(Collectors.toMap(MetricFamily::name,
                f -> f.samples().stream().filter(x -> x.labels().containsKey("instance")).count()));
        System.out.println(n + " backends, 1 service, no health-check: " + series + " series, " + withInstance
                + " with an instance label (" + withInstance / n + " per backend), " + instanceValues.size() + " instance values; "
                + perFamily.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        assertEquals(n, instanceValues.size());
        // info 1, state 4 (one per state), descriptor age 1, intro points 1, last fetch 1, fetch HSDirs 1 per slot (2).
        assertEquals(10L * n, withInstance);
        assertEquals(series - withInstance, families(1).stream().mapToLong(f -> f.samples().size()).sum() - 10,
                "nothing but the per-backend series grows with the number of backends");
    }
}
