package net.onionbalance.doc.hsdesc;

import java.util.List;
import java.util.Objects;

/**
 * A {@code pow-params} line of the second layer (proposal 327 §3.1, rend-spec-v3 §2.5.2.2),
 * e.g. {@code pow-params v1 <seed-b64> <suggested-effort> <expiration>}. Kept as type plus
 * arguments so a master descriptor can carry it without this class knowing every scheme.
 */
public record PowParams(String type, List<String> arguments) {
    public PowParams {
        Objects.requireNonNull(type, "type");
        arguments = List.copyOf(arguments);
    }

    String[] lineArguments() {
        String[] out = new String[arguments.size() + 1];
        out[0] = type;
        for (int i = 0; i < arguments.size(); i++) {
            out[i + 1] = arguments.get(i);
        }
        return out;
    }
}
