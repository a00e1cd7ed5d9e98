package net.onionbalance.doc.hsdesc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A subprotocol version list (tor-spec "Subprotocol versioning"), as the {@code proto} item of a
 * descriptor's second layer carries it (rend-spec "hsdesc-encrypt", item:proto): the
 * capabilities of the onion service's own tor, e.g. {@code proto FlowCtrl=1-2 Relay=2-4}. Arti
 * writes it beside {@code flow-control}.
 *
 * <p>Entries are {@code Name=Versions}, versions a comma-separated list of numbers and ranges
 * 0..63 without leading zeros; a name may appear once and a version once per name; an empty
 * {@code Name=} supports nothing. A name we do not know is <em>kept</em>, not refused: the
 * versioning scheme exists so that new capabilities can be announced before every reader knows
 * them (tor-spec; Arti's {@code tor_protover::Protocols} keeps unrecognized names too, its own test
 * writes {@code proto Link=4 Relay=1-20 Wombat=12}). Only a malformed list is an error.
 */
public record SubprotocolVersions(SortedMap<String, SortedSet<Integer>> entries) {
    public static final int MAX_VERSION = 63;
    /** tor's protover.c MAX_PROTOCOL_NAME_LENGTH; names are letters, digits and '-' there (is_valid_keyword). */
    public static final int MAX_NAME_LENGTH = 100;
    public static final SubprotocolVersions NONE = new SubprotocolVersions(new TreeMap<>());

    public SubprotocolVersions {
        Objects.requireNonNull(entries, "entries");
        SortedMap<String, SortedSet<Integer>> copy = new TreeMap<>();
        for (Map.Entry<String, SortedSet<Integer>> e : entries.entrySet()) {
            checkName(e.getKey());
            SortedSet<Integer> v = new TreeSet<>(e.getValue());
            if (!v.isEmpty() && (v.first() < 0 || v.last() > MAX_VERSION)) {
                throw new IllegalArgumentException("protocol " + e.getKey() + " versions must be 0.." + MAX_VERSION);
            }
            if (!v.isEmpty()) { // "Name=" supports nothing: the same as not listed
                copy.put(e.getKey(), Collections.unmodifiableSortedSet(v));
            }
        }
        entries = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Parses the arguments of a {@code proto} line (none is allowed: an empty list).
     *
     * @throws IllegalArgumentException saying which entry is wrong and how
     */
    public static SubprotocolVersions parse(List<String> arguments) {
        SortedMap<String, SortedSet<Integer>> out = new TreeMap<>();
        for (String entry : arguments) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("protocol entry \"" + NetdocReader.abbreviate(entry)
                        + "\" is not Name=Versions, e.g. FlowCtrl=1-2");
            }
            String name = entry.substring(0, eq);
            checkName(name);
            if (out.containsKey(name)) {
                throw new IllegalArgumentException("protocol " + NetdocReader.abbreviate(name) + " is listed twice");
            }
            SortedSet<Integer> versions = parseVersions(entry.substring(eq + 1), "protocol " + name);
            out.put(name, versions);
        }
        return new SubprotocolVersions(out);
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(
                c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new IllegalArgumentException("protocol name \"" + NetdocReader.abbreviate(name)
                    + "\" is not 1-" + MAX_NAME_LENGTH + " letters, digits or '-'");
        }
    }

    /**
     * A version list such as {@code 1-2,4}: numbers 0..63 without leading zeros, each version
     * once; empty for none. {@code what} names the list in the error ("protocol Relay").
     *
     * @throws IllegalArgumentException naming {@code what} and the list
     */
    static SortedSet<Integer> parseVersions(String text, String what) {
        SortedSet<Integer> out = new TreeSet<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            int dash = part.indexOf('-');
            String lo = dash < 0 ? part : part.substring(0, dash);
            String hi = dash < 0 ? part : part.substring(dash + 1);
            if (!isVersionNumber(lo) || !isVersionNumber(hi)) {
                throw new IllegalArgumentException(what + " version list \"" + NetdocReader.abbreviate(text)
                        + "\" is not a list of versions and ranges such as 1-2,4");
            }
            int l = Integer.parseInt(lo);
            int h = Integer.parseInt(hi);
            if (l > MAX_VERSION || h > MAX_VERSION) {
                throw new IllegalArgumentException(what + " version list \"" + NetdocReader.abbreviate(text)
                        + "\" names a version above " + MAX_VERSION);
            }
            if (h < l) {
                throw new IllegalArgumentException(what + " version range \"" + part + "\" is empty (ends before it starts)");
            }
            for (int v = l; v <= h; v++) {
                if (!out.add(v)) {
                    throw new IllegalArgumentException(what + " version list \"" + NetdocReader.abbreviate(text)
                            + "\" lists version " + v + " twice");
                }
            }
        }
        return out;
    }

    /** "0" or a number without a leading zero (above 63 is refused after, with its own message). */
    private static boolean isVersionNumber(String s) {
        return s.matches("0|[1-9][0-9]{0,8}");
    }

    /** The versions as tor writes them: "1-2,4". Empty for none. */
    static String formatVersions(SortedSet<Integer> versions) {
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int v : versions) {
            if (start == null) {
                start = v;
            } else if (v != prev + 1) {
                parts.add(start.equals(prev) ? start.toString() : start + "-" + prev);
                start = v;
            }
            prev = v;
        }
        if (start != null) {
            parts.add(start.equals(prev) ? start.toString() : start + "-" + prev);
        }
        return String.join(",", parts);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The versions of {@code name}, empty when not listed. */
    public SortedSet<Integer> versions(String name) {
        return entries.getOrDefault(name, Collections.emptySortedSet());
    }

    /** What both lists support: per name, the versions both list; names only one lists are dropped. */
    public SubprotocolVersions intersection(SubprotocolVersions other) {
        SortedMap<String, SortedSet<Integer>> out = new TreeMap<>();
        for (Map.Entry<String, SortedSet<Integer>> e : entries.entrySet()) {
            SortedSet<Integer> common = new TreeSet<>(e.getValue());
            common.retainAll(other.versions(e.getKey()));
            out.put(e.getKey(), common);
        }
        return new SubprotocolVersions(out);
    }

    String[] lineArguments() {
        return entries.entrySet().stream().map(e -> e.getKey() + "=" + formatVersions(e.getValue())).toArray(String[]::new);
    }

    /** As the {@code proto} line's arguments: names in order, e.g. "FlowCtrl=1-2 Relay=2-4". */
    @Override
    public String toString() {
        return String.join(" ", lineArguments());
    }
}
