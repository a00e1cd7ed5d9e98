package net.onionbalance.tor;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tor version as tor reports it ({@code GETINFO version}, {@code PROTOCOLINFO VERSION Tor=}),
 * e.g. {@code 0.4.8.10} or {@code 0.4.3.1-alpha (git-abcdef)}: dir-spec "Version" format.
 * Ordered numerically; the status tag ({@code alpha}, {@code rc}) does not take part in ordering.
 */
public record TorVersion(int major, int minor, int micro, int patch, String status) implements Comparable<TorVersion> {
    /** control-spec §3.9: {@code dir/status-vote/current/consensus-microdesc} appeared in 0.4.3.1-alpha. */
    public static final TorVersion MICRODESC_CONSENSUS_GETINFO = new TorVersion(0, 4, 3, 1, "alpha");
    /**
     * tor bug 41367: before 0.4.9.12, {@code HSFETCH ... SERVER=} naming a relay that is not in
     * tor's consensus can trip an assertion, and tor exits. The balancer names only relays of the
     * HSDir ring of tor's current consensus; with an older tor it says so at start.
     */
    public static final TorVersion HSFETCH_SERVER_FIXED = new TorVersion(0, 4, 9, 12, "");

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:-([A-Za-z0-9.]+))?(?:\\s.*)?");
    private static final Comparator<TorVersion> ORDER = Comparator.comparingInt(TorVersion::major)
            .thenComparingInt(TorVersion::minor).thenComparingInt(TorVersion::micro).thenComparingInt(TorVersion::patch);

    public TorVersion {
        status = status == null ? "" : status;
    }

    /** Parses tor's version text; throws IllegalArgumentException quoting it when it is not one. */
    public static TorVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a tor version: \"" + text + "\"");
        }
        try {
            return new TorVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)), m.group(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a tor version: \"" + text + "\"", e);
        }
    }

    public boolean isOlderThan(TorVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(TorVersion o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro + "." + patch + (status.isEmpty() ? "" : "-" + status);
    }
}
