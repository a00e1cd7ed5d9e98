package net.onionbalance.ui.console;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorGroup;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.HsDirUpload;
import net.onionbalance.engine.snapshot.InstanceHealth;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.UploadState;
import net.onionbalance.health.HealthStatus;
import net.onionbalance.ring.DescriptorSlot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A balancer with one big service in front of the fixture's two: {@code n} instances (60 or 120,
 * the tutorial's scale) named node1.., mostly ok, some stale, missing, invalid or down by the
 * health checks, spread over 6 distinct descriptors per slot as the engine splits them (each
 * usable backend on one of the 6 fetch HSDirs; the second slot's groups shifted by one).
 */
final class ManyInstances {
    static final OnionAddress MASTER = address("master");
    static final int GROUPS = 6;

    private ManyInstances() {}

    static OnionAddress address(String seed) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return OnionAddress.of(Ed25519PublicKey.of(key));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static OnionAddress backend(int i) {
        return address("backend" + i);
    }

    /** The state of instance {@code i} (1-based): every 13th stale, 17th missing, 29th invalid, else ok. */
    static InstanceState state(int i) {
        return i % 13 == 0 ? InstanceState.STALE : i % 17 == 0 ? InstanceState.MISSING
                : i % 29 == 0 ? InstanceState.INVALID : InstanceState.VALID;
    }

    /** Every 11th ok instance is down by the health checks (still carried until they exclude it). */
    static boolean down(int i) {
        return state(i) == InstanceState.VALID && i % 11 == 0;
    }

    /** Distinct descriptor (1..6) of slot {@code slot} (0 first) carrying usable instance {@code i}. */
    static int group(int i, int slot) {
        return (i + slot) % GROUPS + 1;
    }

    static EngineSnapshot snapshot(int n) {
        EngineSnapshot base = Fixtures.snapshot();
        List<ServiceStatus> services = new ArrayList<>();
        services.add(service(n));
        services.addAll(base.services());
        return new EngineSnapshot(base.takenAt(), base.tor(), base.network(), services);
    }

    static ServiceStatus service(int n) {
        List<InstanceStatus> instances = new ArrayList<>();
        int ipsEach = n > 60 ? 1 : 2;
        for (int i = 1; i <= n; i++) {
            InstanceState st = state(i);
            Optional<String> reason = switch (st) {
                case STALE -> Optional.of("descriptor 41m00s old (limit 30m)");
                case INVALID -> Optional.of("descriptor signature does not verify: the backend's key changed?");
                case MISSING -> Optional.of("no descriptor yet: tor answered NOT_FOUND from 6 HSDirs");
                default -> Optional.empty();
            };
            boolean received = st == InstanceState.VALID || st == InstanceState.STALE;
            Optional<InstanceHealth> health = Optional.of(down(i)
                    ? new InstanceHealth(HealthStatus.DOWN, Fixtures.NOW.minusSeconds(70), Optional.of(Duration.ofSeconds(30)),
                            Optional.of("intro failed: the introduction point refused the circuit (INTRO_NACK)"),
                            Optional.of(Fixtures.NOW.minusSeconds(20)), List.of(Optional.empty()), false)
                    : new InstanceHealth(HealthStatus.UP, Fixtures.NOW.minusSeconds(600), Optional.of(Duration.ofMillis(280)),
                            Optional.empty(), Optional.empty(), List.of(Optional.of(Duration.ofMillis(280))), false));
            instances.add(new InstanceStatus("node" + i, backend(i), st, reason,
                    received ? Optional.of(Fixtures.NOW.minusSeconds(60 + i)) : Optional.empty(),
                    received ? Optional.of(Fixtures.NOW.minusSeconds(3600)) : Optional.empty(),
                    received ? 3 : 0, Optional.of(Fixtures.NOW.minusSeconds(i % 50)), health));
        }
        List<DescriptorStatus> descriptors = new ArrayList<>();
        for (DescriptorSlot slot : DescriptorSlot.values()) {
            int si = slot.ordinal();
            List<List<IntroPointOrigin>> byGroup = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                byGroup.add(new ArrayList<>());
            }
            Map<OnionAddress, Integer> coverage = new HashMap<>();
            for (int i = 1; i <= n; i++) {
                if (state(i) != InstanceState.VALID) {
                    continue;
                }
                coverage.put(backend(i), 1);
                for (int k = 0; k < ipsEach; k++) {
                    byGroup.get(group(i, si) - 1).add(new IntroPointOrigin(backend(i), "node" + i,
                            "AuthKeyOfNode" + i + "IntroPoint" + k + "xxxxxxxxxxxxxxxxxx=", "10.1." + i + "." + k + ":9001"));
                }
            }
            List<HsDirUpload> uploads = new ArrayList<>();
            List<DescriptorGroup> groups = new ArrayList<>();
            List<IntroPointOrigin> all = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                RelayFingerprint fetch = fingerprint(si * 16 + g);
                RelayFingerprint store = fingerprint(si * 16 + 8 + g);
                uploads.add(new HsDirUpload(fetch, "hsdir" + si + g, UploadState.UPLOADED, Optional.empty(),
                        Fixtures.NOW.minusSeconds(100), 1));
                groups.add(new DescriptorGroup(List.of(fetch), g < 2 ? List.of(store) : List.of(), byGroup.get(g)));
                all.addAll(byGroup.get(g));
                if (g < 2) {
                    uploads.add(new HsDirUpload(store, "store" + si + g, UploadState.UPLOADED, Optional.empty(),
                            Fixtures.NOW.minusSeconds(100), 1));
                }
            }
            descriptors.add(new DescriptorStatus(slot, Optional.of(si == 0 ? Fixtures.TP : Fixtures.TP.next()),
                    OptionalLong.of(1718000100L + si), Optional.of(Fixtures.NOW.minusSeconds(101)),
                    Optional.of(Fixtures.NOW.minusSeconds(100)), all, uploads, "published", groups, GROUPS, coverage));
        }
        return new ServiceStatus(MASTER, "published", descriptors, instances, List.of());
    }

    static RelayFingerprint fingerprint(int i) {
        return new RelayFingerprint(String.format("%08X", 0xC0FFEE00 + i).repeat(5));
    }
}
