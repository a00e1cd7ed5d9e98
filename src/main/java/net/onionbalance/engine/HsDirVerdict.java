package net.onionbalance.engine;

import java.util.Optional;

/**
 * What an HSDir served when the balancer fetched its own master descriptor back from it by name
 * ({@code HSFETCH <master> SERVER=<fp>}, control-spec §3.26), compared with what that HSDir
 * accepted from us ({@link HsDirCheck}).
 */
public enum HsDirVerdict {
    /** Exactly the descriptor we uploaded there. */
    HOLDS_OURS(Optional.empty()),
    /**
     * No descriptor: evicted (since tor 0.4.9.2 an HSDir short of memory drops the least-downloaded
     * descriptors first) or the HSDir restarted and lost its cache.
     */
    ABSENT(Optional.of(PublishReason.HSDIR_LOST_IT)),
    /** A descriptor signed by our key with a lower revision counter than the one it accepted. */
    OLDER_REVISION(Optional.of(PublishReason.HSDIR_HOLDS_OLDER)),
    /** A descriptor our key did not sign (or none that parses): an HSDir that lies, or a bug. */
    FOREIGN(Optional.of(PublishReason.HSDIR_HOLDS_FOREIGN)),
    /**
     * Signed by our key, with a higher (or the same) revision counter and other content: another
     * obhost publishes this service. Not fought: uploading ours again would only be rejected.
     */
    OTHER_PUBLISHER(Optional.empty()),
    /** Tor's fetch from this HSDir failed for another reason than "not found". */
    UNREACHABLE(Optional.empty()),
    /** Tor sent no answer at all for the fetch within the check's timeout. */
    UNANSWERED(Optional.empty());

    private final Optional<PublishReason> repair;

    HsDirVerdict(Optional<PublishReason> repair) {
        this.repair = repair;
    }

    /** The reason to upload to this HSDir again at once, when the verdict calls for it. */
    public Optional<PublishReason> repair() {
        return repair;
    }
}
