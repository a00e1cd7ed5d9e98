package net.onionbalance.tor;

import net.onionbalance.doc.consensus.RelayFingerprint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link TorController} delivers to its listeners, on its own event thread: tor's
 * asynchronous events (control-spec §4.1), typed where the balancer needs them, plus the
 * controller's own connection events.
 */
public sealed interface TorEvent {

    /**
     * {@code 650 HS_DESC Action HSAddress AuthType HsDir [DescriptorID] [REASON=] [REPLICA=] [HSDIR_INDEX=]}
     * (control-spec §4.1.25). {@code address} is 56 characters without ".onion", or "UNKNOWN"
     * as tor sends for uploads it cannot attribute; for v3 the descriptor id is the blinded key in base64.
     */
    record HsDescEvent(HsDescAction action, String address, String authType, Optional<RelayFingerprint> hsDir,
                       Optional<String> hsDirNickname, Optional<String> descriptorId, Optional<HsDescReason> reason,
                       OptionalInt replica, Optional<String> hsDirIndex) implements TorEvent {
        public HsDescEvent {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(authType, "authType");
            Objects.requireNonNull(hsDir, "hsDir");
            Objects.requireNonNull(hsDirNickname, "hsDirNickname");
            Objects.requireNonNull(descriptorId, "descriptorId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(hsDirIndex, "hsDirIndex");
        }
    }

    /**
     * {@code 650+HS_DESC_CONTENT HSAddress DescId HsDir} followed by the descriptor (control-spec
     * §4.1.26). Tor sends an <em>empty</em> descriptor when a fetch failed; see {@link #failed()}.
     */
    record HsDescContentEvent(String address, String descriptorId, Optional<RelayFingerprint> hsDir, String descriptor)
            implements TorEvent {
        public HsDescContentEvent {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(descriptorId, "descriptorId");
            Objects.requireNonNull(hsDir, "hsDir");
            Objects.requireNonNull(descriptor, "descriptor");
        }

        /** True when tor found no descriptor (empty body). */
        public boolean failed() {
            return descriptor.isEmpty();
        }

        @Override
        public String toString() {
            return "HsDescContentEvent[address=" + address + ", descriptorId=" + descriptorId + ", hsDir=" + hsDir
                    + ", descriptor=" + descriptor.length() + " chars]";
        }
    }

    /**
     * {@code 650 STATUS_CLIENT Severity Action [Arguments]} (control-spec §4.1.10), e.g.
     * {@code NOTICE CONSENSUS_ARRIVED}.
     */
    record StatusClientEvent(String severity, String action, Map<String, String> args) implements TorEvent {
        public static final String CONSENSUS_ARRIVED = "CONSENSUS_ARRIVED";

        public StatusClientEvent {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(action, "action");
            args = Map.copyOf(args);
        }

        public boolean isConsensusArrived() {
            return CONSENSUS_ARRIVED.equals(action);
        }
    }

    /** {@code 650 SIGNAL Name}: tor acted on a signal (control-spec §4.1.17). */
    record SignalEvent(String signal) implements TorEvent {
        public SignalEvent {
            Objects.requireNonNull(signal, "signal");
        }
    }

    /** Any other event, or a typed one that could not be parsed (kept whole rather than dropped). */
    record OtherEvent(String eventType, List<String> lines, Optional<String> data) implements TorEvent {
        public OtherEvent {
            Objects.requireNonNull(eventType, "eventType");
            lines = List.copyOf(lines);
            Objects.requireNonNull(data, "data");
        }
    }

    /** The connection to tor was lost; sent once per loss. Reconnection starts by itself. */
    record ConnectionLost(String reason) implements TorEvent {
        /** How the reason begins when the reader thread itself failed (a Throwable), not tor or the socket. */
        public static final String READER_FAILED = "internal error in the control reader";

        public ConnectionLost {
            Objects.requireNonNull(reason, "reason");
        }

        /** True when our reader failed rather than tor or the connection: the supervisor counts it as an internal error. */
        public boolean internalError() {
            return reason.contains(READER_FAILED);
        }
    }

    /**
     * The controller is connected, authenticated and subscribed again after a {@link ConnectionLost}.
     * Events tor emitted in between are gone: the receiver should refresh what it needs.
     *
     * @param outage time from noticing the loss to being usable again
     */
    record Reconnected(ControlEndpoint endpoint, Duration outage) implements TorEvent {
        public Reconnected {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(outage, "outage");
        }
    }
}
