package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.SocksListener;
import net.onionbalance.tor.TorEvent;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine's tor, telling the {@link TorWatchdog} of every command that makes tor answer with an
 * event (HSFETCH, HSPOST), so that silence after them can be told from an idle tor.
 */
final class WatchedTor implements TorGateway {
    private final TorGateway tor;
    private final TorWatchdog watchdog;
    private final Clock clock;

    WatchedTor(TorGateway tor, TorWatchdog watchdog, Clock clock) {
        this.tor = tor;
        this.watchdog = watchdog;
        this.clock = clock;
    }

    @Override
    public void hsFetch(OnionAddress backend, List<RelayFingerprint> servers) throws ControlException {
        tor.hsFetch(backend, servers);
        watchdog.commandSent(clock.instant());
    }

    @Override
    public void hsPost(String descriptor, List<RelayFingerprint> hsDirs, OnionAddress master) throws ControlException {
        tor.hsPost(descriptor, hsDirs, master);
        watchdog.commandSent(clock.instant());
    }

    @Override
    public void setListener(Consumer<TorEvent> listener) {
        tor.setListener(listener);
    }

    @Override
    public void subscribe() throws ControlException {
        tor.subscribe();
    }

    @Override
    public String torVersion() throws ControlException {
        return tor.torVersion();
    }

    @Override
    public String microdescConsensus() throws ControlException {
        return tor.microdescConsensus();
    }

    @Override
    public String microdescriptors() throws ControlException {
        return tor.microdescriptors();
    }

    @Override
    public Map<RelayFingerprint, String> microdescriptors(List<RelayFingerprint> relays) throws ControlException {
        return tor.microdescriptors(relays);
    }

    @Override
    public void newnym() throws ControlException {
        tor.newnym();
    }

    @Override
    public List<SocksListener> socksListeners() throws ControlException {
        return tor.socksListeners();
    }

    @Override
    public void reconnect(String reason) {
        tor.reconnect(reason);
    }

    @Override
    public String endpoint() {
        return tor.endpoint();
    }

    @Override
    public boolean connected() {
        return tor.connected();
    }

    @Override
    public void close() {
        tor.close();
    }
}
