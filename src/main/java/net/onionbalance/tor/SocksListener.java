package net.onionbalance.tor;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SocksPort tor listens on, as {@code GETINFO net/listeners/socks} reports it (control-spec
 * §3.9: a space-separated list of quoted strings, {@code "127.0.0.1:9050"}, {@code "[::1]:9050"}
 * or {@code "unix:/run/tor/socks"}).
 *
 * <p>Whether the port has {@code ExtendedErrors} cannot be read here (GETINFO gives only the
 * address, and GETCONF SocksPort gives the torrc text, not which listener it became); it shows
 * in the replies: onion-service failures come back as 0x01/0x04 instead of 0xF0–0xF7.
 */
public record SocksListener(String spec) {
    public SocksListener {
        Objects.requireNonNull(spec, "spec");
    }

    public boolean isUnixSocket() {
        return spec.startsWith("unix:");
    }

    /** The TCP address; empty for a Unix socket or a form we do not understand. */
    public Optional<InetSocketAddress> tcpAddress() {
        if (isUnixSocket()) {
            return Optional.empty();
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = spec.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(spec.substring(colon + 1));
            if (port < 1 || port > 65535) {
                return Optional.empty();
            }
            return Optional.of(new InetSocketAddress(host, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Parses the value of {@code net/listeners/socks}; empty text (tor has {@code SocksPort 0}) gives an empty list. */
    public static List<SocksListener> parseAll(String value) throws ControlProtocolException {
        List<SocksListener> out = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                QuotedString.Decoded d = QuotedString.decode(value, i);
                out.add(new SocksListener(d.value()));
                i = d.end();
            } else {
                // Not quoted: take the word (tor quotes them, but be lenient with what it may change).
                int end = value.indexOf(' ', i);
                end = end < 0 ? value.length() : end;
                out.add(new SocksListener(value.substring(i, end)));
                i = end;
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return spec;
    }
}
