package net.onionbalance.wizard;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the wizard asks, before any key is read or made.
 *
 * @param output       the folder to create (onionbalance-config's {@code --output})
 * @param services     one entry per master service
 * @param hsDirRoot    the folder on each backend host under which its HiddenServiceDir will live
 *                     (Debian's tor may only write under /var/lib/tor)
 * @param force        replace what is in the way; the replaced files are moved aside, never deleted
 * @param restrictBackends restrict each backend's own descriptor to the balancer (rend-spec-v3 §2.5.1.2):
 *                     a client key per backend, its public half in the bundle's authorized_clients/
 */
public record DeploymentRequest(Path output, List<ServiceRequest> services, Path hsDirRoot, boolean force,
                                boolean restrictBackends) {
    /** Debian's tor (and its AppArmor profile) keeps its data, hidden-service folders included, here. */
    public static final Path DEFAULT_HS_DIR_ROOT = Path.of("/var/lib/tor");

    public DeploymentRequest(Path output, List<ServiceRequest> services, Path hsDirRoot, boolean force) {
        this(output, services, hsDirRoot, force, false);
    }

    public DeploymentRequest {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(hsDirRoot, "hsDirRoot");
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("at least one service");
        }
    }
}
