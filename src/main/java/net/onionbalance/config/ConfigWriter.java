package net.onionbalance.config;

import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.crypto.InvalidOnionAddressException;
import net.onionbalance.crypto.OnionAddress;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies {@link ConfigEdit}s to config.yaml, keeping everything the operator wrote: comments,
 * blank lines, key order, quoting, indentation. The result is checked with the loader before it
 * is written, and written atomically ({@link AtomicFiles}).
 *
 * <p>Why edits on the text and not a re-dump of SnakeYAML's comment-carrying node tree: measured
 * with SnakeYAML 2.5, dumping a composed tree moves a comment that precedes a list item to after
 * its dash ({@code - # rack 1}), collapses the spaces before in-line comments, turns a blank line
 * between items into a {@code - } line and is not stable when repeated. So the file is composed
 * to nodes only to find positions (node marks), and each edit splices lines: an added instance
 * goes after the last line of the last instance, in the same layout; a removed instance loses
 * exactly its own lines (from its dash to its last value, with that line's comment).
 */
public final class ConfigWriter {
    private final ConfigLoader loader;

    /** @param loader checks every result before it is written (with its master-address resolver) */
    public ConfigWriter(ConfigLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Edits the file in place and returns the config it now holds.
     *
     * @throws ConfigException when an edit does not apply (no such service, instance already there
     *                         or not there, last instance) or the result would not load; nothing is written then
     * @throws IOException     when writing fails (the old file is then untouched), including
     *                         {@link AtomicFiles.ChangedOnDiskException} if someone else changed it meanwhile
     */
    public LoadedConfig apply(Path file, List<ConfigEdit> edits) throws ConfigException, IOException {
        byte[] original = BoundedFiles.read(file, FileKind.CONFIG_FILE);
        String text = new String(original, StandardCharsets.UTF_8);
        String edited = edit(file, text, edits);
        LoadedConfig result = loader.parse(file, edited);
        AtomicFiles.replace(file, edited.getBytes(StandardCharsets.UTF_8), original);
        return result;
    }

    /** The edited text, checked with the loader; {@code file} only names the source (keys resolve against its folder). */
    public String edit(Path file, String text, List<ConfigEdit> edits) throws ConfigException {
        String current = text;
        for (ConfigEdit e : edits) {
            current = editOnce(file, current, e);
        }
        try {
            loader.parse(file, current);
        } catch (ConfigException e) {
            throw new ConfigException(file, e.line(), "Refusing to write: after the edit the file would not load: " + e.problem(),
                    e.fix(), e);
        }
        return current;
    }

    private String editOnce(Path file, String text, ConfigEdit edit) throws ConfigException {
        Node root = YamlTree.compose(file, text);
        MappingNode service = findService(file, root, edit.serviceKey());
        if (edit instanceof ConfigEdit.SetAuthorizedClientsFolder set) {
            return setAuthorizedClients(file, text, service, set.folderText());
        }
        NodeTuple instancesEntry = YamlTree.entry(service, "instances").orElseThrow(() -> new ConfigException(file, YamlTree.line(service),
                "This service has no 'instances' list to edit.", "add 'instances:' with at least one '- address:' by hand first."));
        if (!(instancesEntry.getValueNode() instanceof SequenceNode instances) || instances.getValue().isEmpty()) {
            throw new ConfigException(file, YamlTree.line(instancesEntry.getKeyNode()), "This service's 'instances' is not a list with entries.",
                    "write at least one '- address: <backend onion address>' under 'instances:' by hand first.");
        }
        if (!service.getValue().contains(instancesEntry) || usedElsewhere(root, service, instances)) {
            throw new ConfigException(file, YamlTree.line(instances), "This service's 'instances' list is shared through a YAML anchor; "
                    + "changing it would change other services too.", "edit this file by hand, or give the service its own 'instances:' list.");
        }
        if (edit instanceof ConfigEdit.AddInstance add) {
            Optional<Node> existing = findInstance(instances, add.instance().address());
            if (existing.isPresent()) {
                throw new ConfigException(file, YamlTree.line(existing.get()), add.instance().address().withOnionSuffix()
                        + " is already an instance of this service.", "nothing to add.");
            }
            return insert(file, text, instances, add.instance());
        }
        ConfigEdit.RemoveInstance remove = (ConfigEdit.RemoveInstance) edit;
        Node item = findInstance(instances, remove.address()).orElseThrow(() -> new ConfigException(file,
                YamlTree.line(instancesEntry.getKeyNode()), remove.address().withOnionSuffix() + " is not an instance of this service.",
                "check the address; nothing was removed."));
        if (instances.getValue().size() == 1) {
            throw new ConfigException(file, YamlTree.line(item), "Refusing to remove the last instance of this service: "
                    + "onionbalance needs at least 1.", "add the replacement first (in the same edit), then remove this one.");
        }
        return delete(text, instances, item);
    }

    /** A new "authorized-clients: folder" line after the service's "key:" line, at the key's column. */
    private static String setAuthorizedClients(Path file, String text, MappingNode service, String folder) throws ConfigException {
        Optional<NodeTuple> existing = YamlTree.entry(service, "authorized-clients");
        if (existing.isPresent()) {
            throw new ConfigException(file, YamlTree.line(existing.get().getKeyNode()), "This service already has 'authorized-clients'.",
                    "nothing to set; edit it by hand to change it.");
        }
        NodeTuple key = YamlTree.entry(service, "key").orElseThrow();
        if (service.getFlowStyle() != DumperOptions.FlowStyle.BLOCK) {
            throw new ConfigException(file, YamlTree.line(service), "This service is written in flow style ({...}).",
                    "add 'authorized-clients: " + folder + "' by hand.");
        }
        int column = key.getKeyNode().getStartMark().getColumn();
        int at = endOfLine(text, lastContentIndex(text, key.getValueNode()));
        String line = " ".repeat(column) + "authorized-clients: " + folder + "\n";
        String before = text.substring(0, at);
        return (before.endsWith("\n") ? before : before + "\n") + line + text.substring(at);
    }

    private MappingNode findService(Path file, Node root, Path key) throws ConfigException {
        Path folder = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(file.toAbsolutePath());
        if (root instanceof MappingNode top && YamlTree.entry(top, "services").map(NodeTuple::getValueNode).orElse(null) instanceof SequenceNode list) {
            for (Node s : list.getValue()) {
                if (s instanceof MappingNode m && YamlTree.entry(m, "key").map(NodeTuple::getValueNode).orElse(null) instanceof ScalarNode k
                        && folder.resolve(k.getValue().strip()).normalize().equals(key.toAbsolutePath().normalize())) {
                    return m;
                }
            }
        }
        throw new ConfigException(file, 0, "No service in this file uses the key file " + key + ".",
                "reload the config; the file may have been changed by hand.");
    }

    /** Whether another service reaches the same list node (an alias of an anchored list). */
    private static boolean usedElsewhere(Node root, MappingNode service, SequenceNode instances) {
        if (root instanceof MappingNode top && YamlTree.entry(top, "services").map(NodeTuple::getValueNode).orElse(null) instanceof SequenceNode list) {
            for (Node s : list.getValue()) {
                if (s != service && s instanceof MappingNode m
                        && YamlTree.entry(m, "instances").map(NodeTuple::getValueNode).orElse(null) == instances) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Node> findInstance(SequenceNode instances, OnionAddress address) {
        for (Node i : instances.getValue()) {
            if (i instanceof MappingNode m && YamlTree.entry(m, "address").map(NodeTuple::getValueNode).orElse(null) instanceof ScalarNode a) {
                try {
                    if (OnionAddress.parse(a.getValue()).equals(address)) {
                        return Optional.of(i);
                    }
                } catch (InvalidOnionAddressException e) {
                    // A placeholder or a typo: not the one we look for.
                }
            }
        }
        return Optional.empty();
    }

    // --- adding -------------------------------------------------------------------------------

    private static String insert(Path file, String text, SequenceNode instances, InstanceConfig instance) {
        List<Node> items = instances.getValue();
        Node last = items.get(items.size() - 1);
        String entry = entryText(file, last, instance);
        if (instances.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            int at = last.getEndMark().getIndex();
            return text.substring(0, at) + ", " + entry + text.substring(at);
        }
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        int dashColumn = instances.getStartMark().getColumn();
        int keyColumn = last.getStartMark().getColumn() > dashColumn ? last.getStartMark().getColumn() : dashColumn + 2;
        String lines;
        if (last instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.BLOCK) {
            StringBuilder b = new StringBuilder();
            List<String> pairs = pairs(file, last, instance);
            b.append(" ".repeat(dashColumn)).append('-').append(" ".repeat(keyColumn - dashColumn - 1)).append(pairs.get(0)).append(nl);
            for (String p : pairs.subList(1, pairs.size())) {
                b.append(" ".repeat(keyColumn)).append(p).append(nl);
            }
            lines = b.toString();
        } else {
            lines = " ".repeat(dashColumn) + "-" + " ".repeat(keyColumn - dashColumn - 1) + entry + nl;
        }
        int at = endOfLine(text, lastContentIndex(text, last));
        String before = text.substring(0, at);
        if (!before.endsWith("\n")) {
            before += nl;
        }
        return before + lines + text.substring(at);
    }

    /**
     * "key: value" pieces for a new instance, in the order and quoting the neighbour uses; its
     * {@code client-key} last, relative to the config's folder when it lies inside it (as the
     * loader resolves it).
     */
    private static List<String> pairs(Path file, Node neighbour, InstanceConfig instance) {
        String address = addressText(neighbour, instance.address());
        Optional<String> name = instance.name().map(ConfigWriter::scalarText);
        boolean nameFirst = false;
        if (neighbour instanceof MappingNode m) {
            List<String> keys = m.getValue().stream().map(t -> t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "").toList();
            nameFirst = keys.contains("name") && keys.indexOf("name") < keys.indexOf("address");
        }
        List<String> out = new ArrayList<>();
        if (name.isEmpty()) {
            out.add("address: " + address);
        } else if (nameFirst) {
            out.addAll(List.of("name: " + name.get(), "address: " + address));
        } else {
            out.addAll(List.of("address: " + address, "name: " + name.get()));
        }
        instance.clientKey().ifPresent(k -> out.add("client-key: " + pathText(file, k)));
        return out;
    }

    /** A path as config.yaml writes it: relative to the file's folder when inside it, quoted when YAML needs it. */
    private static String pathText(Path file, Path p) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        Path abs = p.toAbsolutePath().normalize();
        String text = folder != null && abs.startsWith(folder) ? folder.relativize(abs).toString() : abs.toString();
        return PATH.matcher(text).matches() ? text : "'" + text.replace("'", "''") + "'";
    }

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9_./-]*");

    private static String entryText(Path file, Node neighbour, InstanceConfig instance) {
        return "{" + String.join(", ", pairs(file, neighbour, instance)) + "}";
    }

    /** The address written like the neighbour's: with ".onion" or not, plain or quoted. */
    private static String addressText(Node neighbour, OnionAddress address) {
        String bare = address.toString();
        if (!(neighbour instanceof MappingNode m)
                || !(YamlTree.entry(m, "address").map(NodeTuple::getValueNode).orElse(null) instanceof ScalarNode a)) {
            return bare;
        }
        String value = a.getValue().strip().toLowerCase(Locale.ROOT).endsWith(".onion") ? address.withOnionSuffix() : bare;
        return switch (a.getScalarStyle()) {
            case SINGLE_QUOTED -> "'" + value + "'";
            case DOUBLE_QUOTED -> "\"" + value + "\"";
            default -> value;
        };
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Words YAML 1.1 (PyYAML, SnakeYAML) would read as booleans or null. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

    /** A name as a YAML scalar: plain when that reads back as the same string, else single-quoted. */
    static String scalarText(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }

    // --- removing -----------------------------------------------------------------------------

    private static String delete(String text, SequenceNode instances, Node item) {
        List<Node> items = instances.getValue();
        int i = items.indexOf(item);
        if (instances.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            if (i < items.size() - 1) {
                return text.substring(0, item.getStartMark().getIndex()) + text.substring(items.get(i + 1).getStartMark().getIndex());
            }
            return text.substring(0, items.get(i - 1).getEndMark().getIndex()) + text.substring(item.getEndMark().getIndex());
        }
        int dash = dashIndex(text, item, instances.getStartMark().getColumn());
        int from = startOfLine(text, dash);
        int to = endOfLine(text, lastContentIndex(text, item));
        return text.substring(0, from) + text.substring(to);
    }

    /** Where the item's "-" is: usually just before the item on its line, else the nearest line above with a dash in that column. */
    private static int dashIndex(String text, Node item, int dashColumn) {
        int p = item.getStartMark().getIndex() - 1;
        while (p >= 0 && text.charAt(p) == ' ') {
            p--;
        }
        if (p >= 0 && text.charAt(p) == '-') {
            return p;
        }
        int lineStart = startOfLine(text, item.getStartMark().getIndex());
        while (lineStart > 0) {
            lineStart = startOfLine(text, lineStart - 1);
            int d = lineStart + dashColumn;
            if (d < text.length() && text.charAt(d) == '-' && text.substring(lineStart, d).isBlank()) {
                return d;
            }
        }
        return item.getStartMark().getIndex();
    }

    // --- positions ----------------------------------------------------------------------------

    /**
     * Index of the last character of the node's content. Scalars and flow collections end exactly
     * at their end mark; a block collection's end mark can lie past following comments, so it is
     * found through its last leaf.
     */
    private static int lastContentIndex(String text, Node node) {
        Node n = node;
        while (true) {
            if (n instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.BLOCK && !m.getValue().isEmpty()) {
                n = m.getValue().get(m.getValue().size() - 1).getValueNode();
            } else if (n instanceof SequenceNode s && s.getFlowStyle() == DumperOptions.FlowStyle.BLOCK && !s.getValue().isEmpty()) {
                n = s.getValue().get(s.getValue().size() - 1);
            } else {
                break;
            }
        }
        int end = n.getEndMark().getIndex();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--; // a block scalar's end mark includes its trailing line breaks
        }
        return Math.max(0, end - 1);
    }

    private static int startOfLine(String text, int index) {
        return index <= 0 ? 0 : text.lastIndexOf('\n', index - 1) + 1;
    }

    /** Index just past the line break ending the line that holds {@code index} (or the text's end). */
    private static int endOfLine(String text, int index) {
        int nl = text.indexOf('\n', index);
        return nl < 0 ? text.length() : nl + 1;
    }
}
