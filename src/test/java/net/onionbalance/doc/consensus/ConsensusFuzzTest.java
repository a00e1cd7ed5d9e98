package net.onionbalance.doc.consensus;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.onionbalance.testsupport.Fuzz;
import net.onionbalance.testsupport.Mutator;

/** Fuzzing of the microdescriptor consensus and microdescriptor parsers: only {@link NetDocException} escapes. */
public class ConsensusFuzzTest {
    private static final String[] WORDS = {"network-status-version 3 microdesc", "vote-status consensus", "consensus-method 32",
            "valid-after", "fresh-until", "valid-until", "voting-delay", "known-flags", "params", "shared-rand-previous-value",
            "shared-rand-current-value", "dir-source", "r ", "m ", "s HSDir Fast Running Stable V2Dir Valid", "v Tor 0.4.8.10",
            "pr HSDir=1-2 Link=1-5", "w Bandwidth=", "directory-footer", "directory-signature", "onion-key", "ntor-onion-key",
            "id ed25519", "family", "p accept 1-65535", "hsdir-interval=", "hsdir_n_replicas="};

    @Provide
    Arbitrary<byte[]> consensusSeeds() {
        return Arbitraries.of(Mutator.corpus("consensus"));
    }

    @Provide
    Arbitrary<byte[]> microdescSeeds() {
        return Arbitraries.of(Mutator.corpus("microdescs"));
    }

    @Property
    void microdescConsensus(@ForAll("consensusSeeds") byte[] seed, @ForAll long mutation) {
        consensus(Mutator.mutate(seed, mutation, WORDS));
    }

    /** The target (also scripts/fuzz's): a microdesc consensus. */
    public static void consensus(byte[] doc) {
        Fuzz.onlyTypedErrors(() -> MicrodescConsensus.parse(doc), NetDocException.class);
    }

    /** The target (also scripts/fuzz's): a microdescriptors file. */
    public static void microdescs(byte[] doc) {
        Fuzz.onlyTypedErrors(() -> Microdescriptors.parse(doc), NetDocException.class);
    }

    @Property
    void microdescriptors(@ForAll("microdescSeeds") byte[] seed, @ForAll long mutation) {
        microdescs(Mutator.mutate(seed, mutation, WORDS));
    }
}
