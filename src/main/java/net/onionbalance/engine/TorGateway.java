package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.SocksListener;
import net.onionbalance.tor.TorEvent;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The few things the engine asks of its tor. One implementation talks to the real control port
 * ({@link ControllerGateway}); engine tests drive the decision logic with recorded events.
 */
public interface TorGateway extends AutoCloseable {
    /** Events arrive on tor's event thread; the engine re-queues them onto its own thread. */
    void setListener(Consumer<TorEvent> listener);

    /** SETEVENTS for what the engine follows: HS_DESC, HS_DESC_CONTENT, STATUS_CLIENT. */
    void subscribe() throws ControlException;

    String torVersion() throws ControlException;

    /** {@code GETINFO dir/status-vote/current/consensus-microdesc} (tor 0.4.3.1+). */
    String microdescConsensus() throws ControlException;

    /** {@code GETINFO md/all}. */
    String microdescriptors() throws ControlException;

    /**
     * {@code GETINFO md/id/<fingerprint> ...}: the microdescriptors tor has for these relays, by
     * relay; relays it has none for are left out (see {@link net.onionbalance.tor.TorController#microdescriptors(List)}).
     */
    Map<RelayFingerprint, String> microdescriptors(List<RelayFingerprint> relays) throws ControlException;

    /** {@code SIGNAL NEWNYM}: clears tor's client descriptor cache so HSFETCH asks the HSDirs. */
    void newnym() throws ControlException;

    /**
     * {@code HSFETCH}; with servers, tor asks exactly those HSDirs, bypassing its client cache
     * and its 15-minute "recently queried" rule (control-spec §3.26).
     */
    void hsFetch(OnionAddress backend, List<RelayFingerprint> servers) throws ControlException;

    void hsPost(String descriptor, List<RelayFingerprint> hsDirs, OnionAddress master) throws ControlException;

    /**
     * {@code GETINFO net/listeners/socks}: where health checks can open streams through tor.
     * None by default (a tor with SocksPort 0, or a recorded tor in tests).
     */
    default List<SocksListener> socksListeners() throws ControlException {
        return List.of();
    }

    /**
     * Drops the control connection and connects again, as after a loss (a watchdog found it open but
     * silent); {@link TorEvent.Reconnected} follows. Nothing by default (a recorded tor).
     */
    default void reconnect(String reason) {
    }

    /** Where tor is, for the operator ("127.0.0.1:9051", "/run/tor/control"). */
    String endpoint();

    boolean connected();

    @Override
    void close();
}
