package net.onionbalance.doc.hsdesc;

import java.util.Objects;
import java.util.Optional;

/**
 * What a master descriptor says besides its intro points, and the size it must keep to. There is
 * deliberately no {@code pow-params}: a master descriptor can never carry one (see {@link MasterFeatures}).
 *
 * @param lifetimeMinutes     {@code descriptor-lifetime} (tor: 180)
 * @param singleOnionService  write {@code single-onion-service}
 * @param flowControl         a {@code flow-control} line to write (proposal 324)
 * @param proto               a {@code proto} line to write (rend-spec "hsdesc-encrypt", item:proto);
 *                            {@link SubprotocolVersions#NONE} writes none
 * @param clientAuthorization open, or restricted to some clients (rend-spec-v3 §2.5.1.2)
 * @param maxDescriptorBytes  the largest descriptor HSDirs take: the consensus parameter
 *                            {@code HSV3MaxDescriptorSize} (default 50,000)
 */
public record BuildOptions(int lifetimeMinutes, boolean singleOnionService, Optional<FlowControl> flowControl,
                           SubprotocolVersions proto, ClientAuthorization clientAuthorization, int maxDescriptorBytes) {
    public static final int DEFAULT_LIFETIME_MINUTES = 180;

    public BuildOptions {
        if (lifetimeMinutes < OuterLayer.MIN_LIFETIME_MINUTES || lifetimeMinutes > OuterLayer.MAX_LIFETIME_MINUTES) {
            throw new IllegalArgumentException("descriptor lifetime must be " + OuterLayer.MIN_LIFETIME_MINUTES + ".."
                    + OuterLayer.MAX_LIFETIME_MINUTES + " minutes, got " + lifetimeMinutes);
        }
        Objects.requireNonNull(flowControl, "flowControl");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(clientAuthorization, "clientAuthorization");
        if (maxDescriptorBytes < 1) {
            throw new IllegalArgumentException("the descriptor size limit must be positive, got " + maxDescriptorBytes);
        }
    }

    /** As onionbalance 0.2 publishes: lifetime 180, no optional lines, no client authorization, 50,000 bytes. */
    public static BuildOptions defaults() {
        return new BuildOptions(DEFAULT_LIFETIME_MINUTES, false, Optional.empty(), SubprotocolVersions.NONE,
                ClientAuthorization.open(), MasterDescriptorBuilder.MAX_DESCRIPTOR_BYTES);
    }

    public BuildOptions withLifetimeMinutes(int minutes) {
        return new BuildOptions(minutes, singleOnionService, flowControl, proto, clientAuthorization, maxDescriptorBytes);
    }

    public BuildOptions withSingleOnionService(boolean single) {
        return new BuildOptions(lifetimeMinutes, single, flowControl, proto, clientAuthorization, maxDescriptorBytes);
    }

    public BuildOptions withClientAuthorization(ClientAuthorization auth) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, flowControl, proto, auth, maxDescriptorBytes);
    }

    public BuildOptions withFlowControl(Optional<FlowControl> fc) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, fc, proto, clientAuthorization, maxDescriptorBytes);
    }

    public BuildOptions withProto(SubprotocolVersions p) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, flowControl, p, clientAuthorization, maxDescriptorBytes);
    }

    /** {@code HSV3MaxDescriptorSize} from the consensus: a larger descriptor is not built. */
    public BuildOptions withMaxDescriptorBytes(int bytes) {
        return new BuildOptions(lifetimeMinutes, singleOnionService, flowControl, proto, clientAuthorization, bytes);
    }
}
