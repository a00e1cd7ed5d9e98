package net.onionbalance.engine.snapshot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the supervisor caught since start: a Throwable out of a unit of engine work (a tick, a
 * tor event, a command, a health result) or out of the control-port reader. The engine logs
 * each with what was running and goes on (the reader's connection is reconnected, events
 * re-subscribed, backends fetched and the services republished); this is how the console and
 * the status output show that it happened, after the log line has scrolled away.
 *
 * @param count  how many, since start
 * @param lastAt when the last one happened
 * @param last   the last one: the component and the error, e.g. {@code "tick: java.lang.IllegalStateException: ..."}
 */
public record InternalErrors(long count, Optional<Instant> lastAt, Optional<String> last) {
    public static final InternalErrors NONE = new InternalErrors(0, Optional.empty(), Optional.empty());

    public InternalErrors {
        Objects.requireNonNull(lastAt, "lastAt");
        Objects.requireNonNull(last, "last");
    }

    /** These and one more, at {@code at}. */
    public InternalErrors plus(Instant at, String component, Throwable error) {
        return plus(at, component + ": " + error);
    }

    public InternalErrors plus(Instant at, String what) {
        return new InternalErrors(count + 1, Optional.of(at), Optional.of(what));
    }
}
