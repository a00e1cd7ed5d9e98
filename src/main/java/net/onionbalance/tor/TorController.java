package net.onionbalance.tor;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.RelayFingerprint;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection to tor's control port that stays up: when it drops, listeners get one
 * {@link TorEvent.ConnectionLost}, then the controller reconnects by itself with capped
 * exponential backoff, authenticates, subscribes again to the events last set with
 * {@link #setEvents}, and sends {@link TorEvent.Reconnected}.
 *
 * <p>Every command waits at most {@link ControlSettings#commandTimeout()}. While disconnected,
 * commands fail at once with {@link ControlConnectionLostException}. All methods are
 * thread-safe. Events are delivered on one thread owned by the controller ("tor-events"), in
 * the order tor sent them; a slow listener delays later events, never command replies.
 */
public final class TorController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TorController.class.getName());
    private static final Pattern GETINFO_KEY = Pattern.compile("[A-Za-z0-9_/.\\-:@$*]+");
    private static final String MICRODESC_CONSENSUS = "dir/status-vote/current/consensus-microdesc";
    private static final Object STOP = new Object();

    private final ControlSettings settings;
    private final Authenticator authenticator = new Authenticator(new SecureRandom());
    private final CopyOnWriteArrayList<Consumer<TorEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Object> eventQueue = new LinkedBlockingQueue<>();
    private final Object subscriptionLock = new Object();
    private final Thread eventThread;

    private volatile ControlConnection connection;
    private volatile ProtocolInfo protocolInfo;
    private volatile Set<EventType> events = Set.of();
    private volatile boolean closed;
    private volatile String lastLossReason = "";
    private volatile ControlEndpoint lastEndpoint;
    private Thread reconnector;

    private TorController(ControlSettings settings) {
        this.settings = settings;
        this.eventThread = new Thread(this::dispatchLoop, "tor-events");
        this.eventThread.setDaemon(true);
    }

    /**
     * Connects to the first reachable endpoint and authenticates. Errors here are not retried:
     * a wrong password or an unreachable tor should reach the operator at start-up.
     *
     * @throws ControlConnectionLostException no endpoint accepted a connection (each one's error is in the message)
     * @throws ControlAuthenticationException authentication failed
     */
    public static TorController open(ControlSettings settings) throws ControlException {
        TorController c = new TorController(Objects.requireNonNull(settings, "settings"));
        c.install(c.connectAny());
        c.eventThread.start();
        return c;
    }

    // ---- typed commands -------------------------------------------------------------------

    /** {@code GETINFO key} (control-spec §3.9): the value, taken from a data block when tor sends one. */
    public String getInfo(String key) throws ControlException {
        return getInfo(List.of(key)).get(key);
    }

    /**
     * {@code GETINFO key1 key2 …}: values in request order. A missing microdescriptor consensus key on a
     * tor older than 0.4.3.1 is reported as {@link TorTooOldException}.
     */
    public Map<String, String> getInfo(List<String> keys) throws ControlException {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("GETINFO needs at least one key");
        }
        for (String k : keys) {
            requireWord(k, GETINFO_KEY, "GETINFO key");
        }
        String cmd = "GETINFO " + String.join(" ", keys);
        Reply r = send(cmd, cmd);
        if (!r.isOk()) {
            TorTooOldException tooOld = tooOldFor(keys, r.status(), torVersion());
            if (tooOld != null) {
                throw tooOld;
            }
            throw replyError(cmd, r);
        }
        Map<String, String> out = getInfoValues(r);
        for (String k : keys) {
            if (!out.containsKey(k)) {
                throw new ControlProtocolException("tor's GETINFO reply lacks the requested key " + k);
            }
        }
        return out;
    }

    private static Map<String, String> getInfoValues(Reply r) throws ControlProtocolException {
        Map<String, String> out = new LinkedHashMap<>();
        for (ReplyLine line : r.lines()) {
            if (line.isEnd() && line.text().equals("OK")) {
                continue;
            }
            int eq = line.text().indexOf('=');
            if (eq < 0) {
                throw new ControlProtocolException("GETINFO reply line without '=': " + line.text());
            }
            String key = line.text().substring(0, eq);
            out.put(key, line.data().orElse(line.text().substring(eq + 1)));
        }
        return out;
    }

    /** Relays per {@code GETINFO md/id/...} command: ~24 KB of command, ~250 KB of reply. */
    static final int MICRODESCS_PER_GETINFO = 500;

    /**
     * The microdescriptors tor has attached to these relays under its current consensus: one
     * {@code GETINFO md/id/<fingerprint> ...} per {@value #MICRODESCS_PER_GETINFO} relays
     * (control-spec §3.9). Relays tor has no microdescriptor for are left out of the map. Tor
     * refuses a whole GETINFO when one key has no answer ({@code 552 Unrecognized key
     * "md/id/<fp>"}, one line per such key), so those keys are dropped and the rest asked again.
     */
    public Map<RelayFingerprint, String> microdescriptors(List<RelayFingerprint> relays) throws ControlException {
        Map<RelayFingerprint, String> out = new LinkedHashMap<>(relays.size() * 2);
        for (int from = 0; from < relays.size(); from += MICRODESCS_PER_GETINFO) {
            List<RelayFingerprint> batch = new ArrayList<>(relays.subList(from, Math.min(relays.size(), from + MICRODESCS_PER_GETINFO)));
            while (!batch.isEmpty()) {
                StringBuilder cmd = new StringBuilder(8 + batch.size() * 47).append("GETINFO");
                for (RelayFingerprint fp : batch) {
                    cmd.append(' ').append(MD_ID).append(fp.hex());
                }
                String description = "GETINFO md/id/... (" + batch.size() + " relays)";
                Reply r = send(description, cmd.toString());
                if (r.isOk()) {
                    Map<String, String> values = getInfoValues(r);
                    for (RelayFingerprint fp : batch) {
                        String md = values.get(MD_ID + fp.hex());
                        if (md == null) {
                            throw new ControlProtocolException("tor's GETINFO reply lacks the requested key " + MD_ID + fp.hex());
                        }
                        out.put(fp, md);
                    }
                    break;
                }
                Set<RelayFingerprint> unknown = unrecognizedMicrodescs(r);
                if (r.status() != 552 || unknown.isEmpty() || !batch.removeAll(unknown)) {
                    throw replyError(description, r);
                }
            }
        }
        return out;
    }

    private static final String MD_ID = "md/id/";
    private static final Pattern UNRECOGNIZED_MD = Pattern.compile("Unrecognized key \"md/id/([0-9A-F]{40})\"");

    /** The relays named by a 552 reply's {@code Unrecognized key "md/id/<fp>"} lines (tor's control_getinfo.c). */
    static Set<RelayFingerprint> unrecognizedMicrodescs(Reply r) {
        Set<RelayFingerprint> out = new HashSet<>();
        for (ReplyLine line : r.lines()) {
            var m = UNRECOGNIZED_MD.matcher(line.text());
            if (line.status() == 552 && m.matches()) {
                out.add(new RelayFingerprint(m.group(1)));
            }
        }
        return out;
    }

    /**
     * A 552 "Unrecognized key" for the microdescriptor consensus from a tor older than 0.4.3.1 means
     * the feature is missing, not that the caller made a typo (onionbalance GitHub issue #6).
     */
    static TorTooOldException tooOldFor(List<String> keys, int status, TorVersion version) {
        if (status == 552 && keys.contains(MICRODESC_CONSENSUS) && version.isOlderThan(TorVersion.MICRODESC_CONSENSUS_GETINFO)) {
            return new TorTooOldException(version, TorVersion.MICRODESC_CONSENSUS_GETINFO,
                    "the microdescriptor consensus over the control port (GETINFO " + MICRODESC_CONSENSUS + ")");
        }
        return null;
    }

    /**
     * {@code GETCONF key1 key2 …} (control-spec §3.3): every value of each option, in tor's order;
     * an empty list when the option is unset or at its default.
     */
    public Map<String, List<String>> getConf(List<String> keys) throws ControlException {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("GETCONF needs at least one key");
        }
        for (String k : keys) {
            requireWord(k, GETINFO_KEY, "GETCONF key");
        }
        String cmd = "GETCONF " + String.join(" ", keys);
        Reply r = send(cmd, cmd);
        if (!r.isOk()) {
            throw replyError(cmd, r);
        }
        // Tor answers with its canonical spelling of the option; map back to the caller's case.
        Map<String, String> canonical = new LinkedHashMap<>();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : keys) {
            canonical.put(k.toLowerCase(Locale.ROOT), k);
            out.put(k, new ArrayList<>());
        }
        for (ReplyLine line : r.lines()) {
            String text = line.text();
            int eq = text.indexOf('=');
            String key = eq < 0 ? text : text.substring(0, eq);
            List<String> values = out.get(canonical.getOrDefault(key.toLowerCase(Locale.ROOT), key));
            if (values == null) {
                throw new ControlProtocolException("tor's GETCONF reply names an option that was not asked for: " + key);
            }
            if (eq >= 0) {
                String v = text.substring(eq + 1);
                values.add(v.startsWith("\"") ? QuotedString.decode(v, 0).value() : v);
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        out.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return frozen;
    }

    /** {@code GETCONF key}: its values, empty when unset or default. */
    public List<String> getConf(String key) throws ControlException {
        return getConf(List.of(key)).get(key);
    }

    /**
     * {@code SETEVENTS} (control-spec §3.4). The set is remembered and sent again after every
     * reconnection; it is remembered even when this call fails for lack of a connection.
     */
    public void setEvents(Set<EventType> wanted) throws ControlException {
        Set<EventType> copy = wanted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(wanted));
        synchronized (subscriptionLock) {
            Set<EventType> previous = events;
            events = copy;
            ControlConnection c = connection;
            if (c == null) {
                throw notConnected("SETEVENTS");
            }
            try {
                subscribe(c, copy);
            } catch (ControlReplyException e) {
                events = previous;
                throw e;
            }
        }
    }

    /**
     * {@code GETINFO net/listeners/socks} (control-spec §3.9): the SocksPorts tor listens on now,
     * empty with {@code SocksPort 0}. Whether one has ExtendedErrors is not reported (see {@link SocksListener}).
     */
    public List<SocksListener> socksListeners() throws ControlException {
        return SocksListener.parseAll(getInfo("net/listeners/socks"));
    }

    /** {@code SETCONF key="value"} (control-spec §3.1), e.g. DisableNetwork 1. */
    public void setConf(String key, String value) throws ControlException {
        if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a torrc option name: " + key);
        }
        expectOk("SETCONF " + key, "SETCONF " + key + "=" + QuotedString.encode(value));
    }

    /** {@code SIGNAL name} (control-spec §3.7). */
    public void signal(Signal signal) throws ControlException {
        String cmd = "SIGNAL " + signal.name();
        expectOk(cmd, cmd);
    }

    /**
     * {@code HSFETCH address [SERVER=fp …]} (control-spec §3.26). Tor answers at once; the result
     * arrives later as {@link TorEvent.HsDescEvent} and {@link TorEvent.HsDescContentEvent}.
     *
     * @param onionAddress the service to fetch; tor takes it without ".onion" ({@link OnionAddress#toString()})
     * @param servers      HSDirs to ask; empty lets tor choose
     */
    public void hsFetch(OnionAddress onionAddress, List<RelayFingerprint> servers) throws ControlException {
        StringBuilder cmd = new StringBuilder("HSFETCH ").append(onionAddress);
        for (RelayFingerprint fp : servers) {
            cmd.append(" SERVER=").append(fp.hex());
        }
        expectOk(cmd.toString(), cmd.toString());
    }

    /**
     * {@code +HSPOST [SERVER=fp …] HSADDRESS=address} with the descriptor as dot-encoded data
     * (control-spec §3.29, §2.4). Tor answers once it has accepted the job; per-HSDir results arrive as
     * {@link TorEvent.HsDescEvent} UPLOADED / FAILED.
     */
    public void hsPost(String descriptor, List<RelayFingerprint> servers, OnionAddress onionAddress) throws ControlException {
        StringBuilder head = new StringBuilder("+HSPOST");
        for (RelayFingerprint fp : servers) {
            head.append(" SERVER=").append(fp.hex());
        }
        head.append(" HSADDRESS=").append(onionAddress);
        String description = head + " (descriptor of " + descriptor.length() + " chars)";
        expectOk(description, head + "\r\n" + dotEncode(descriptor));
    }

    /** The tor version from PROTOCOLINFO on the current (or last) connection. */
    public TorVersion torVersion() {
        return protocolInfo.torVersion();
    }

    /** What tor offered for authentication on the current (or last) connection. */
    public ProtocolInfo protocolInfo() {
        return protocolInfo;
    }

    /** The endpoint currently connected to, or last connected to while reconnecting. */
    public ControlEndpoint endpoint() {
        ControlConnection c = connection;
        return c != null ? c.endpoint() : lastEndpoint;
    }

    public boolean isConnected() {
        ControlConnection c = connection;
        return c != null && c.isOpen();
    }

    /** Registers a listener, called on the controller's event thread. Exceptions it throws are logged and ignored. */
    public void addListener(Consumer<TorEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<TorEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * Drops the current connection as if it had been lost and reconnects as after any loss
     * ({@link TorEvent.ConnectionLost}, then {@link TorEvent.Reconnected}): for a connection that is
     * open but delivers nothing. Nothing happens while already reconnecting or closed.
     */
    public void reconnect(String reason) {
        ControlConnection c = connection;
        if (c != null) {
            onLost(c, reason);
            c.close();
        }
    }

    /** Closes the connection, stops reconnecting and stops the event thread. */
    @Override
    public void close() {
        Thread r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = reconnector;
        }
        if (r != null) {
            r.interrupt();
        }
        ControlConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        eventQueue.add(STOP);
    }

    // ---- plumbing -------------------------------------------------------------------------

    /** Sends a raw command (package-private: tests and future typed commands). */
    Reply send(String description, String wire) throws ControlException {
        ControlConnection c = connection;
        if (c == null) {
            throw notConnected(description);
        }
        return c.call(description, wire, settings.commandTimeout());
    }

    private void expectOk(String description, String wire) throws ControlException {
        Reply r = send(description, wire);
        if (!r.isOk()) {
            throw replyError(description, r);
        }
    }

    private ControlReplyException replyError(String description, Reply r) {
        return new ControlReplyException(String.valueOf(endpoint()), description, r.status(), r.last().text());
    }

    private ControlConnectionLostException notConnected(String description) {
        return new ControlConnectionLostException("not connected to tor (" + (closed ? "controller closed" : "reconnecting after: "
                + lastLossReason) + "), cannot send " + description);
    }

    private void subscribe(ControlConnection c, Set<EventType> set) throws ControlException {
        String cmd = "SETEVENTS" + (set.isEmpty() ? "" : " " + set.stream().map(Enum::name).collect(Collectors.joining(" ")));
        Reply r = c.call(cmd, cmd, settings.commandTimeout());
        if (!r.isOk()) {
            throw new ControlReplyException(c.endpoint().toString(), cmd, r.status(), r.last().text());
        }
    }

    private record Session(ControlConnection connection, ProtocolInfo info) {}

    /** Tries each endpoint in order; authentication errors are not hidden by trying the next one. */
    private Session connectAny() throws ControlException {
        List<String> failures = new ArrayList<>();
        for (ControlEndpoint ep : settings.endpoints()) {
            ControlConnection c;
            try {
                c = ControlConnection.open(ep, settings.connectTimeout(), eventQueue::add, this::onLost);
            } catch (ControlConnectionLostException e) {
                failures.add(e.getMessage());
                continue;
            }
            try {
                ProtocolInfo info = authenticator.authenticate(c, settings.password(), settings.plainCookieFiles(), settings.commandTimeout());
                return new Session(c, info);
            } catch (ControlException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        throw new ControlConnectionLostException(String.join("; ", failures));
    }

    private void install(Session s) {
        protocolInfo = s.info();
        lastEndpoint = s.connection().endpoint();
        connection = s.connection();
        if (!s.connection().isOpen()) {
            // It died between authentication and now; its loss callback found it not yet installed.
            onLost(s.connection(), s.connection().lostReason());
        }
    }

    private void onLost(ControlConnection lost, String reason) {
        Thread r;
        synchronized (this) {
            if (closed || connection != lost) {
                return;
            }
            connection = null;
            lastLossReason = reason;
            long lostAt = System.nanoTime();
            r = new Thread(new Reconnector(settings.reconnectBackoff(), () -> closed, this::reconnectOnce,
                    (ep, outage) -> eventQueue.add(new TorEvent.Reconnected(ep, outage)), lostAt), "tor-control-reconnect");
            r.setDaemon(true);
            reconnector = r;
        }
        ControlEndpoint ep = lost.endpoint();
        LOG.warning(() -> "lost the connection to tor at " + ep + ": " + reason + "; reconnecting");
        eventQueue.add(new TorEvent.ConnectionLost("connection to tor at " + ep + " lost: " + reason));
        r.start();
    }

    /** One attempt of the {@link Reconnector}: connect, authenticate, subscribe again, install. */
    private Optional<ControlEndpoint> reconnectOnce() throws ControlException {
        Session s = connectAny();
        synchronized (subscriptionLock) {
            subscribe(s.connection(), events);
            synchronized (this) {
                if (closed) {
                    s.connection().close();
                    return Optional.empty();
                }
                install(s);
            }
        }
        return Optional.of(s.connection().endpoint());
    }

    private void dispatchLoop() {
        while (true) {
            Object item;
            try {
                item = eventQueue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item == STOP) {
                return;
            }
            TorEvent event = item instanceof Reply r ? EventParser.parse(r) : (TorEvent) item;
            for (Consumer<TorEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, e, () -> "tor event listener failed on " + event.getClass().getSimpleName());
                }
            }
        }
    }

    /** control-spec §2.4: CRLF line endings, a leading "." doubled, terminated by CRLF "." (the caller adds the final CRLF). */
    static String dotEncode(String body) {
        String normalized = body.replace("\r\n", "\n").replace('\r', '\n');
        if (normalized.endsWith("\n")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        StringBuilder sb = new StringBuilder(normalized.length() + 64);
        for (String line : normalized.split("\n", -1)) {
            if (line.startsWith(".")) {
                sb.append('.');
            }
            sb.append(line).append("\r\n");
        }
        return sb.append('.').toString();
    }

    private static void requireWord(String s, Pattern p, String what) {
        if (s == null || !p.matcher(s).matches()) {
            throw new IllegalArgumentException(what + " must be one word without spaces or line breaks: \"" + s + "\"");
        }
    }
}
