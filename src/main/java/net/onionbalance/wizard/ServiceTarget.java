package net.onionbalance.wizard;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a backend's tor sends a connection to the virtual port: the TARGET of
 * {@code HiddenServicePort VIRTPORT [TARGET]} (tor manual): {@code host:port} with an IPv4
 * address, {@code [IPv6]:port} or a host name, or {@code unix:/absolute/path}. Parsed here so
 * that nothing tor would refuse, and nothing that could add a line to the torrc, reaches the file.
 */
public record ServiceTarget(String text) {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern UNIX_PATH = Pattern.compile("/[^\\s\"\\\\]*");

    public static final String FIELD = "--service-target";

    /** Parses a target as the wizard and {@code --service-target} accept it. */
    public static ServiceTarget parse(String input) throws InvalidAnswerException {
        String s = input == null ? "" : input.strip();
        if (s.isEmpty()) {
            throw new InvalidAnswerException(FIELD, "The service target is empty; give host:port, e.g. 127.0.0.1:80.");
        }
        if (s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidAnswerException(FIELD, "The service target '" + printable(s)
                    + "' contains a space or control character; give one host:port, e.g. 127.0.0.1:80.");
        }
        if (s.toLowerCase(Locale.ROOT).startsWith("unix:")) {
            String path = s.substring(5);
            if (!UNIX_PATH.matcher(path).matches()) {
                throw new InvalidAnswerException(FIELD, "The service target '" + s
                        + "' needs an absolute socket path after 'unix:', e.g. unix:/run/web.sock.");
            }
            return new ServiceTarget("unix:" + path);
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new InvalidAnswerException(FIELD, "The service target '" + s
                    + "' has no port; give host:port, e.g. 127.0.0.1:" + s + " or 127.0.0.1:80.");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        parsePort(FIELD, "service target '" + s + "'", port);
        if (host.startsWith("[") && host.endsWith("]")) {
            String v6 = host.substring(1, host.length() - 1);
            if (!IPV6.matcher(v6).matches() || !v6.contains(":")) {
                throw new InvalidAnswerException(FIELD, "The service target '" + s + "' has '" + v6
                        + "' in brackets, which is not an IPv6 address.");
            }
        } else if (host.contains(":")) {
            throw new InvalidAnswerException(FIELD, "The service target '" + s
                    + "' looks like an IPv6 address without brackets; write it as [address]:port, e.g. [::1]:80.");
        } else if (host.isEmpty()) {
            throw new InvalidAnswerException(FIELD, "The service target '" + s + "' has no host before the ':'; e.g. 127.0.0.1" + s + ".");
        } else if (host.matches("[0-9.]+") ? !IPV4.matcher(host).matches() : !HOSTNAME.matcher(host).matches()) {
            throw new InvalidAnswerException(FIELD, "The service target '" + s + "' has '" + printable(host)
                    + "', which is neither an IPv4 address nor a host name.");
        }
        return new ServiceTarget(s);
    }

    /** A TCP port 1..65535, or an error naming {@code what}. */
    static int parsePort(String field, String what, String text) throws InvalidAnswerException {
        String p = text == null ? "" : text.strip();
        if (!p.matches("\\d{1,5}")) {
            throw new InvalidAnswerException(field, "The " + what + " has port '" + printable(p)
                    + "', which is not a number from 1 to 65535.");
        }
        int n = Integer.parseInt(p);
        if (n < 1 || n > 65535) {
            throw new InvalidAnswerException(field, "The " + what + " has port " + n + "; a port is from 1 to 65535.");
        }
        return n;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.length() > 80 ? b.substring(0, 77) + "..." : b.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
