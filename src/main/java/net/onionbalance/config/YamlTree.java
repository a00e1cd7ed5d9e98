package net.onionbalance.config;

import net.onionbalance.io.FileKind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * config.yaml composed to SnakeYAML nodes (not constructed to Java objects): nodes keep their
 * marks, so every message can name a line, and no tag (e.g. {@code !!python/object}) ever
 * instantiates anything.
 */
final class YamlTree {
    /**
     * config.yaml is a few kilobytes; refuse anything absurd before SnakeYAML's own 3 MB limit. The
     * file's own limit, applied here too to text that did not come from the file (edits, tests).
     */
    static final int MAX_CHARS = FileKind.CONFIG_FILE.maxBytes();

    private YamlTree() {}

    /** The root node, or null for an empty document (only comments or nothing). */
    static Node compose(Path file, String text) throws ConfigException {
        if (text.length() > MAX_CHARS) {
            throw new ConfigException(file, 0, "The file is " + text.length() + " characters long; a config.yaml is a few kilobytes.",
                    "check that -c points at the right file.");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both lines
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            // Composer straight from the parser: Yaml's facade would also build a constructor and a
            // representer for every standard tag (~60 classes, java.sql among them) never used here.
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(file, mark == null ? 0 : mark.getLine() + 1,
                    "This is not valid YAML: " + problem + (mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")") + ".",
                    "check indentation (spaces, not tabs) and that every 'key: value' has a space after the colon.", e);
        } catch (ReaderException e) {
            // SnakeYAML's reader names only an offset into its buffer; an operator needs the place.
            throw unprintable(file, text, e);
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "This is not valid YAML: " + e.getMessage(),
                    "compare it with a sample in config-samples/.", e);
        }
        if (root != null) {
            refuseCycles(file, root, Collections.newSetFromMap(new IdentityHashMap<>()),
                    Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return root;
    }

    /**
     * The first character YAML does not allow (YAML 1.1 §5.1, SnakeYAML's {@link StreamReader#isPrintable(int)}:
     * a NUL or another control character, typically from a binary file or a bad copy), with its line and column.
     */
    private static ConfigException unprintable(Path file, String text, ReaderException e) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!StreamReader.isPrintable(cp)) {
                String name = cp == 0 ? "a NUL byte" : String.format("the control character U+%04X", cp);
                return new ConfigException(file, line, "This is not valid YAML: " + name + " at column " + column
                        + "; YAML allows no such character, even in a comment or a quoted value.",
                        "remove it (is this a text file? a copy from a binary file or a terminal can bring such bytes in).", e);
            }
            if (cp == '\n' || (cp == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (cp != '\r') {
                column++;
            }
            i += Character.charCount(cp);
        }
        return new ConfigException(file, 0, "This is not valid YAML: " + e.getMessage(), "compare it with a sample in config-samples/.", e);
    }

