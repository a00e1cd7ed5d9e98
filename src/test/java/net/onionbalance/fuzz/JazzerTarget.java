package net.onionbalance.fuzz;

import java.util.Locale;

/**
 * The class scripts/fuzz gives Jazzer ({@code --target_class}); the target is named by the
 * system property {@code onionbalance.fuzz.target} (a {@link FuzzTargets} name, any case), so
 * one class serves every target and Jazzer's coverage guidance sees only our code.
 */
public final class JazzerTarget {
    private static FuzzTargets target;

    private JazzerTarget() {}

    /**
     * Called once by Jazzer before the first input. Runs the target once on an empty input, so
     * that its set-up (keys, a signed descriptor to mutate, class loading and instrumentation:
     * seconds on a busy machine) is not counted against the first input's time limit.
     */
    public static void fuzzerInitialize() {
        String name = System.getProperty("onionbalance.fuzz.target", "");
        target = FuzzTargets.valueOf(name.toUpperCase(Locale.ROOT));
        try {
            target.run(new byte[0]);
        } catch (Throwable ignored) {
            // Only the set-up matters here; libFuzzer runs the empty input itself and reports what it finds.
        }
    }

    /** Called by Jazzer for every input; a throw is a finding (the input is saved as crash-*). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        target.run(input);
    }
}
