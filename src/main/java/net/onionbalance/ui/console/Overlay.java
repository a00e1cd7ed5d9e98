package net.onionbalance.ui.console;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A box over the page that takes the keys until it closes: help, a notice, a yes/no question, a choice, a prompt. */
sealed interface Overlay {
    /** The key help; any key closes it. */
    record Help() implements Overlay {}

    /** A yes/no question; {@code y} runs the action, {@code n} or Esc cancels. */
    record Confirm(String title, List<String> lines, Runnable onYes) implements Overlay {
        public Confirm {
            lines = List.copyOf(lines);
        }
    }

    /** Something the operator must read (where a key file was written); any key closes it. */
    record Notice(String title, List<String> lines) implements Overlay {
        public Notice {
            lines = List.copyOf(lines);
        }
    }

    /** Pick one of a few actions by its key; Esc cancels, other keys are ignored. */
    record Choice(String title, List<String> lines, List<Option> options) implements Overlay {
        public Choice {
            lines = List.copyOf(lines);
            options = List.copyOf(options);
        }

        Optional<Option> option(char key) {
            return options.stream().filter(o -> o.key() == key).findFirst();
        }
    }

    /** One choice: the key that takes it, what it does, and the action. */
    record Option(char key, String label, Runnable action) {}

    /**
     * A one-line text prompt. Enter hands the text to {@code onEnter}, which either finishes
     * (a message for the status line), refuses it with an error shown under the field, or asks
     * a next question.
     */
    final class Prompt implements Overlay {
        final String title;
        final String label;
        final Function<String, PromptResult> onEnter;
        final StringBuilder text = new StringBuilder();
        Optional<String> error = Optional.empty();

        Prompt(String title, String label, Function<String, PromptResult> onEnter) {
            this.title = title;
            this.label = label;
            this.onEnter = onEnter;
        }

        /** Pastes arrive as many key strokes; a whole address must fit with room to spare. */
        static final int MAX_LENGTH = 200;

        void type(char c) {
            if (text.length() < MAX_LENGTH && c >= 0x20 && c != 0x7f) {
                text.append(c);
                error = Optional.empty();
            }
        }

        void backspace() {
            if (text.length() > 0) {
                text.setLength(text.length() - 1);
            }
            error = Optional.empty();
        }
    }

    /** What a prompt's Enter leads to. */
    sealed interface PromptResult {
        record Done(String message) implements PromptResult {}

        record Refused(String error) implements PromptResult {}

        record Next(Prompt prompt) implements PromptResult {}

        /** The answer is taken; another box follows (e.g. a yes/no question about it). */
        record Then(Overlay next) implements PromptResult {}
    }
}
