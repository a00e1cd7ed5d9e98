package net.onionbalance.engine;

import net.onionbalance.tor.SocksListener;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.EventType;
import net.onionbalance.tor.Signal;
import net.onionbalance.tor.TorController;
import net.onionbalance.tor.TorEvent;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@link TorGateway} over a real control connection. */
public final class ControllerGateway implements TorGateway {
    private final TorController controller;

    public ControllerGateway(TorController controller) {
        this.controller = controller;
    }

    @Override
    public void setListener(Consumer<TorEvent> listener) {
        controller.addListener(listener);
    }

    @Override
    public void subscribe() throws ControlException {
        controller.setEvents(EnumSet.of(EventType.HS_DESC, EventType.HS_DESC_CONTENT, EventType.STATUS_CLIENT));
    }

    @Override
    public List<SocksListener> socksListeners() throws ControlException {
        return controller.socksListeners();
    }

    @Override
    public String torVersion() {
        return controller.torVersion().toString();
    }

    @Override
    public String microdescConsensus() throws ControlException {
        return controller.getInfo("dir/status-vote/current/consensus-microdesc");
    }

    @Override
    public String microdescriptors() throws ControlException {
        return controller.getInfo("md/all");
    }

    @Override
    public Map<RelayFingerprint, String> microdescriptors(List<RelayFingerprint> relays) throws ControlException {
        return controller.microdescriptors(relays);
    }

    @Override
    public void newnym() throws ControlException {
        controller.signal(Signal.NEWNYM);
    }

    @Override
    public void hsFetch(OnionAddress backend, List<RelayFingerprint> servers) throws ControlException {
        controller.hsFetch(backend, servers);
    }

    @Override
    public void hsPost(String descriptor, List<RelayFingerprint> hsDirs, OnionAddress master) throws ControlException {
        controller.hsPost(descriptor, hsDirs, master);
    }

    @Override
    public void reconnect(String reason) {
        controller.reconnect(reason);
    }

    @Override
    public String endpoint() {
        return String.valueOf(controller.endpoint());
    }

    @Override
    public boolean connected() {
        return controller.isConnected();
    }

    @Override
    public void close() {
        controller.close();
    }
}
