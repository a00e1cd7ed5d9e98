package net.onionbalance.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The optional Prometheus endpoint ({@code metrics: listen: ...} in config.yaml). Off unless
 * written; a port alone binds the loopback address, so reaching it from other machines takes an
 * address written out explicitly (and the loader warns then: the figures name the backends).
 *
 * @param host an IP address literal (IPv6 without brackets) or {@code localhost}
 */
public record MetricsSettings(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public MetricsSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /**
     * Parses {@code PORT}, {@code IPV4:PORT}, {@code [IPV6]:PORT} or {@code localhost:PORT}.
     *
     * @throws IllegalArgumentException with the reason, worded for the operator
     */
    public static MetricsSettings parse(String listen) {
        String s = listen.strip();
        if (s.chars().allMatch(Character::isDigit)) {
            return new MetricsSettings(DEFAULT_HOST, port(s, listen));
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + listen + "' is not ADDRESS:PORT");
        }
        String host = s.substring(0, colon);
        int port = port(s.substring(colon + 1), listen);
        if (host.startsWith("[") && host.endsWith("]") && IPV6.matcher(host.substring(1, host.length() - 1)).matches()
                && host.contains(":")) {
            return new MetricsSettings(host.substring(1, host.length() - 1), port);
        }
        if (host.contains(":")) {
            throw new IllegalArgumentException("'" + listen + "': write an IPv6 address in brackets, e.g. [::1]:9090");
        }
        if (!IPV4.matcher(host).matches() && !host.equals("localhost")) {
            // A name would be resolved at every start and could bind somewhere unexpected.
            throw new IllegalArgumentException("'" + host + "' is not an IP address (or localhost)");
        }
        return new MetricsSettings(host, port);
    }

    private static int port(String digits, String listen) {
        try {
            int p = Integer.parseInt(digits);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + listen + "': the port must be a number 1..65535");
    }

    /** Whether only this machine can connect (127.0.0.0/8, ::1, localhost). */
    public boolean loopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    /** How the operator writes it back: {@code 127.0.0.1:9090}, {@code [::1]:9090}. */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
