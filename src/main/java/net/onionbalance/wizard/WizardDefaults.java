package net.onionbalance.wizard;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The answers used when a question is left empty: onionbalance-config's defaults, or the flags given.
 * New services are public (no client keys) by default, as onionbalance-config makes them.
 */
public record WizardDefaults(Path output, int services, int instances, String tag, int virtualPort,
                             Path hsDirRoot, boolean force, boolean restrictBackends) {
    /** onionbalance-config's: --output config/, -s 1, -n 2, -t node, --service-virtual-port 80. */
    public static final WizardDefaults ONIONBALANCE_CONFIG =
            new WizardDefaults(Path.of("config/"), 1, 2, "node", 80, DeploymentRequest.DEFAULT_HS_DIR_ROOT, false);

    public WizardDefaults(Path output, int services, int instances, String tag, int virtualPort, Path hsDirRoot, boolean force) {
        this(output, services, instances, tag, virtualPort, hsDirRoot, force, false);
    }

    public WizardDefaults {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(hsDirRoot, "hsDirRoot");
    }
}
