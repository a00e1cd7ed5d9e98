package net.onionbalance.engine.snapshot;

import net.onionbalance.crypto.OnionAddress;

import java.util.List;
import java.util.Optional;

/**
 * One balanced (master) onion service.
 *
 * @param state       one line for the operator, e.g. "published" or "no usable intro points yet"
 * @param descriptors the first and second descriptor, in that order
 * @param notes       what the operator should know: backends left out, HSDir rings missing, …
 * @param healthEvents recent health transitions of its backends, oldest first ("23:01:12 node2 up → down: intro failed")
 * @param keyBundle   present when the service publishes from an offline key bundle: its expiry and gaps
 */
public record ServiceStatus(
        OnionAddress masterAddress,
        String state,
        List<DescriptorStatus> descriptors,
        List<InstanceStatus> instances,
        List<String> notes,
        List<String> healthEvents,
        Optional<KeyBundleStatus> keyBundle) {
    public ServiceStatus {
        java.util.Objects.requireNonNull(keyBundle, "keyBundle");
        descriptors = List.copyOf(descriptors);
        instances = List.copyOf(instances);
        notes = List.copyOf(notes);
        healthEvents = List.copyOf(healthEvents);
    }

    public ServiceStatus(OnionAddress masterAddress, String state, List<DescriptorStatus> descriptors,
                         List<InstanceStatus> instances, List<String> notes, List<String> healthEvents) {
        this(masterAddress, state, descriptors, instances, notes, healthEvents, Optional.empty());
    }

    public ServiceStatus(OnionAddress masterAddress, String state, List<DescriptorStatus> descriptors,
                         List<InstanceStatus> instances, List<String> notes) {
        this(masterAddress, state, descriptors, instances, notes, List.of());
    }
}
