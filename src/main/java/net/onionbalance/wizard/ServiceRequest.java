package net.onionbalance.wizard;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator asked for one master (frontend) service.
 *
 * @param importKey   a key file to import (tor's hs_ed25519_secret_key or PEM); empty = generate a new key
 * @param instances   how many backends, 1..{@link Answers#maxInstances}({@code introPointsPerInstance})
 * @param tag         instance names are tag1, tag2, ...
 * @param virtualPort the port clients connect to ({@code HiddenServicePort VIRTPORT})
 * @param target      where the backend's tor forwards it
 * @param clients     its authorized clients; {@link ClientsRequest#NONE}: public
 * @param introPointsPerInstance config.yaml's {@code intro-points-per-instance} for the service (written only when
 *                    not the default 2); 1 lets up to 120 backends reach clients
 */
public record ServiceRequest(Optional<Path> importKey, int instances, String tag, int virtualPort, ServiceTarget target,
                             ClientsRequest clients, int introPointsPerInstance) {
    public ServiceRequest(Optional<Path> importKey, int instances, String tag, int virtualPort, ServiceTarget target,
                          ClientsRequest clients) {
        this(importKey, instances, tag, virtualPort, target, clients, Answers.INTRO_POINTS_PER_INSTANCE);
    }

    public ServiceRequest {
        Objects.requireNonNull(importKey, "importKey");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(clients, "clients");
    }

    /** A public service, as onionbalance-config makes it. */
    public ServiceRequest(Optional<Path> importKey, int instances, String tag, int virtualPort, ServiceTarget target) {
        this(importKey, instances, tag, virtualPort, target, ClientsRequest.NONE);
    }
}
