package net.onionbalance.doc.hsdesc;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The lines of a master descriptor's second layer that depend on the backends whose intro
 * points it carries (rend-spec-v3 §2.5.2.2). A client reads them once for the whole service and
 * then may reach any of those backends, so a line is written only when it holds for all of them:
 * <ul>
 * <li>{@code flow-control} (proposal 324): the versions every backend supports, when there is at
 *     least one and every backend expects the same sendme increment (tor requires the increment,
 *     so when they differ the line is left out and clients run without congestion control);</li>
 * <li>{@code proto} (rend-spec "hsdesc-encrypt", item:proto; Arti writes it): per protocol, the
 *     versions every backend lists, so a client never uses a capability one of the backends lacks.
 *     A protocol one backend does not list is left out, and a backend without the line (C tor,
 *     Arti before it) leaves the master without it. Names we do not know merge the same way: each
 *     entry describes the tor at the end of the rendezvous circuit, which is always a backend's.
 *     {@code FlowCtrl} in {@code proto} is merged here and independently of {@code flow-control},
 *     as Arti keeps the two apart;</li>
 * <li>{@code single-onion-service}: only when every backend is a single onion service;</li>
 * <li>{@code pow-params} is never written: a client's solution binds the seed and the blinded key
 *     of the descriptor it fetched, and a backend's tor checks it against its own (hspow-spec
 *     §3.4.1), so a master's puzzle could never be checked. See {@link VerifiedDescriptor#advertisesPow()}.</li>
 * </ul>
 */
public record MasterFeatures(boolean singleOnionService, Optional<FlowControl> flowControl, SubprotocolVersions proto) {
    public static final MasterFeatures NONE = new MasterFeatures(false, Optional.empty(), SubprotocolVersions.NONE);

    /** What the inner layers of the backends in one master descriptor have in common; none for none. */
    public static MasterFeatures common(List<InnerLayer> backends) {
        if (backends.isEmpty()) {
            return NONE;
        }
        boolean single = backends.stream().allMatch(InnerLayer::singleOnionService);
        Optional<FlowControl> flow = Optional.empty();
        if (backends.stream().allMatch(b -> b.flowControl().isPresent())) {
            SortedSet<Integer> versions = new TreeSet<>(backends.get(0).flowControl().get().versions());
            int inc = backends.get(0).flowControl().get().sendmeIncrement();
            boolean sameIncrement = true;
            for (InnerLayer b : backends) {
                versions.retainAll(b.flowControl().get().versions());
                sameIncrement &= b.flowControl().get().sendmeIncrement() == inc;
            }
            if (!versions.isEmpty() && sameIncrement) {
                flow = Optional.of(new FlowControl(versions, inc));
            }
        }
        SubprotocolVersions proto = backends.get(0).proto();
        for (InnerLayer b : backends) {
            proto = proto.intersection(b.proto());
        }
        return new MasterFeatures(single, flow, proto);
    }

    /**
     * The build options for a master descriptor carrying intro points of {@code backends} (each
     * backend once), restricted to {@code clients}: what the engine passes to
     * {@link MasterDescriptorBuilder#build}.
     */
    public static BuildOptions buildOptions(List<VerifiedDescriptor> backends, ClientAuthorization clients) {
        MasterFeatures f = common(backends.stream().map(VerifiedDescriptor::inner).toList());
        return BuildOptions.defaults().withSingleOnionService(f.singleOnionService()).withFlowControl(f.flowControl())
                .withProto(f.proto()).withClientAuthorization(clients);
    }
}