    /**
     * An anchor can be referred to from inside itself ({@code &a {<<: *a}}, or through a second
     * anchor), which makes the node tree a cycle: walking it, or merging it with {@code <<}, would
     * never end. No config needs one, so it is refused here, once, with its line. {@code done}
     * makes the walk visit each node once, however often aliases repeat it; its depth is bounded
     * by SnakeYAML's nesting limit and alias count.
     */
    private static void refuseCycles(Path file, Node node, Set<Node> onPath, Set<Node> done) throws ConfigException {
        if (done.contains(node)) {
            return;
        }
        if (!onPath.add(node)) {
            throw new ConfigException(file, line(node), "The " + (node instanceof SequenceNode ? "list" : "mapping")
                    + " starting at this line contains itself, through an '*alias' (or '<<: *alias') of its own anchor.",
                    "write the values out instead of referring back to the anchor they are part of.");
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                refuseCycles(file, t.getKeyNode(), onPath, done);
                refuseCycles(file, t.getValueNode(), onPath, done);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node n : s.getValue()) {
                refuseCycles(file, n, onPath, done);
            }
        }
        onPath.remove(node);
        done.add(node);
    }

    /** 1-based line of a node. */
    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The value under a scalar key of a mapping (written there or merged in with {@code <<}), or empty. */
    static Optional<NodeTuple> entry(MappingNode mapping, String key) {
        for (NodeTuple t : entries(mapping)) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static boolean isMergeKey(Node key) {
        return Tag.MERGE.equals(key.getTag());
    }

    /**
     * The mapping's entries as PyYAML and SnakeYAML construct them: its own entries, then those
     * merged in with {@code <<: *anchor} (or a list of anchors, earlier ones first) for keys it
     * does not set itself (YAML merge key type). The merge entries themselves are left out.
     */
    static List<NodeTuple> entries(MappingNode mapping) {
        Set<Node> merged = Collections.newSetFromMap(new IdentityHashMap<>());
        merged.add(mapping);
        return entries(mapping, merged);
    }

    /**
     * {@code alreadyMerged}: mappings whose entries are already in (or being added to) the result.
     * Merging one again could add no key (all of its keys are seen), so it is skipped: without
     * that, {@code <<: [*a, *a]} on every level doubled the work per level (24 levels: 18 s).
     * The tree has no cycles ({@link #refuseCycles}).
     */
    private static List<NodeTuple> entries(MappingNode mapping, Set<Node> alreadyMerged) {
        List<NodeTuple> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            if (isMergeKey(t.getKeyNode())) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode m) {
                    merged.add(m);
                } else if (v instanceof SequenceNode list) {
                    for (Node n : list.getValue()) {
                        if (n instanceof MappingNode m) {
                            merged.add(m);
                        }
                    }
                }
                continue;
            }
            out.add(t);
            if (t.getKeyNode() instanceof ScalarNode k) {
                seen.add(k.getValue());
            }
        }
        for (MappingNode m : merged) {
            if (!alreadyMerged.add(m)) {
                continue;
            }
            for (NodeTuple t : entries(m, alreadyMerged)) {
                if (t.getKeyNode() instanceof ScalarNode k && seen.add(k.getValue())) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    // --- typed access to an entry's value; errors name the file, the line and a fix ---------

    /** The scalar text of an entry's value; empty for an empty value; error for a list or mapping. */
    static Optional<String> optionalText(Path file, NodeTuple t, String expected) throws ConfigException {
        Node v = t.getValueNode();
        if (isNull(v)) {
            return Optional.empty();
        }
        if (!(v instanceof ScalarNode s)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            throw new ConfigException(file, line(v), "'" + key + "' must be a single value (" + expected + "), found " + describe(v) + ".",
                    "write it on the same line: '" + key + ": <value>'.");
        }
        String text = s.getValue().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static int integer(Path file, NodeTuple t, String expected) throws ConfigException {
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        String text = optionalText(file, t, expected).orElseThrow(() -> new ConfigException(file, line(t.getKeyNode()), "'" + key + "' has no value.",
                "write " + expected + " after '" + key + ":'."));
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(file, line(t.getValueNode()), "'" + key + "' must be a whole number, found '" + text + "'.", "write " + expected + ".");
        }
    }

    /** The entry's value as a mapping; null for an empty value (treated as absent). */
    static MappingNode mapping(Path file, NodeTuple t, String expected, String fix) throws ConfigException {
        Node v = t.getValueNode();
        if (isNull(v)) {
            return null;
        }
        if (!(v instanceof MappingNode m)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            throw new ConfigException(file, line(v), "'" + key + "' must hold " + expected + ", found " + describe(v) + ".", fix);
        }
        return m;
    }

    /** How a node looks to an operator, for messages: "a list", "a mapping", "an empty value". */
    static String describe(Node node) {
        return switch (node.getNodeId()) {
            case sequence -> "a list";
            case mapping -> "a mapping (key: value pairs)";
            case scalar -> isNull(node) ? "an empty value" : "the value '" + ((ScalarNode) node).getValue() + "'";
            case anchor -> "an anchor";
        };
    }
}
