package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded config.yaml: what to balance and, optionally, how.
 *
 * @param source               the file it came from (for messages and for the config writer)
 * @param services             at least one master service
 * @param statusSocketLocation where to serve the status JSON: {@code ONIONBALANCE_STATUS_SOCKET_LOCATION}
 *                             if set, else {@code status-socket-location}; empty = no socket (as onionbalance 0.2.x)
 * @param timings              the timings for this run: the defaults of the network the loader was made for
 *                             ({@code --is-testnet} or not) with the {@code timings:} overrides applied
 */
public record BalancerConfig(
        Path source, List<ServiceConfig> services, Optional<Path> statusSocketLocation, BalancerExtensions extensions,
        Timings timings) {

    public BalancerConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(statusSocketLocation, "statusSocketLocation");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(timings, "timings");
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("a config needs at least one service");
        }
    }

    /** Intro points to take from each backend of {@code service}: its own setting, else the top-level one. */
    public int introPointsPerInstance(ServiceConfig service) {
        return service.extensions().introPointsPerInstance().orElse(extensions.introPointsPerInstance());
    }

    /** Every backend address once, in config order: a backend under several services is fetched once. */
    public List<OnionAddress> uniqueInstanceAddresses() {
        Set<OnionAddress> seen = new LinkedHashSet<>();
        for (ServiceConfig s : services) {
            for (InstanceConfig i : s.instances()) {
                seen.add(i.address());
            }
        }
        return new ArrayList<>(seen);
    }
}
