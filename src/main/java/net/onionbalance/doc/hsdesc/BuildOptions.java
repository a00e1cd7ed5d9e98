package net.onionbalance.doc.hsdesc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a master descriptor says besides its intro points.
 *
 * @param lifetimeMinutes    {@code descriptor-lifetime} (tor: 180)
 * @param singleOnionService write {@code single-onion-service}
 * @param flowControl        arguments of a {@code flow-control} line to write, e.g. "1-2 31"
 * @param powParams          {@code pow-params} lines to write (proposal 327)
 * @param clientAuthorization open, or restricted to some clients
 */
public record BuildOptions(int lifetimeMinutes, boolean singleOnionService, Optional<String> flowControl,
                           List<PowParams> powParams, ClientAuthorization clientAuthorization) {
    public static final int DEFAULT_LIFETIME_MINUTES = 180;

    public BuildOptions {
        if (lifetimeMinutes < OuterLayer.MIN_LIFETIME_MINUTES || lifetimeMinutes > OuterLayer.MAX_LIFETIME_MINUTES) {
            throw new IllegalArgumentException("descriptor lifetime must be " + OuterLayer.MIN_LIFETIME_MINUTES + ".."
                    + OuterLayer.MAX_LIFETIME_MINUTES + " minutes, got " + lifetimeMinutes);
        }
        Objects.requireNonNull(flowControl, "flowControl");
        powParams = List.copyOf(powParams);
        Objects.requireNonNull(clientAuthorization, "clientAuthorization");
    }

    /** As onionbalance 0.2 publishes: lifetime 180, no optional lines, no client authorization. */
    public static BuildOptions defaults() {
        return new BuildOptions(DEFAULT_LIFETIME_MINUTES, false, Optional.empty(), List.of(), ClientAuthorization.open());
    }

    public BuildOptions withLifetimeMinutes(int minutes) {
        return new BuildOptions(minutes, singleOnionService, flowControl, powParams, clientAuthorization);
    }

    public BuildOptions withPowParams(List<PowParams> params) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, flowControl, params, clientAuthorization);
    }

    public BuildOptions withClientAuthorization(ClientAuthorization auth) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, flowControl, powParams, auth);
    }

    public BuildOptions withFlowControl(Optional<String> fc) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, fc, powParams, clientAuthorization);
    }
}
