package net.onionbalance.health;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.tor.Socks5Client;
import net.onionbalance.tor.SocksCredentials;
import net.onionbalance.tor.SocksProtocolException;
import net.onionbalance.tor.SocksRefusedException;
import net.onionbalance.tor.SocksReply;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A check the way a client would reach the backend: SOCKS5 CONNECT to {@code <backend>.onion:port}
 * through tor's SocksPort on a fresh isolation username (a new circuit, so the check passes the
 * backend's intro points and a rendezvous), then optionally {@code GET path} and its status.
 *
 * <p>Thread-safe; {@link #close()} closes the sockets of checks in flight, which ends them at once.
 */
public final class SocksHealthProbe implements HealthProbe, AutoCloseable {
    /** The SOCKS username prefix: tor's logs and "GETINFO circuit-status" (SOCKS_USERNAME) show whose circuits these are. */
    static final String ISOLATION_PREFIX = "onionbalance-health";

    private final InetSocketAddress socksPort;
    private final Clock clock;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /**
     * A v3-shaped address whose checksum and version are wrong: tor rejects it locally, without any
     * circuit, with 0xF6 when the SocksPort has ExtendedErrors and 0x01 when not (checked against
     * tor 0.4.8 on the private network) — the one way to learn the flag, which GETINFO does not report.
     */
    static final String INVALID_ONION = "a".repeat(56) + ".onion";

    private volatile boolean closed;
    /** null until known: an F-code was seen, or {@link #detectExtendedErrors()} asked. */
    private volatile Boolean extendedErrors;

    public SocksHealthProbe(InetSocketAddress socksPort, Clock clock) {
        this.socksPort = Objects.requireNonNull(socksPort, "socksPort");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InetSocketAddress socksPort() {
        return socksPort;
    }

    /** Whether the SocksPort has ExtendedErrors, once known (after an F-code or {@link #detectExtendedErrors()}). */
    public Optional<Boolean> extendedErrors() {
        return Optional.ofNullable(extendedErrors);
    }

    /**
     * Asks tor to connect to {@link #INVALID_ONION}: 0xF6 means the SocksPort has ExtendedErrors.
     * Local to tor (no circuit), so the engine may call it once at start to warn the operator.
     *
     * @return empty when tor's SocksPort could not be asked at all
     */
    public Optional<Boolean> detectExtendedErrors() {
        try (Socket socket = new Socket()) {
            Socks5Client.connect(socket, socksPort, INVALID_ONION, 80, SocksCredentials.isolated(ISOLATION_PREFIX), Duration.ofSeconds(10));
            return Optional.empty(); // tor accepted an invalid address: not a tor we understand
        } catch (SocksRefusedException e) {
            extendedErrors = e.code() == SocksReply.ONION_BAD_ADDRESS.code();
            return Optional.of(extendedErrors);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public HealthResult check(HealthTarget target) {
        HealthCheckSettings s = target.settings();
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        String host = target.backend().withOnionSuffix();
        Socket socket = new Socket();
        open.add(socket);
        try {
            if (closed) {
                return failed(target, startedAt, t0, new HealthFailure(FailureKind.LOCAL_TOR, "the health checker is closed"));
            }
            try {
                Socks5Client.connect(socket, socksPort, host, s.port(), SocksCredentials.isolated(ISOLATION_PREFIX), s.timeout());
            } catch (SocksRefusedException e) {
                if (s.liveness()) {
                    return liveness(target, startedAt, t0, e);
                }
                return failed(target, startedAt, t0, socksFailure(e));
            } catch (SocksProtocolException e) {
                return failed(target, startedAt, t0, new HealthFailure(FailureKind.LOCAL_TOR,
                        "tor's SocksPort " + show(socksPort) + " misbehaved: " + e.getMessage()));
            } catch (SocketTimeoutException e) {
                if (!socket.isConnected()) {
                    return failed(target, startedAt, t0, localTor("no answer to the connection"));
                }
                return failed(target, startedAt, t0, new HealthFailure(FailureKind.TIMEOUT,
                        "no connection within " + seconds(s.timeout()) + " (tor did not answer the CONNECT)"));
            } catch (IOException e) {
                if (closed) {
                    return failed(target, startedAt, t0, new HealthFailure(FailureKind.LOCAL_TOR, "the health checker is closed"));
                }
                return failed(target, startedAt, t0, localTor(e.getMessage()));
            }
            if (s.httpPath().isEmpty()) {
                return HealthResult.success(target, startedAt, since(t0));
            }
            return http(target, socket, startedAt, t0, host);
        } finally {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing was sent that needs a clean close.
            }
        }
    }

    private HealthResult http(HealthTarget target, Socket socket, Instant startedAt, long t0, String host) {
        HealthCheckSettings s = target.settings();
        long deadline = t0 + s.timeout().toNanos();
        try {
            OutputStream out = socket.getOutputStream();
            out.write(HttpStatusLine.request(s.httpPath().orElseThrow(), host));
            out.flush();
            int status = HttpStatusLine.read(new BufferedInputStream(new DeadlineInput(socket, deadline), 512));
            if (!s.expectStatus().contains(status)) {
                return failed(target, startedAt, t0, new HealthFailure(FailureKind.HTTP,
                        "HTTP " + status + " for " + s.httpPath().get() + ", expected " + s.expectStatus()));
            }
            return HealthResult.success(target, startedAt, since(t0));
        } catch (SocketTimeoutException e) {
            return failed(target, startedAt, t0, new HealthFailure(FailureKind.TIMEOUT,
                    "no HTTP answer within " + seconds(s.timeout()) + " (the stream opened)"));
        } catch (EOFException | HttpStatusLine.NotHttpException e) {
            return failed(target, startedAt, t0, new HealthFailure(FailureKind.HTTP, e.getMessage()));
        } catch (IOException e) {
            return failed(target, startedAt, t0, new HealthFailure(FailureKind.HTTP, "the HTTP exchange failed: " + e.getMessage()));
        }
    }

    /**
     * Names tor's reason. 0x01 needs care: tor sends it both for every onion-service failure on a
     * port without ExtendedErrors, and, with the flag, when the backend's tor ends the stream
     * itself (its END cell says only "misc", seen when nothing listens behind its
     * HiddenServicePort; 0x05 would need END reason CONNECTREFUSED, which an onion service does
     * not send). Which one it is depends on the flag, so the flag is detected first.
     */
    private HealthFailure socksFailure(SocksRefusedException e) {
        Optional<SocksReply> reply = e.reply();
        if (reply.isEmpty()) {
            return new HealthFailure(FailureKind.SOCKS_OTHER, String.format("unknown SOCKS reply 0x%02x from tor", e.code()));
        }
        SocksReply r = reply.get();
        if (r.isOnionServiceFailure()) {
            extendedErrors = true;
            return new HealthFailure(FailureKind.ONION_SERVICE, r.text(), reply);
        }
        if (r == SocksReply.CONNECTION_REFUSED) {
            return new HealthFailure(FailureKind.REFUSED_BY_BACKEND, r.text(), reply);
        }
        if (!r.isGenericOnionFallback()) {
            return new HealthFailure(FailureKind.SOCKS_OTHER, r.text(), reply);
        }
        Optional<Boolean> extended = extendedErrors().or(this::detectExtendedErrors);
        if (extended.isEmpty() || !extended.get()) {
            return new HealthFailure(FailureKind.SOCKS_GENERIC, r.text()
                    + " (tor's SocksPort lacks ExtendedErrors, so tor does not say which onion-service step failed)", reply);
        }
        if (r == SocksReply.GENERAL_FAILURE) {
            return new HealthFailure(FailureKind.REFUSED_BY_BACKEND, SocksReply.CONNECTION_REFUSED.text()
                    + " (its tor ended the stream: is the server behind its HiddenServicePort running?)", reply);
        }
        return new HealthFailure(FailureKind.SOCKS_OTHER, r.text(), reply);
    }

    /**
     * A check without a port: the backend is up when its tor completed a rendezvous with us. Asked
     * for a port it does not serve, the backend's tor ends the stream after the rendezvous
     * (handle_hs_exit_conn in tor's connection_edge.c: RELAY_END reason DONE, then it closes the
     * circuit against port scans), which our tor reports as 0x05 "connection refused" on any
     * SocksPort (tor 0.4.9 on the private network, HealthCheckNetworkTest); the steps before
     * (descriptor, intro point, rendezvous) fail with their F-code with ExtendedErrors (proposal
     * 304) and 0x01/0x04 without, never 0x05. A port served with nothing behind it ends with
     * reason "misc": 0x01, which only ExtendedErrors tells apart from an onion-service failure;
     * without the flag the check cannot judge and fails as LOCAL_TOR, which never counts against
     * a backend and warns the operator.
     */
    private HealthResult liveness(HealthTarget target, Instant startedAt, long t0, SocksRefusedException e) {
        Optional<SocksReply> reply = e.reply();
        if (reply.isPresent() && (reply.get() == SocksReply.ONION_MISSING_CLIENT_AUTH || reply.get() == SocksReply.ONION_WRONG_CLIENT_AUTH)) {
            extendedErrors = true;
            return failed(target, startedAt, t0, new HealthFailure(FailureKind.CANNOT_JUDGE, reply.get().text()
                    + ": the backend is restricted to authorized clients and this obhost's tor holds no key for it, so a check"
                    + " without a port cannot reach it (put its .auth_private in the ClientOnionAuthDir of this obhost's tor)", reply));
        }
        if (reply.isPresent() && reply.get().isOnionServiceFailure()) {
            extendedErrors = true;
            return failed(target, startedAt, t0, new HealthFailure(FailureKind.ONION_SERVICE, reply.get().text(), reply));
        }
        if (reply.isPresent() && reply.get() == SocksReply.CONNECTION_REFUSED) {
            return HealthResult.success(target, startedAt, since(t0));
        }
        if (reply.isPresent() && reply.get() == SocksReply.GENERAL_FAILURE) {
            Optional<Boolean> extended = extendedErrors().or(this::detectExtendedErrors);
            if (extended.isPresent() && extended.get()) {
                return HealthResult.success(target, startedAt, since(t0));
            }
            return failed(target, startedAt, t0, new HealthFailure(FailureKind.LOCAL_TOR, "tor's SocksPort " + show(socksPort)
                    + " lacks ExtendedErrors, so a check without a port cannot tell a backend whose tor ended the stream from"
                    + " one that is gone (" + reply.get().text() + "): add ExtendedErrors to that SocksPort line in this"
                    + " obhost's torrc, or give the service 'health-check: port: <its virtual port>'", reply));
        }
        return failed(target, startedAt, t0, socksFailure(e));
    }

    private HealthFailure localTor(String why) {
        return new HealthFailure(FailureKind.LOCAL_TOR, "cannot use tor's SocksPort " + show(socksPort) + ": " + why);
    }

    private static HealthResult failed(HealthTarget target, Instant startedAt, long t0, HealthFailure f) {
        return HealthResult.failed(target, startedAt, since(t0), f);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String show(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Closes the sockets of checks in flight; later checks fail at once as LOCAL_TOR. */
    @Override
    public void close() {
        closed = true;
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all we want; a failing close leaves nothing to do.
            }
        }
    }

    /** Each read waits at most what is left of the check's budget, so a trickling peer cannot stretch it. */
    private static final class DeadlineInput extends FilterInputStream {
        private final Socket socket;
        private final long deadline;

        DeadlineInput(Socket socket, long deadlineNanos) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long ms = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (ms < 1) {
                throw new SocketTimeoutException("the check's time is up");
            }
            socket.setSoTimeout((int) Math.min(ms, Integer.MAX_VALUE));
            return super.read(b, off, len);
        }
    }
}
