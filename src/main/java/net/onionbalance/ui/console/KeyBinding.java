package net.onionbalance.ui.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.engine.snapshot.EngineSnapshot;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One row of a page's key table, as in nyx: the keys that trigger it, its name and footer word,
 * its help sentence and its action. A page's table is the only thing that decides what a key
 * does on it, what its footer shows and what its help lists, so the three cannot disagree.
 *
 * @param presses   the key strokes that run it (e.g. '?' and 'h')
 * @param name      how the footer and the help write the key ("r", "Up/Down")
 * @param word      the footer's word; empty for a row only the help lists
 * @param help      the help's sentence
 * @param available false while the action cannot run (no hook for it): footer and help mark it
 * @param action    runs on the console thread with the snapshot the key was read against
 */
public record KeyBinding(List<Press> presses, String name, String word, String help, BooleanSupplier available,
                         Action action) {
    /** What a binding does. */
    @FunctionalInterface
    public interface Action {
        void run(KeyStroke key, EngineSnapshot snapshot);
    }

    /** One key stroke: a key type, and for {@link KeyType#Character} the character; {@code ctrl}: Ctrl must be held. */
    public record Press(KeyType type, char character, boolean ctrl) {
        public static Press of(char c) {
            return new Press(KeyType.Character, c, false);
        }

        public static Press ctrl(char c) {
            return new Press(KeyType.Character, c, true);
        }

        public static Press of(KeyType type) {
            return new Press(type, '\0', false);
        }

        boolean matches(KeyStroke key) {
            if (key.getKeyType() != type) {
                return false;
            }
            // Without ctrl a character matches with or without Ctrl held, as before the tables; Ctrl-C
            // is taken by the every-page table first.
            return type != KeyType.Character || (key.getCharacter() == character && (!ctrl || key.isCtrlDown()));
        }
    }

    public KeyBinding {
        presses = List.copyOf(presses);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(action, "action");
    }

    /** A binding for the footer and the help, always available. */
    static KeyBinding of(String name, String word, String help, Action action, Press... presses) {
        return new KeyBinding(List.of(presses), name, word, help, () -> true, action);
    }

    /** The same binding, available only while {@code available} says so. */
    KeyBinding when(BooleanSupplier isAvailable) {
        return new KeyBinding(presses, name, word, help, isAvailable, action);
    }

    boolean inFooter() {
        return !word.isEmpty();
    }

    boolean matches(KeyStroke key) {
        return presses.stream().anyMatch(p -> p.matches(key));
    }

    /** Runs the first binding of {@code table} that {@code key} triggers. @return whether one did */
    static boolean dispatch(List<KeyBinding> table, KeyStroke key, EngineSnapshot snapshot) {
        for (KeyBinding b : table) {
            if (b.matches(key)) {
                b.action().run(key, snapshot);
                return true;
            }
        }
        return false;
    }

    /** The footer of {@code table} as plain text ("r republish   q quit"). */
    static String footerText(List<KeyBinding> table) {
        return table.stream().filter(KeyBinding::inFooter).map(b -> b.name() + " " + b.word())
                .collect(Collectors.joining("   "));
    }
}
