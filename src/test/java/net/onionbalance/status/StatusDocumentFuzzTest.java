package net.onionbalance.status;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.onionbalance.testsupport.Fuzz;
import net.onionbalance.testsupport.Mutator;

import java.nio.charset.StandardCharsets;

/** Fuzzing of the status-socket JSON reader: only its FormatException, and printable text only. */
public class StatusDocumentFuzzTest {
    private static final String[] WORDS = {"{\"services\": ", "\"instances\": ", "\"onionAddress\": ", "null", "[]", "{}",
            "\"introPointsNum\": ", "\"\\u001b[2J\"", "&a", "*a", "!!binary", "[[[[[[[[[[[[", "1e999"};

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(Mutator.corpus("status"));
    }

    @Property
    void statusJson(@ForAll("seeds") byte[] seed, @ForAll long mutation) {
        parse(Mutator.mutate(seed, mutation, WORDS));
    }

    /** The target (also scripts/fuzz's): the status socket's JSON as `onionbalance status` reads it. */
    public static void parse(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        Fuzz.onlyTypedErrors(() -> {
            StatusDocument d = StatusDocument.parse(json);
            for (StatusDocument.Service s : d.services()) {
                String shown = StatusDocument.printable(s.onionAddress());
                if (shown.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0))) {
                    throw new AssertionError("control character survives printable()");
                }
            }
        }, StatusDocument.FormatException.class);
    }
}
