package net.onionbalance.tor;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 1929 username/password. Tor does not check them; with {@code IsolateSOCKSAuth} (on by
 * default for every SocksPort) streams with different credentials never share a circuit, so a
 * fresh username per check makes tor build new circuits, like a new client would.
 */
public record SocksCredentials(String username, String password) {
    private static final AtomicLong COUNTER = new AtomicLong();
    /** Per process, so that two balancers (or a restarted one) on one tor never share usernames (nextInt: generateSeed may block). */
    private static final String RUN = HexFormat.of().toHexDigits(new SecureRandom().nextInt());

    public SocksCredentials {
        check(username, "username");
        check(password, "password");
    }

    /** A username never used before by this process: {@code prefix-<run>-<n>}. */
    public static SocksCredentials isolated(String prefix) {
        return new SocksCredentials(prefix + "-" + RUN + "-" + COUNTER.incrementAndGet(), "x");
    }

    /** RFC 1929 §2: ULEN and PLEN are one byte each, 1..255. */
    private static void check(String value, String what) {
        Objects.requireNonNull(value, what);
        int n = value.getBytes(StandardCharsets.UTF_8).length;
        if (n < 1 || n > 255) {
            throw new IllegalArgumentException("a SOCKS " + what + " must be 1..255 bytes (RFC 1929), not " + n);
        }
    }
}
