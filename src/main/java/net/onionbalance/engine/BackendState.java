package net.onionbalance.engine;

import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the balancer knows of one backend onion service. A backend listed under several services
 * has one state, fetched once. Owned by the engine thread: not thread-safe.
 */
final class BackendState {
    final OnionAddress address;
    private InstanceState state = InstanceState.MISSING;
    private String reason = "no descriptor received yet";
    private VerifiedDescriptor descriptor;
    private Instant received;
    private Instant introSetModified;
    private Instant lastFetch;
    /** When the revision counter last went up: tor re-uploads within 60–120 min while it lives. */
    private Instant revisionAdvanced;
    private Set<Ed25519PublicKey> introAuthKeys = Set.of();
    /** The balancer's client key when the backend restricts its descriptor to it (rend-spec-v3 §2.5.1.2). */
    Optional<X25519PrivateKey> clientKey = Optional.empty();

    BackendState(OnionAddress address) {
        this.address = address;
    }

    /**
     * A quick re-fetch after tor found no descriptor: a backend that just published is not on
     * every HSDir yet, and a tor without a SocksPort ignores NEWNYM, so its "recently asked"
     * HSDirs stay excluded from plain HSFETCHes.
     */
    private Instant retryAt;
    /**
     * The HSDirs asked by name in the last re-fetch that have not answered NOT_FOUND yet. Always a
     * mutable set: tor's NOT_FOUND at an HSDir nobody asked by name (any plain fetch) removes from it.
     */
    private Set<RelayFingerprint> askedByName = new HashSet<>();
    /**
     * Every responsible HSDir answered NOT_FOUND: the descriptor expired everywhere, so the backend
     * stopped publishing (its tor re-uploads long before the descriptor's 3-hour lifetime ends).
     */
    private boolean goneFromHsDirs;

    /** A re-fetch asks these HSDirs by name. */
    void askedByName(List<RelayFingerprint> servers) {
        askedByName = new HashSet<>(servers);
    }

    /**
     * One of the HSDirs asked by name has no descriptor of this backend.
     *
     * @return true when that was the last of them: the backend is stale from now on
     */
    boolean notFoundAt(RelayFingerprint hsDir) {
        if (!askedByName.remove(hsDir) || !askedByName.isEmpty() || goneFromHsDirs || descriptor == null) {
            return false;
        }
        goneFromHsDirs = true;
        state = InstanceState.STALE;
        reason = "no HSDir has its descriptor any more (every responsible HSDir answered NOT_FOUND): is the backend's tor running?";
        return true;
    }
    private Duration retryDelay = Duration.ZERO;

    void fetchRequested(Instant now) {
        lastFetch = now;
    }

    /** Tor found no descriptor: try again soon, backing off up to {@code max}, unless one is scheduled. */
    void fetchFailed(Instant now, Duration first, Duration max) {
        if (retryAt != null) {
            return;
        }
        retryDelay = retryDelay.isZero() ? first : retryDelay.multipliedBy(2);
        if (retryDelay.compareTo(max) > 0) {
            retryDelay = max;
        }
        retryAt = now.plus(retryDelay);
    }

    /** Whether a quick re-fetch is due now; clears it. */
    boolean takeDueRetry(Instant now) {
        if (retryAt == null || now.isBefore(retryAt)) {
            return false;
        }
        retryAt = null;
        return true;
    }

    /** The last descriptor that passed verification, if any. */
    Optional<VerifiedDescriptor> lastVerified() {
        return Optional.ofNullable(descriptor);
    }

    /**
     * A descriptor that passed full verification.
     *
     * @return true when its intro-point set, flow-control or single-onion-service line differs from the previous one
     */
    boolean verified(VerifiedDescriptor d, Instant now) {
        if (descriptor != null && d.blindedKey().equals(descriptor.blindedKey())
                && d.revisionCounter() < descriptor.revisionCounter()) {
            // rend-spec-v3 §2.4: HSDirs keep the highest counter; an older one is a replay.
            reason = "ignored a replayed descriptor (revision counter " + d.revisionCounter()
                    + " < " + descriptor.revisionCounter() + ")";
            return false;
        }
        if (descriptor == null || d.revisionCounter() != descriptor.revisionCounter()
                || !d.blindedKey().equals(descriptor.blindedKey())) {
            revisionAdvanced = now;
        }
        // Intro points are compared by their own auth keys (rend-spec-v3 §2.5.2.2): a backend
        // restarted on the same relays gets new auth keys, which the relays' onion keys would hide.
        Set<Ed25519PublicKey> keys = d.introPoints().stream().map(IntroPoint::authKey).collect(Collectors.toUnmodifiableSet());
        // The other second-layer lines the master copies (flow-control, single-onion-service) count
        // too: a backend that turns on congestion control must not wait for the hourly republish.
        boolean changed = descriptor == null || !keys.equals(introAuthKeys)
                || !d.inner().flowControl().equals(descriptor.inner().flowControl())
                || d.inner().singleOnionService() != descriptor.inner().singleOnionService();
        descriptor = d;
        received = now;
        introAuthKeys = keys;
        if (changed) {
            introSetModified = now;
        }
        state = InstanceState.VALID;
        reason = "";
        goneFromHsDirs = false;
        askedByName.clear();
        retryAt = null;
        retryDelay = Duration.ZERO;
        return changed;
    }

    /** A descriptor arrived but failed verification: the last good one stays usable. */
    void rejected(String why, Instant now) {
        state = InstanceState.INVALID;
        reason = why;
    }

    /**
     * Re-evaluates freshness.
     *
     * @param tooOld       not received for this long: excluded (onionbalance's INSTANCE_DESCRIPTOR_TOO_OLD)
     * @param unchangedFor revision counter not advanced for this long: the backend stopped
     *                     re-publishing, so it is most likely gone although HSDirs still serve it
     * @return true when the state changed
     */
    boolean refresh(Instant now, Duration tooOld, Duration unchangedFor) {
        if (descriptor == null || state == InstanceState.INVALID || goneFromHsDirs) {
            return false;
        }
        InstanceState before = state;
        if (Duration.between(received, now).compareTo(tooOld) > 0) {
            state = InstanceState.STALE;
            reason = "no descriptor received for " + Durations.human(Duration.between(received, now));
        } else if (Duration.between(revisionAdvanced, now).compareTo(unchangedFor) > 0) {
            state = InstanceState.STALE;
            reason = "descriptor not re-published for " + Durations.human(Duration.between(revisionAdvanced, now))
                    + " (is the backend's tor running?)";
        } else {
            state = InstanceState.VALID;
            reason = "";
        }
        return before != state;
    }

    /** Intro points the master descriptor may use now. */
    List<IntroPoint> usableIntroPoints() {
        if (descriptor == null || state == InstanceState.STALE || state == InstanceState.MISSING) {
            return List.of();
        }
        // An invalid newer descriptor does not void the last verified one.
        return descriptor.introPoints();
    }

    InstanceState state() {
        return state;
    }

    Optional<String> reason() {
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }

    Optional<Instant> received() {
        return Optional.ofNullable(received);
    }

    Optional<Instant> introSetModified() {
        return Optional.ofNullable(introSetModified);
    }

    Optional<Instant> lastFetch() {
        return Optional.ofNullable(lastFetch);
    }

    int introPointCount() {
        return descriptor == null ? 0 : descriptor.introPoints().size();
    }
}
