package net.onionbalance.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Optional;

/**
 * config.yaml composed to SnakeYAML nodes (not constructed to Java objects): nodes keep their
 * marks, so every message can name a line, and no tag (e.g. {@code !!python/object}) ever
 * instantiates anything.
 */
final class YamlTree {
    /** config.yaml is a few kilobytes; refuse anything absurd before SnakeYAML's own 3 MB limit. */
    static final int MAX_CHARS = 1 << 20;

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
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(file, mark == null ? 0 : mark.getLine() + 1,
                    "This is not valid YAML: " + problem + (mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")") + ".",
                    "check indentation (spaces, not tabs) and that every 'key: value' has a space after the colon.", e);
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "This is not valid YAML: " + e.getMessage(),
                    "compare it with a sample in config-samples/.", e);
        }
    }

    /** 1-based line of a node. */
    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The value under a scalar key of a mapping, or empty. */
    static Optional<NodeTuple> entry(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
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
