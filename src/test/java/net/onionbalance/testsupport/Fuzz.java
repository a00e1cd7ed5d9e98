package net.onionbalance.testsupport;

import java.util.Arrays;

/** The fuzz tests' one assertion: nothing escapes a parser but its own typed errors, each with a message. */
public final class Fuzz {
    private Fuzz() {}

    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    @SafeVarargs
    public static void onlyTypedErrors(Body body, Class<? extends Throwable>... allowed) {
        try {
            body.run();
        } catch (Throwable t) {
            if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(t))) {
                throw new AssertionError("escaped: " + t, t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new AssertionError("typed error without a message: " + t, t);
            }
        }
    }
}
