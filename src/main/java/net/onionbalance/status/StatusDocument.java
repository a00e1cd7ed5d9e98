package net.onionbalance.status;

import net.onionbalance.io.InputLimits;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The status document as {@link StatusJson} (and onionbalance 0.2.x) writes it, read back by
 * {@code onionbalance status}. Whatever listens on the socket is not trusted to send that: every
 * value is checked for its JSON type, and every text is {@link #printable(String)} before it is
 * shown, so {@code null}, {@code []} or an escape sequence gets a one-line error or a harmless
 * character instead of Java internals or a rewritten terminal.
 */
public record StatusDocument(List<Service> services, Optional<InternalErrors> internalErrors) {
    public StatusDocument {
        services = List.copyOf(services);
    }

    public StatusDocument(List<Service> services) {
        this(services, Optional.empty());
    }

    /** The supervisor's count of internal errors and the last one ({@link StatusJson}); texts as sent. */
    public record InternalErrors(String count, Optional<String> lastAt, Optional<String> last) {}

    public record Service(String onionAddress, Optional<String> publishAttemptFirst, Optional<String> publishAttemptSecond,
                          List<Instance> instances, Optional<KeyBundle> keyBundle) {
        public Service {
            instances = List.copyOf(instances);
        }

        public Service(String onionAddress, Optional<String> publishAttemptFirst, Optional<String> publishAttemptSecond,
                       List<Instance> instances) {
            this(onionAddress, publishAttemptFirst, publishAttemptSecond, instances, Optional.empty());
        }
    }

    /** A service's offline key bundle ({@link StatusJson}): when it runs out, and the slots it cannot sign now. */
    public record KeyBundle(Optional<String> signsUntil, List<String> gaps) {
        public KeyBundle {
            gaps = List.copyOf(gaps);
        }
    }

    /** Values as text, as the table prints them; empty where the document has {@code null} or nothing. */
    public record Instance(String onionAddress, Optional<String> descriptorReceived, Optional<String> introSetModified,
                           Optional<String> introPointsNum) {}

    /** The document is not the status document. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    public static StatusDocument parse(String json) throws FormatException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(10); // the document is 4 levels deep
        options.setCodePointLimit(InputLimits.STATUS_DOCUMENT_BYTES);
        Node root;
        try {
            // JSON is YAML; composing (not constructing) nodes never instantiates a tagged type.
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(json)), options), new Resolver(), options)
                    .getSingleNode();
        } catch (YAMLException | IllegalStateException e) {
            throw new FormatException("it is not JSON (" + printable(firstLine(e.getMessage())) + ")");
        }
        MappingNode top = mapping(root, "the document");
        SequenceNode services = sequence(value(top, "services").orElseThrow(
                () -> new FormatException("the document has no \"services\" list")), "\"services\"");
        List<Service> out = new ArrayList<>();
        for (Node n : services.getValue()) {
            MappingNode s = mapping(n, "a service");
            String address = text(s, "onionAddress").orElseThrow(() -> new FormatException("a service has no \"onionAddress\""));
            List<Instance> instances = new ArrayList<>();
            Optional<Node> list = value(s, "instances");
            if (list.isPresent() && !isNull(list.get())) {
                for (Node i : sequence(list.get(), "\"instances\" of " + printable(address)).getValue()) {
                    MappingNode m = mapping(i, "an instance of " + printable(address));
                    Optional<String> received = text(m, "descriptorReceived");
                    instances.add(new Instance(text(m, "onionAddress").orElseThrow(
                            () -> new FormatException("an instance of " + printable(address) + " has no \"onionAddress\"")),
                            received.isPresent() ? received : text(m, "received"), text(m, "introSetModified"),
                            text(m, "introPointsNum")));
                }
            }
            Optional<KeyBundle> bundle = Optional.empty();
            Optional<Node> kb = value(s, "keyBundle");
            if (kb.isPresent() && !isNull(kb.get())) {
                MappingNode m = mapping(kb.get(), "\"keyBundle\" of " + printable(address));
                List<String> gaps = new ArrayList<>();
                Optional<Node> g = value(m, "gaps");
                if (g.isPresent() && !isNull(g.get())) {
                    for (Node x : sequence(g.get(), "\"gaps\" of " + printable(address)).getValue()) {
                        if (x instanceof ScalarNode sc) {
                            gaps.add(sc.getValue());
                        }
                    }
                }
                bundle = Optional.of(new KeyBundle(text(m, "signsUntil"), gaps));
            }
            out.add(new Service(address, text(s, "publishAttemptFirstDescriptor"), text(s, "publishAttemptSecondDescriptor"),
                    instances, bundle));
        }
        Optional<InternalErrors> errors = Optional.empty();
        Optional<Node> e = value(top, "internalErrors");
        if (e.isPresent() && !isNull(e.get())) {
            MappingNode m = mapping(e.get(), "\"internalErrors\"");
            errors = Optional.of(new InternalErrors(text(m, "count").orElse("?"), text(m, "lastAt"), text(m, "last")));
        }
        return new StatusDocument(out, errors);
    }

    private static Optional<Node> value(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(t.getValueNode());
            }
        }
        return Optional.empty();
    }

    /** A scalar's text; empty for a missing key or null; a list or object where a value belongs is an error. */
    private static Optional<String> text(MappingNode m, String key) throws FormatException {
        Optional<Node> v = value(m, key);
        if (v.isEmpty() || isNull(v.get())) {
            return Optional.empty();
        }
        if (!(v.get() instanceof ScalarNode s)) {
            throw new FormatException("\"" + key + "\" is a " + kind(v.get()) + ", not a value");
        }
        return Optional.of(s.getValue());
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    private static MappingNode mapping(Node n, String what) throws FormatException {
        if (n instanceof MappingNode m) {
            return m;
        }
        throw new FormatException(what + " is " + (n == null ? "empty" : "a " + kind(n)) + ", not a JSON object");
    }

    private static SequenceNode sequence(Node n, String what) throws FormatException {
        if (n instanceof SequenceNode s) {
            return s;
        }
        throw new FormatException(what + " is a " + kind(n) + ", not a JSON list");
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "JSON object";
        }
        if (n instanceof SequenceNode) {
            return "JSON list";
        }
        return isNull(n) ? "null" : "single value";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Replaces control characters (ESC, CSI, newlines...) with '?': text from the socket must never
     * move the cursor or send an escape sequence to the terminal.
     */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        return sb.toString();
    }
}
