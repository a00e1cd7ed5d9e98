package net.onionbalance.tor;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A SOCKS5 client for one job: CONNECT to a host name (an onion address) through tor's SocksPort.
 *
 * <p>RFC 1928: greeting offering only method 0x02 (username/password, RFC 1929, which tor uses
 * for stream isolation), CONNECT with ATYP 0x03 (domain name: tor resolves onion addresses
 * itself, the client must never resolve them), then the reply. One deadline covers the TCP
 * connect and every read; every read is of a known, bounded length (the longest reply is
 * 4 + 1 + 255 + 2 bytes), so a misbehaving peer can neither hang nor flood us.
 */
public final class Socks5Client {
    private static final int VERSION = 5;
    private static final int METHOD_USERNAME_PASSWORD = 0x02;
    private static final int METHOD_NONE_ACCEPTABLE = 0xFF;
    private static final int AUTH_VERSION = 1;
    private static final int CMD_CONNECT = 1;
    private static final int ATYP_IPV4 = 1;
    private static final int ATYP_DOMAIN = 3;
    private static final int ATYP_IPV6 = 4;

    private Socks5Client() {}

    /**
     * Connects {@code socket} (new, unconnected) to the proxy and opens a stream to {@code host:port}.
     * On return the socket carries the stream, with its read timeout set to what is left of
     * {@code timeout}. The caller closes the socket, also on failure; closing it from another
     * thread ends a pending call at once (how a checker is cancelled).
     *
     * @throws SocksRefusedException  the proxy answered with a failure code (tor's reason)
     * @throws SocksProtocolException the peer does not speak SOCKS5 as expected
     * @throws SocketTimeoutException the deadline passed (the message says at which step)
     * @throws IOException            the proxy cannot be reached, or closed the connection
     */
    public static void connect(Socket socket, InetSocketAddress proxy, String host, int port, SocksCredentials credentials,
                               Duration timeout) throws IOException {
        Objects.requireNonNull(proxy, "proxy");
        byte[] hostBytes = host.getBytes(StandardCharsets.US_ASCII);
        if (hostBytes.length < 1 || hostBytes.length > 255) {
            throw new IllegalArgumentException("a SOCKS5 host name must be 1..255 bytes (RFC 1928 §5), not " + hostBytes.length);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        String target = host + ":" + port;
        Deadline deadline = new Deadline(timeout, target);
        socket.connect(proxy, deadline.remainingMillis("connecting to tor's SocksPort " + proxy));
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();

        out.write(new byte[] {VERSION, 1, METHOD_USERNAME_PASSWORD});
        out.flush();
        byte[] choice = read(socket, in, 2, deadline, "the SOCKS method choice");
        expectVersion(choice[0], VERSION, "method choice");
        int method = choice[1] & 0xFF;
        if (method == METHOD_NONE_ACCEPTABLE) {
            throw new SocksProtocolException("the SOCKS server at " + proxy + " refused username/password authentication");
        }
        if (method != METHOD_USERNAME_PASSWORD) {
            throw new SocksProtocolException("the SOCKS server at " + proxy + " chose method " + method + ", not username/password");
        }

        out.write(authRequest(credentials));
        out.flush();
        byte[] auth = read(socket, in, 2, deadline, "the SOCKS authentication answer");
        expectVersion(auth[0], AUTH_VERSION, "authentication answer");
        if (auth[1] != 0) {
            throw new SocksProtocolException("the SOCKS server at " + proxy + " refused the username (status " + (auth[1] & 0xFF) + ")");
        }

        out.write(connectRequest(hostBytes, port));
        out.flush();
        byte[] head = read(socket, in, 4, deadline, "tor's answer to CONNECT " + target);
        expectVersion(head[0], VERSION, "CONNECT reply");
        int rep = head[1] & 0xFF;
        int addressLength = switch (head[3]) {
            case ATYP_IPV4 -> 4;
            case ATYP_IPV6 -> 16;
            case ATYP_DOMAIN -> read(socket, in, 1, deadline, "the bound address length")[0] & 0xFF;
            default -> throw new SocksProtocolException("SOCKS reply with unknown address type " + (head[3] & 0xFF));
        };
        read(socket, in, addressLength + 2, deadline, "the bound address");
        if (rep != SocksReply.SUCCEEDED.code()) {
            throw new SocksRefusedException(rep, target);
        }
        socket.setSoTimeout(deadline.remainingMillis("after CONNECT"));
    }

    static byte[] authRequest(SocksCredentials c) {
        byte[] user = c.username().getBytes(StandardCharsets.UTF_8);
        byte[] pass = c.password().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream(3 + user.length + pass.length);
        b.write(AUTH_VERSION);
        b.write(user.length);
        b.writeBytes(user);
        b.write(pass.length);
        b.writeBytes(pass);
        return b.toByteArray();
    }

    static byte[] connectRequest(byte[] host, int port) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(7 + host.length);
        b.write(VERSION);
        b.write(CMD_CONNECT);
        b.write(0); // RSV
        b.write(ATYP_DOMAIN);
        b.write(host.length);
        b.writeBytes(host);
        b.write(port >>> 8);
        b.write(port & 0xFF);
        return b.toByteArray();
    }

    private static void expectVersion(byte got, int want, String what) throws SocksProtocolException {
        if ((got & 0xFF) != want) {
            throw new SocksProtocolException("not a SOCKS5 server: its " + what + " has version " + (got & 0xFF) + ", expected " + want);
        }
    }

    /** Exactly {@code n} bytes, each read limited by what is left of the deadline. */
    private static byte[] read(Socket socket, InputStream in, int n, Deadline deadline, String what) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            socket.setSoTimeout(deadline.remainingMillis("waiting for " + what));
            int got;
            try {
                got = in.read(buf, off, n - off);
            } catch (SocketTimeoutException e) {
                throw deadline.expired("waiting for " + what);
            }
            if (got < 0) {
                throw new EOFException("tor's SocksPort closed the connection while we waited for " + what);
            }
            off += got;
        }
        return buf;
    }

    /** One budget for a whole exchange, so that many slow reads cannot add up past it. */
    static final class Deadline {
        private final long end;
        private final Duration timeout;
        private final String target;

        Deadline(Duration timeout, String target) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            this.end = System.nanoTime() + timeout.toNanos();
            this.target = target;
        }

        /** At least 1 ms (0 would mean "no timeout" to Socket). */
        int remainingMillis(String step) throws SocketTimeoutException {
            long ms = Duration.ofNanos(end - System.nanoTime()).toMillis();
            if (ms < 1) {
                throw expired(step);
            }
            return (int) Math.min(ms, Integer.MAX_VALUE);
        }

        SocketTimeoutException expired(String step) {
            return new SocketTimeoutException(target + ": no answer within " + timeout.toMillis() + " ms (" + step + ")");
        }
    }
}
