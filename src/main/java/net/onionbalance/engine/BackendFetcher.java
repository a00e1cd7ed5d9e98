package net.onionbalance.engine;

import net.onionbalance.config.Timings;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.DescriptorException;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.HsDescReason;
import net.onionbalance.tor.TorEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Fetches the backends' descriptors through tor and verifies what arrives: HSFETCH after
 * NEWNYM for every backend each fetch round, a quick re-fetch from the named HSDirs of a backend
 * tor found nothing for, and full verification ({@link DescriptorVerifier}) of each descriptor
 * tor hands over in {@code HS_DESC_CONTENT} (control-spec §4.1.26).
 */
final class BackendFetcher {
    private static final Logger LOG = Logger.getLogger(BackendFetcher.class.getName());
    /** First wait before re-fetching a backend tor found no descriptor of. */
    private static final Duration QUICK_REFETCH = Duration.ofSeconds(3);

    /** What a descriptor event meant for the master descriptors. */
    enum Outcome {
        /** Not one of our backends, or nothing that changes the published intro points. */
        NOTHING_NEW,
        /** The backend's intro points changed, or an instance was retired: publish again. */
        REPUBLISH
    }

    private final TorGateway tor;
    private final ServiceRegistry registry;
    private final Timings timings;
    /** Backends asked in the current round that have not answered (found or not) yet. */
    private final Set<OnionAddress> awaiting = new HashSet<>();
    private int askedThisRound;

    BackendFetcher(TorGateway tor, ServiceRegistry registry, Timings timings) {
        this.tor = tor;
        this.registry = registry;
        this.timings = timings;
    }

    /** NEWNYM, then HSFETCH of every backend. */
    void fetchAll(String why, Instant now) {
        try {
            // Tor answers HSFETCH from its client cache otherwise (onionbalance does the same).
            tor.newnym();
        } catch (ControlException e) {
            LOG.warning("SIGNAL NEWNYM failed: " + e.getMessage());
        }
        awaiting.clear();
        for (BackendState b : registry.backends()) {
            try {
                tor.hsFetch(b.address, List.of());
                b.fetchRequested(now);
                awaiting.add(b.address);
            } catch (ControlException e) {
                LOG.warning("Could not ask tor to fetch " + b.address + ": " + e.getMessage());
            }
        }
        askedThisRound = awaiting.size();
        LOG.fine(() -> "Fetching " + registry.backends().size() + " backend descriptors (" + why + ")");
    }

    /** Whether every backend asked in this round has answered, with a descriptor or without. */
    boolean roundAnswered() {
        return awaiting.isEmpty();
    }

    int answeredThisRound() {
        return askedThisRound - awaiting.size();
    }

    int askedThisRound() {
        return askedThisRound;
    }

    /**
     * Backends tor found no descriptor of: asked again from every HSDir responsible for their
     * current descriptor, named explicitly so that tor neither answers from its cache nor skips
     * HSDirs it queried recently.
     */
    void refetchMissing(NetworkState view, Instant now) {
        for (BackendState b : registry.backends()) {
            if (!b.takeDueRetry(now)) {
                continue;
            }
            // Relays of the ring of tor's current consensus only: tor before 0.4.9.12 can assert on
            // a SERVER= it has no consensus entry for (tor bug 41367, TorVersion.HSFETCH_SERVER_FIXED).
            List<RelayFingerprint> servers = view.currentHsDirs(b.address);
            try {
                tor.hsFetch(b.address, servers);
                b.fetchRequested(now);
                b.askedByName(servers);
                LOG.fine(() -> "Fetching " + b.address + " again from " + servers.size() + " HSDirs");
            } catch (ControlException e) {
                LOG.warning("Could not ask tor to fetch " + b.address + ": " + e.getMessage());
            }
        }
    }

