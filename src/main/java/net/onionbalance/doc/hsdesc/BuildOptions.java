package net.onionbalance.doc.hsdesc;

import java.util.Objects;
import java.util.Optional;

/**
 * What a master descriptor says besides its intro points. There is deliberately no
 * {@code pow-params}: a master descriptor can never carry one (see {@link MasterFeatures}).
 *
 * @param lifetimeMinutes     {@code descriptor-lifetime} (tor: 180)
 * @param singleOnionService  write {@code single-onion-service}
 * @param flowControl         a {@code flow-control} line to write (proposal 324)
 * @param clientAuthorization open, or restricted to some clients (rend-spec-v3 §2.5.1.2)
 */
public record BuildOptions(int lifetimeMinutes, boolean singleOnionService, Optional<FlowControl> flowControl,
                           ClientAuthorization clientAuthorization) {
    public static final int DEFAULT_LIFETIME_MINUTES = 180;

    public BuildOptions {
        if (lifetimeMinutes < OuterLayer.MIN_LIFETIME_MINUTES || lifetimeMinutes > OuterLayer.MAX_LIFETIME_MINUTES) {
            throw new IllegalArgumentException("descriptor lifetime must be " + OuterLayer.MIN_LIFETIME_MINUTES + ".."
                    + OuterLayer.MAX_LIFETIME_MINUTES + " minutes, got " + lifetimeMinutes);
        }
        Objects.requireNonNull(flowControl, "flowControl");
        Objects.requireNonNull(clientAuthorization, "clientAuthorization");
    }

    /** As onionbalance 0.2 publishes: lifetime 180, no optional lines, no client authorization. */
    public static BuildOptions defaults() {
        return new BuildOptions(DEFAULT_LIFETIME_MINUTES, false, Optional.empty(), ClientAuthorization.open());
    }

    public BuildOptions withLifetimeMinutes(int minutes) {
        return new BuildOptions(minutes, singleOnionService, flowControl, clientAuthorization);
    }

    public BuildOptions withSingleOnionService(boolean single) {
        return new BuildOptions(lifetimeMinutes, single, flowControl, clientAuthorization);
    }

    public BuildOptions withClientAuthorization(ClientAuthorization auth) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, flowControl, auth);
    }

    public BuildOptions withFlowControl(Optional<FlowControl> fc) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, fc, clientAuthorization);
    }
}
