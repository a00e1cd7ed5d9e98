package net.onionbalance.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.onionbalance.testsupport.Fuzz;
import net.onionbalance.testsupport.Mutator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Fuzzing of the config.yaml loader: only {@link ConfigException} escapes, anchors and merges included. */
public class ConfigFuzzTest {
    private static final String[] WORDS = {"services:", "- key: m.key", "  instances:", "  - address: ", "    name: ",
            "status-socket-location: ", "tor-control:", "  password-file: ", "  port: ", "  socket: ", "timings:",
            "intro-points-per-instance: ", "&a", "*a", "<<: *a", "<<: [*a, *a]", "!!python/object:os.system", "? ", "---",
            "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd", "{", "[", "'", "\"", "\t", "~", "null"};
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of(), key -> null);

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(Mutator.corpus("config"));
    }

    @Property
    void configLoader(@ForAll("seeds") byte[] seed, @ForAll long mutation) {
        load(Mutator.mutate(seed, mutation, WORDS));
    }

    /** The target (also scripts/fuzz's): config.yaml's text through the loader. */
    public static void load(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Fuzz.onlyTypedErrors(() -> LOADER.parse(Path.of("/etc/onionbalance/config.yaml"), text), ConfigException.class);
    }
}
