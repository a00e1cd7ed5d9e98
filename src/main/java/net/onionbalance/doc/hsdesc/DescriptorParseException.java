package net.onionbalance.doc.hsdesc;

import java.util.Optional;

/**
 * A layer of a descriptor is not well-formed. Carries the layer (as its format {@link Check}),
 * the 1-based line number within that layer's text (0 when the problem is not tied to a line)
 * and the keyword of the offending item when there is one.
 */
public final class DescriptorParseException extends DescriptorException {
    private final int lineNumber;
    private final String keyword;

    public DescriptorParseException(Check layer, int lineNumber, String keyword, String problem) {
        super(layer, describe(layer, lineNumber, keyword, problem));
        this.lineNumber = lineNumber;
        this.keyword = keyword;
    }

    private static String describe(Check layer, int lineNumber, String keyword, String problem) {
        StringBuilder sb = new StringBuilder(layerName(layer));
        if (lineNumber > 0) {
            sb.append(", line ").append(lineNumber);
        }
        if (keyword != null) {
            sb.append(" (").append(keyword).append(')');
        }
        return sb.append(": ").append(problem).toString();
    }

    static String layerName(Check layer) {
        return switch (layer) {
            case OUTER_LAYER_FORMAT -> "outer layer";
            case MIDDLE_LAYER_FORMAT -> "first (superencrypted) layer";
            case INNER_LAYER_FORMAT -> "second (encrypted) layer";
            default -> layer.name();
        };
    }

    /** 1-based line within the layer's own text; 0 when not tied to a line. */
    public int lineNumber() {
        return lineNumber;
    }

    public Optional<String> keyword() {
        return Optional.ofNullable(keyword);
    }
}
