package net.onionbalance.engine;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.testsupport.MicrodescAnswers;
import net.onionbalance.tor.ControlException;
import net.onionbalance.tor.ControlReplyException;
import net.onionbalance.tor.TorEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A recorded tor for the engine's decision logic on virtual time: serves a synthetic consensus,
 * records HSFETCH and HSPOST, and lets the test play tor's events. (The real tor is exercised
 * by the end-to-end tests on the private network.)
 */
final class FakeTor implements TorGateway {
    record Post(String descriptor, List<RelayFingerprint> servers, OnionAddress master) {}

    interface PostHook {
        void check(Post p) throws ControlException;
    }

    String consensus;
    String microdescs;
    final List<OnionAddress> fetches = new ArrayList<>();
    final List<List<RelayFingerprint>> fetchServers = new ArrayList<>();
    final List<Post> posts = new ArrayList<>();
    int newnyms;
    PostHook postHook = p -> { };
    private Consumer<TorEvent> listener = e -> { };

    FakeTor(String consensus, String microdescs) {
        this.consensus = consensus;
        this.microdescs = microdescs;
    }

    void emit(TorEvent e) {
        listener.accept(e);
    }

    @Override
    public void setListener(Consumer<TorEvent> listener) {
        this.listener = listener;
    }

    int subscribes;
    int reconnects;

    @Override
    public synchronized void subscribe() {
        subscribes++;
    }

    @Override
    public synchronized void reconnect(String reason) {
        reconnects++;
    }

    @Override
    public String torVersion() {
        return "0.4.9.11 (fake)";
    }

    @Override
    public String microdescConsensus() {
        return consensus;
    }

    @Override
    public synchronized String microdescriptors() {
        mdAllRequests++;
        return microdescs;
    }

    /** When set, md/id is refused as by a tor that lacks it, so the engine must use md/all. */
    boolean mdIdRefused;
    /** Every md/id command, as the lists of relays asked. */
    final List<List<RelayFingerprint>> mdIdRequests = new ArrayList<>();
    int mdAllRequests;
    /** Relays tor has no microdescriptor for: md/id leaves them out, as tor's 552 makes the client do. */
    final java.util.Set<RelayFingerprint> noMicrodesc = new java.util.HashSet<>();

    /**
     * As tor answers md/id: the microdescriptor the consensus names for each relay (found by
     * its digest among {@link #microdescs}); relays without one are left out.
     */
    @Override
    public synchronized Map<RelayFingerprint, String> microdescriptors(List<RelayFingerprint> relays) throws ControlException {
        mdIdRequests.add(List.copyOf(relays));
        if (mdIdRefused) {
            throw new ControlReplyException("fake", "GETINFO md/id/...", 552, "Unrecognized key \"md/id\"");
        }
        Map<RelayFingerprint, String> out;
        try {
            out = MicrodescAnswers.forRelays(MicrodescConsensus.parse(consensus), microdescs, relays);
        } catch (NetDocException e) {
            throw new IllegalStateException(e);
        }
        out.keySet().removeAll(noMicrodesc);
        return out;
    }

    /** When set, NEWNYM waits for it: a tor call that hangs, as a stuck control connection would. */
    volatile java.util.concurrent.CountDownLatch hangNewnym;

    @Override
    public void newnym() {
        newnyms++;
        var hang = hangNewnym;
        if (hang != null) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void hsFetch(OnionAddress backend, List<RelayFingerprint> servers) {
        fetches.add(backend);
        fetchServers.add(List.copyOf(servers));
    }

    @Override
    public synchronized void hsPost(String descriptor, List<RelayFingerprint> hsDirs, OnionAddress master) throws ControlException {
        Post p = new Post(descriptor, List.copyOf(hsDirs), master);
        postHook.check(p);
        posts.add(p);
    }

    synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** What GETINFO net/listeners/socks answers (none by default, as tor with SocksPort 0). */
    List<net.onionbalance.tor.SocksListener> socks = List.of();

    @Override
    public List<net.onionbalance.tor.SocksListener> socksListeners() {
        return socks;
    }

    @Override
    public String endpoint() {
        return "fake";
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void close() {
    }
}
