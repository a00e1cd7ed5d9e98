package net.onionbalance.status;

import net.onionbalance.io.InputLimits;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Parses the document as a stream of YAML events (JSON is YAML), keeping only the values the
     * table shows: nothing is built for the rest, so its memory is the values kept, never a node
     * tree of the whole text (which cost ~100 bytes a value, and with a 5-15 MB document ran the
     * launcher's 48 MB heap out, issue 30). Nesting deeper than the document's 4 levels is refused
     * as it arrives, before the parser's own stack grows with it.
     */
    public static StatusDocument parse(String json) throws FormatException {
        if (json.length() > InputLimits.STATUS_DOCUMENT_BYTES) {
            throw new FormatException("it is " + json.length() + " characters long, more than the "
                    + InputLimits.STATUS_DOCUMENT_BYTES + " a status document may have");
        }
        Events in = new Events(json);
        Event root = in.document();
        if (root == null) {
            throw new FormatException("the document is empty, not a JSON object");
        }
        in.mapping(root, "the document");
        List<Service> out = null;
        Optional<InternalErrors> errors = Optional.empty();
        Event e;
        while (!((e = in.next()) instanceof MappingEndEvent)) {
            String key = in.key(e);
            Event v = in.next();
            if ("services".equals(key)) {
                if (in.isNull(v)) {
                    throw new FormatException("\"services\" is a null, not a JSON list");
                }
                in.sequence(v, "\"services\"");
                out = new ArrayList<>();
                Event item;
                while (!((item = in.next()) instanceof SequenceEndEvent)) {
                    out.add(service(in, item));
                }
            } else if ("internalErrors".equals(key) && !in.isNull(v)) {
                in.mapping(v, "\"internalErrors\"");
                Map<String, String> m = in.texts(Set.of("count", "lastAt", "last"));
                errors = Optional.of(new InternalErrors(m.getOrDefault("count", "?"), Optional.ofNullable(m.get("lastAt")),
                        Optional.ofNullable(m.get("last"))));
            } else {
                in.skip(v);
            }
        }
        if (out == null) {
            throw new FormatException("the document has no \"services\" list");
        }
        in.end();
        return new StatusDocument(out, errors);
    }

    private static Service service(Events in, Event start) throws FormatException {
        in.mapping(start, "a service");
        Map<String, String> texts = new HashMap<>();
        List<Instance> instances = new ArrayList<>();
        Optional<KeyBundle> keyBundle = Optional.empty();
        Event e;
        while (!((e = in.next()) instanceof MappingEndEvent)) {
            String key = in.key(e);
            Event v = in.next();
            switch (key) {
                case "onionAddress", "publishAttemptFirstDescriptor", "publishAttemptSecondDescriptor" -> {
                    String t = in.text(v, key);
                    if (t != null) {
                        texts.put(key, t);
                    }
                }
                case "instances" -> {
                    if (!in.isNull(v)) {
                        String where = "\"instances\" of " + printable(texts.getOrDefault("onionAddress", "a service"));
                        in.sequence(v, where);
                        Event item;
                        while (!((item = in.next()) instanceof SequenceEndEvent)) {
                            instances.add(instance(in, item, texts.getOrDefault("onionAddress", "a service")));
                        }
                    }
                }
                case "keyBundle" -> {
                    if (!in.isNull(v)) {
                        keyBundle = Optional.of(keyBundle(in, v, texts.getOrDefault("onionAddress", "a service")));
                    }
                }
                default -> in.skip(v);
            }
        }
        String address = texts.get("onionAddress");
        if (address == null) {
            throw new FormatException("a service has no \"onionAddress\"");
        }
        return new Service(address, Optional.ofNullable(texts.get("publishAttemptFirstDescriptor")),
                Optional.ofNullable(texts.get("publishAttemptSecondDescriptor")), instances, keyBundle);
    }

    /** A service's "keyBundle" object: its "signsUntil" and the scalar entries of its "gaps" list. */
    private static KeyBundle keyBundle(Events in, Event start, String address) throws FormatException {
        in.mapping(start, "\"keyBundle\" of " + printable(address));
        Optional<String> signsUntil = Optional.empty();
        List<String> gaps = new ArrayList<>();
        Event e;
        while (!((e = in.next()) instanceof MappingEndEvent)) {
            String key = in.key(e);
            Event v = in.next();
            if ("signsUntil".equals(key)) {
                signsUntil = Optional.ofNullable(in.text(v, key));
            } else if ("gaps".equals(key) && !in.isNull(v)) {
                in.sequence(v, "\"gaps\" of " + printable(address));
                Event g;
                while (!((g = in.next()) instanceof SequenceEndEvent)) {
                    if (g instanceof ScalarEvent s) {
                        gaps.add(s.getValue());
                    } else {
                        in.skip(g);
                    }
                }
            } else {
                in.skip(v);
            }
        }
        return new KeyBundle(signsUntil, gaps);
    }

    private static Instance instance(Events in, Event start, String service) throws FormatException {
        in.mapping(start, "an instance of " + printable(service));
        Map<String, String> m = in.texts(Set.of("onionAddress", "descriptorReceived", "received", "introSetModified", "introPointsNum"));
        String address = m.get("onionAddress");
        if (address == null) {
            throw new FormatException("an instance of " + printable(service) + " has no \"onionAddress\"");
        }
        String received = m.containsKey("descriptorReceived") ? m.get("descriptorReceived") : m.get("received");
        return new Instance(address, Optional.ofNullable(received), Optional.ofNullable(m.get("introSetModified")),
                Optional.ofNullable(m.get("introPointsNum")));
    }

    /** SnakeYAML's event parser, its errors turned into ours, with the depth of what was pulled. */
    private static final class Events {
        /** The document is 4 levels deep (object, services, service, instances, instance). */
        private static final int MAX_DEPTH = 10;
        private static final Resolver RESOLVER = new Resolver();
        private final Parser parser;
        private int depth;

        Events(String json) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(0);
            options.setCodePointLimit(InputLimits.STATUS_DOCUMENT_BYTES);
            parser = new ParserImpl(new StreamReader(new StringReader(json)), options);
        }

        Event next() throws FormatException {
            Event e;
            try {
                e = parser.getEvent();
            } catch (YAMLException | IllegalStateException | IllegalArgumentException | java.util.NoSuchElementException x) {
                // IllegalArgumentException: the scanner's NumberFormatException on an escape such as "\\u" without hex digits.
                throw new FormatException("it is not JSON (" + printable(firstLine(x.getMessage())) + ")");
            }
            if (e instanceof AliasEvent) {
                throw new FormatException("it is not JSON (it holds a YAML alias)");
            }
            if (e instanceof CollectionStartEvent) {
                if (++depth > MAX_DEPTH) {
                    throw new FormatException("it nests deeper than " + MAX_DEPTH + " levels; the status document has 4");
                }
            } else if (e instanceof CollectionEndEvent) {
                depth--;
            }
            return e;
        }

        /** The document's root event, or null for an empty stream. */
        Event document() throws FormatException {
            Event e;
            while ((e = next()) instanceof StreamStartEvent || e instanceof DocumentStartEvent) {
                // the stream's and the document's start carry nothing
            }
            return e instanceof StreamEndEvent ? null : e;
        }

        /** After the root value: only the document's and the stream's end. */
        void end() throws FormatException {
            Event e;
            while ((e = next()) instanceof DocumentEndEvent) {
                // the end of the one document
            }
            if (!(e instanceof StreamEndEvent)) {
                throw new FormatException("it holds more than one JSON value");
            }
        }

        boolean isNull(Event e) {
            return e instanceof ScalarEvent s
                    && Tag.NULL.equals(RESOLVER.resolve(NodeId.scalar, s.getValue(), s.getImplicit().canOmitTagInPlainScalar()));
        }

        void mapping(Event e, String what) throws FormatException {
            if (!(e instanceof MappingStartEvent)) {
                throw new FormatException(what + " is a " + kind(e) + ", not a JSON object");
            }
        }

        void sequence(Event e, String what) throws FormatException {
            if (!(e instanceof SequenceStartEvent)) {
                throw new FormatException(what + " is a " + kind(e) + ", not a JSON list");
            }
        }

        /** A key's text; a key that is itself a list or object (YAML allows it, JSON does not) is refused. */
        String key(Event e) throws FormatException {
            if (e instanceof ScalarEvent s) {
                return s.getValue();
            }
            throw new FormatException("a key is a " + kind(e) + "; JSON keys are strings");
        }

        /** A scalar's text, null for null; a list or object where a value belongs is an error. */
        String text(Event v, String key) throws FormatException {
            if (isNull(v)) {
                return null;
            }
            if (v instanceof ScalarEvent s) {
                return s.getValue();
            }
            throw new FormatException("\"" + key + "\" is a " + kind(v) + ", not a value");
        }

        /** The rest of a mapping whose start was read: the wanted keys' texts (first one wins), the others skipped. */
        Map<String, String> texts(Set<String> wanted) throws FormatException {
            Map<String, String> out = new HashMap<>();
            Event e;
            while (!((e = next()) instanceof MappingEndEvent)) {
                String key = key(e);
                Event v = next();
                if (wanted.contains(key)) {
                    String t = text(v, key);
                    if (t != null) {
                        out.putIfAbsent(key, t);
                    }
                } else {
                    skip(v);
                }
            }
            return out;
        }

        /** Skips a value whose first event was read. */
        void skip(Event v) throws FormatException {
            if (!(v instanceof CollectionStartEvent)) {
                return;
            }
            int until = depth - 1;
            while (depth > until) {
                next();
            }
        }

        private String kind(Event e) {
            if (e instanceof MappingStartEvent) {
                return "JSON object";
            }
            if (e instanceof SequenceStartEvent) {
                return "JSON list";
            }
            return isNull(e) ? "null" : "single value";
        }
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