    /**
     * One backend fetched again at once, from the HSDirs of its current descriptor named
     * explicitly (no NEWNYM: the other backends' cached descriptors stay), for {@code why}.
     */
    void refetch(BackendState b, NetworkState view, RefetchReason why, Instant now) {
        List<RelayFingerprint> servers = view.currentHsDirs(b.address);
        try {
            tor.hsFetch(b.address, servers);
            b.fetchRequested(now);
            b.askedByName(servers);
            LOG.info("Fetching instance " + b.address + " again now (" + why + ") from " + servers.size() + " HSDirs");
        } catch (ControlException e) {
            LOG.warning("Could not ask tor to fetch " + b.address + ": " + e.getMessage());
        }
    }

    /**
     * A fetch of one of our backends failed at one HSDir, or (QUERY_NO_HSDIR) before asking any.
     *
     * @return {@link Outcome#REPUBLISH} when this made the backend stale: no HSDir has it any more
     */
    Outcome onFetchFailed(BackendState b, TorEvent.HsDescEvent d, Instant now) {
        LOG.fine(() -> "Fetch of " + b.address + " failed" + d.hsDir().map(h -> " at " + h).orElse("")
                + d.reason().map(r -> " (" + r + ")").orElse(""));
        awaiting.remove(b.address);
        b.fetchFailed(now, QUICK_REFETCH, timings.fetchInterval());
        if (d.reason().orElse(null) == HsDescReason.NOT_FOUND && d.hsDir().isPresent() && b.notFoundAt(d.hsDir().get())) {
            LOG.info("Instance " + b.address + " is now " + b.state().label() + ": " + b.reason().orElse(""));
            return Outcome.REPUBLISH;
        }
        return Outcome.NOTHING_NEW;
    }

    /**
     * A descriptor tor fetched ({@code HS_DESC_CONTENT}); {@code view} is empty before the first
     * consensus, when there are no time periods to check it against.
     */
    Outcome onContent(TorEvent.HsDescContentEvent c, Optional<NetworkState> view, Instant now) {
        Optional<BackendState> backend = registry.known(c.address()).flatMap(registry::backend);
        if (backend.isEmpty()) {
            return Outcome.NOTHING_NEW;
        }
        BackendState b = backend.get();
        awaiting.remove(b.address);
        if (c.descriptor().isBlank()) {
            // Tor tries the next HSDir itself; if none has it, fetch again soon from all of them.
            LOG.fine(() -> "Empty descriptor for " + b.address + " from " + c.hsDir().map(Object::toString).orElse("?"));
            b.fetchFailed(now, QUICK_REFETCH, timings.fetchInterval());
            return Outcome.NOTHING_NEW;
        }
        if (view.isEmpty()) {
            LOG.fine(() -> "Descriptor of " + b.address + " arrived before a consensus; it will be fetched again");
            return Outcome.NOTHING_NEW;
        }
        Outcome outcome = Outcome.NOTHING_NEW;
        try {
            VerifiedDescriptor d = DescriptorVerifier.verifyRefetched(c.descriptor(), b.address,
                    view.get().acceptableBackendPeriods(), now, b.lastVerified(), b.clientKey);
            boolean changed = b.verified(d, now);
            for (ServiceRegistry.Retirement r : registry.retirementsCompletedBy(b.address)) {
                LOG.info("Rotation: " + r.replacement() + " is live, retiring the instance it replaces, " + r.retiring());
                registry.removeInstance(r.service(), r.retiring());
                outcome = Outcome.REPUBLISH;
            }
            if (changed) {
                LOG.info("Instance " + b.address + ": new intro point set or content (" + d.introPoints().size() + " intro points"
                        + d.inner().flowControl().map(f -> ", flow-control " + f).orElse("")
                        + (d.inner().singleOnionService() ? ", single onion" : "") + ")");
                outcome = Outcome.REPUBLISH;
            } else {
                LOG.fine(() -> "Instance " + b.address + ": intro point set unchanged (revision counter "
                        + Long.toUnsignedString(d.revisionCounter()) + ")");
            }
        } catch (DescriptorException e) {
            b.rejected(e.getMessage(), now);
            LOG.warning("Rejected the descriptor of instance " + b.address + ": " + e.getMessage());
        }
        return outcome;
    }
}
