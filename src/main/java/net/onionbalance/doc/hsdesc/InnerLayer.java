package net.onionbalance.doc.hsdesc;

import java.util.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The plaintext of the second (encrypted) layer, rend-spec-v3 §2.5.2.2.
 *
 * @param create2Formats     {@code create2-formats}; must include 2 (ntor)
 * @param introAuthRequired  {@code intro-auth-required} types; empty when the line is absent
 * @param singleOnionService {@code single-onion-service} present
 * @param flowControl        {@code flow-control} (proposal 324), e.g. "1-2 31", when present
 * @param proto              {@code proto} (rend-spec "hsdesc-encrypt", item:proto): the service's
 *                           subprotocol capabilities, as Arti writes them; {@link SubprotocolVersions#NONE} when absent
 * @param powParams          {@code pow-params} lines (hspow-spec; several schemes allowed since tor
 *                           0.4.9.3-alpha, as Arti parses them), at most one per scheme
 * @param introPoints        0..20 intro points
 */
public record InnerLayer(List<Integer> create2Formats, List<String> introAuthRequired, boolean singleOnionService,
                         Optional<FlowControl> flowControl, SubprotocolVersions proto, List<PowParams> powParams,
                         List<IntroPoint> introPoints) {
    /** Tor clients refuse descriptors with more (rend-spec-v3 §2.5.4 [NUM_INTRO_POINT], hs_descriptor.c). */
    public static final int MAX_INTRO_POINTS = 20;
    public static final int CREATE2_NTOR = 2;

    public InnerLayer {
        create2Formats = List.copyOf(create2Formats);
        Objects.requireNonNull(flowControl, "flowControl");
        Objects.requireNonNull(proto, "proto");
        introAuthRequired = List.copyOf(introAuthRequired);
        powParams = List.copyOf(powParams);
        introPoints = List.copyOf(introPoints);
        if (!create2Formats.contains(CREATE2_NTOR)) {
            throw new IllegalArgumentException("create2-formats must include 2 (ntor)");
        }
    }

    /** Just intro points, as onionbalance publishes: "create2-formats 2" and nothing optional. */
    public static InnerLayer of(List<IntroPoint> introPoints) {
        return new InnerLayer(List.of(CREATE2_NTOR), List.of(), false, Optional.empty(), SubprotocolVersions.NONE,
                List.of(), introPoints);
    }

    /** The text, ending with a newline like C tor's (arti works around onionbalance 0.2 omitting it). */
    public String toText() {
        NetdocWriter w = new NetdocWriter().item("create2-formats",
                create2Formats.stream().map(String::valueOf).toArray(String[]::new));
        if (!introAuthRequired.isEmpty()) {
            w.item("intro-auth-required", introAuthRequired.toArray(String[]::new));
        }
        if (singleOnionService) {
            w.item("single-onion-service");
        }
        flowControl.ifPresent(fc -> w.item("flow-control", fc.lineArguments()));
        if (!proto.isEmpty()) { // Arti writes the line only when it lists something
            w.item("proto", proto.lineArguments());
        }
        for (PowParams p : powParams) {
            w.item("pow-params", p.lineArguments());
        }
        for (IntroPoint ip : introPoints) {
            w.raw(ip.toText());
        }
        return w.toString();
    }

    public static InnerLayer parse(byte[] plaintext) throws DescriptorParseException {
        return parse(MiddleLayer.decodePlaintext(plaintext, Check.INNER_LAYER_FORMAT));
    }

    public static InnerLayer parse(String text) throws DescriptorParseException {
        Check layer = Check.INNER_LAYER_FORMAT;
        List<NetdocItem> items = NetdocReader.read(text, layer);
        int firstIntro = 0;
        while (firstIntro < items.size() && !items.get(firstIntro).keyword().equals("introduction-point")) {
            firstIntro++;
        }
        NetdocSection header = new NetdocSection(items.subList(0, firstIntro), layer, 1);
        if (items.isEmpty() || !items.get(0).keyword().equals("create2-formats")) {
            throw new DescriptorParseException(layer, items.isEmpty() ? 0 : items.get(0).lineNumber(),
                    items.isEmpty() ? null : items.get(0).keyword(), "the layer must start with \"create2-formats\"");
        }
        NetdocItem c2 = header.exactlyOnce("create2-formats");
        List<Integer> formats = new ArrayList<>();
        for (String f : c2.arguments()) {
            if (!f.matches("[0-9]{1,5}")) {
                throw header.error(c2, "create2 format \"" + NetdocReader.abbreviate(f) + "\" is not a number");
            }
            formats.add(Integer.parseInt(f));
        }
        if (!formats.contains(CREATE2_NTOR)) {
            throw header.error(c2, "create2-formats does not include 2 (ntor)");
        }
        List<String> authRequired = header.atMostOnce("intro-auth-required").map(NetdocItem::arguments).orElse(List.of());
        boolean single = header.atMostOnce("single-onion-service").isPresent();
        Optional<FlowControl> flow = Optional.empty();
        Optional<NetdocItem> fcItem = header.atMostOnce("flow-control");
        if (fcItem.isPresent()) {
            try {
                flow = Optional.of(FlowControl.parse(fcItem.get().arguments()));
            } catch (IllegalArgumentException e) {
                throw header.error(fcItem.get(), e.getMessage());
            }
        }
        SubprotocolVersions proto = SubprotocolVersions.NONE;
        Optional<NetdocItem> protoItem = header.atMostOnce("proto");
        if (protoItem.isPresent()) {
            try {
                proto = SubprotocolVersions.parse(protoItem.get().arguments());
            } catch (IllegalArgumentException e) {
                throw header.error(protoItem.get(), e.getMessage());
            }
        }
        List<PowParams> pow = new ArrayList<>();
        Map<String, Integer> powTypes = new HashMap<>();
        // Several pow-params lines are allowed, one per scheme: tor 0.4.9.3-alpha accepts several
        // schemes, and Arti parses each and refuses a scheme given twice (PowParamSet).
        for (NetdocItem p : header.all("pow-params")) {
            String type = header.arg(p, 0, "pow type");
            Integer first = powTypes.putIfAbsent(type, p.lineNumber());
            if (first != null) {
                throw header.error(p, "a second \"pow-params " + NetdocReader.abbreviate(type)
                        + "\" line (first on line " + first + "): one line per scheme");
            }
            pow.add(new PowParams(type, p.arguments().subList(1, p.arguments().size())));
        }

        List<IntroPoint> intros = new ArrayList<>();
        int start = firstIntro;
        while (start < items.size()) {
            int end = start + 1;
            while (end < items.size() && !items.get(end).keyword().equals("introduction-point")) {
                end++;
            }
            if (intros.size() == MAX_INTRO_POINTS) {
                throw new DescriptorParseException(layer, items.get(start).lineNumber(), "introduction-point",
                        "more than " + MAX_INTRO_POINTS + " intro points; tor clients reject such descriptors");
            }
            intros.add(IntroPointParser.parse(items.subList(start, end)));
            start = end;
        }
        return new InnerLayer(formats, authRequired, single, flow, proto, pow, intros);
    }
}
