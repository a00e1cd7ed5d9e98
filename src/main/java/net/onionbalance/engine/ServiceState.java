package net.onionbalance.engine;

import java.util.HashMap;
import net.onionbalance.doc.hsdesc.ClientAuthorization;
import net.onionbalance.config.ServiceExtensions;
import net.onionbalance.ring.DescriptorSlot;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.keys.ServiceIdentity;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.OnionAddress;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One master onion service: its key, its instances and its two descriptor slots. */
final class ServiceState {
    final OnionAddress master;
    /** The identity key or an offline key bundle; replaced at a reload (a renewed bundle). */
    ServiceIdentity key;
    final List<InstanceRef> instances = new ArrayList<>();
    final Map<DescriptorSlot, SlotState> slots = new EnumMap<>(DescriptorSlot.class);
    String state = "starting";
    List<String> notes = List.of();
    boolean forcePublish;
    /** The key bundle's expiry warning last logged ({@link KeyCoverage}), or null. */
    String keyExpiryWarned;
    /** intro-points-per-instance and distinct-descriptors as this service's config says. */
    ServiceExtensions extensions = ServiceExtensions.NONE;
    /** Who may fetch the master descriptor (rend-spec-v3 §2.5.1.2); set from the config at start and reload. */
    ClientAuthorization clientAuthorization = ClientAuthorization.open();
    /** Blinding costs milliseconds: once per time period, not per publish check. */
    private final Map<TimePeriod, Ed25519PublicKey> blindedKeys = new HashMap<>();

    Ed25519PublicKey blindedKey(TimePeriod tp) {
        if (blindedKeys.size() > 8) {
            blindedKeys.clear();
        }
        return blindedKeys.computeIfAbsent(tp, p -> KeyBlinding.blindPublicKey(master.publicKey(), p));
    }

    /** Intro points per backend: the service's own setting, else the top-level one. */
    int introPointsPerInstance(int topLevel) {
        return extensions.introPointsPerInstance().orElse(topLevel);
    }

    ServiceState(OnionAddress master, ServiceIdentity key, List<InstanceRef> instances) {
        this.master = master;
        this.key = key;
        this.instances.addAll(instances);
        for (DescriptorSlot s : DescriptorSlot.values()) {
            slots.put(s, new SlotState(s));
        }
    }
}
