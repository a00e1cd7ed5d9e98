package net.onionbalance.doc.hsdesc;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code flow-control} line of the second layer (rend-spec-v3 §2.5.2.2, proposal 324):
 * {@code flow-control <version-range> <sendme-inc>}, e.g. {@code flow-control 1-2 31}. A tor
 * client uses congestion control on the rendezvous circuit only when the descriptor it fetched
 * carries this line. Tor requires both arguments (a line with one is an invalid descriptor).
 *
 * @param versions        the FlowCtrl protocol versions the service supports (a protover range such as "1-2")
 * @param sendmeIncrement the cells per SENDME the service expects (1..255)
 */
public record FlowControl(SortedSet<Integer> versions, int sendmeIncrement) {
    public static final int MAX_VERSION = 63;

    public FlowControl {
        Objects.requireNonNull(versions, "versions");
        versions = Collections.unmodifiableSortedSet(new TreeSet<>(versions));
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("flow-control needs at least one version");
        }
        if (versions.first() < 0 || versions.last() > MAX_VERSION) {
            throw new IllegalArgumentException("flow-control versions must be 0.." + MAX_VERSION + ", got " + versions);
        }
        if (sendmeIncrement < 1 || sendmeIncrement > 255) {
            throw new IllegalArgumentException("flow-control sendme increment must be 1..255, got " + sendmeIncrement);
        }
    }

    /**
     * Parses the arguments of the line.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static FlowControl parse(List<String> arguments) {
        if (arguments.size() < 2) {
            throw new IllegalArgumentException("flow-control needs a version range and a sendme increment, e.g. \"1-2 31\"");
        }
        String inc = arguments.get(1);
        if (!inc.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("flow-control sendme increment \"" + NetdocReader.abbreviate(inc) + "\" is not a number");
        }
        return new FlowControl(parseRange(arguments.get(0)), Integer.parseInt(inc));
    }

    /** A protover range list: "2", "1-2", "1-2,4" (one home for the rules: {@link SubprotocolVersions}). */
    static SortedSet<Integer> parseRange(String text) {
        SortedSet<Integer> out = SubprotocolVersions.parseVersions(text, "flow-control");
        if (out.isEmpty()) {
            throw new IllegalArgumentException("flow-control version range is empty");
        }
        return out;
    }

    /** The version range as tor writes it: "1-2". */
    public String versionRange() {
        return SubprotocolVersions.formatVersions(versions);
    }

    String[] lineArguments() {
        return new String[] {versionRange(), Integer.toString(sendmeIncrement)};
    }

    @Override
    public String toString() {
        return versionRange() + " " + sendmeIncrement;
    }
}
