package net.onionbalance.ui.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.engine.snapshot.EngineSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * Dispatches key strokes: the keys of every page first (Ctrl-C), then an open overlay's keys,
 * then the page's key table ({@link ConsolePage#keys()}), or the page itself when it has none
 * (the wizard). Actions only change {@link UiState} and queue engine commands
 * ({@link net.onionbalance.engine.BalancerControl#submit}): no key ever waits for tor.
 */
final class KeyController {
    /** What the console loop does after a key. */
    enum Outcome {
        CONTINUE,
        /** {@code q} confirmed. */
        QUIT,
        /** Ctrl-C. */
        INTERRUPTED,
        /** The terminal's input ended (the SSH session went away). */
        TERMINAL_LOST
    }


    private final UiState ui;
    private Outcome pending = Outcome.CONTINUE;

    KeyController(UiState ui) {
        this.ui = ui;
        ui.everyPage = List.of(KeyBinding.of("Ctrl-C", "", "quit at once",
                (k, s) -> pending = Outcome.INTERRUPTED, KeyBinding.Press.ctrl('c')));
    }

    /** {@code q} confirmed. */
    void quit() {
        pending = Outcome.QUIT;
    }

    Outcome handle(KeyStroke key, EngineSnapshot snapshot) {
        if (key.getKeyType() == KeyType.EOF) {
            return Outcome.TERMINAL_LOST;
        }
        if (KeyBinding.dispatch(ui.everyPage, key, snapshot)) {
            return take();
        }
        ui.cursor = Rows.resolve(snapshot, ui.filter, ui.cursor);
        if (ui.overlay.isPresent()) {
            onOverlay(ui.overlay.get(), key);
        } else if (!ui.page.keys().isEmpty()) {
            KeyBinding.dispatch(ui.page.keys(), key, snapshot);
        } else if (!ui.page.onKey(key)) {
            ui.page = ui.main;
        }
        return take();
    }

    private Outcome take() {
        Outcome o = pending;
        pending = Outcome.CONTINUE;
        return o;
    }

    private void onOverlay(Overlay overlay, KeyStroke key) {
        if (overlay instanceof Overlay.Help || overlay instanceof Overlay.Notice) {
            ui.overlay = Optional.empty();
        } else if (overlay instanceof Overlay.Confirm c) {
            if (isChar(key, 'y') || isChar(key, 'Y')) {
                ui.overlay = Optional.empty();
                c.onYes().run();
            } else if (isChar(key, 'n') || isChar(key, 'N') || key.getKeyType() == KeyType.Escape) {
                ui.overlay = Optional.empty();
                ui.say("cancelled");
            }
        } else if (overlay instanceof Overlay.Choice c) {
            if (key.getKeyType() == KeyType.Escape) {
                ui.overlay = Optional.empty();
                ui.say("cancelled");
            } else if (key.getKeyType() == KeyType.Character) {
                c.option(key.getCharacter()).ifPresent(o -> {
                    ui.overlay = Optional.empty();
                    o.action().run();
                });
            }
        } else if (overlay instanceof Overlay.Prompt p) {
            switch (key.getKeyType()) {
                case Escape -> {
                    ui.overlay = Optional.empty();
                    ui.say("cancelled");
                }
                case Backspace -> p.backspace();
                case Enter -> {
                    Overlay.PromptResult r = p.onEnter.apply(p.text.toString().strip());
                    if (r instanceof Overlay.PromptResult.Done d) {
                        ui.overlay = Optional.empty();
                        ui.say(d.message(), Style.OK);
                    } else if (r instanceof Overlay.PromptResult.Refused f) {
                        p.error = Optional.of(f.error());
                    } else if (r instanceof Overlay.PromptResult.Next n) {
                        ui.overlay = Optional.of(n.prompt());
                    } else if (r instanceof Overlay.PromptResult.Then t) {
                        ui.overlay = Optional.of(t.next());
                    }
                }
                case Character -> p.type(key.getCharacter());
                default -> { }
            }
        }
    }

    private static boolean isChar(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && key.getCharacter() == c;
    }
}
