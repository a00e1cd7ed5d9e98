package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import net.onionbalance.engine.snapshot.EngineSnapshot;

import java.util.List;

/**
 * A full page of the console: the main page, a service in detail, or a page another part of
 * the program shows inside the console (the setup wizard, {@code w}). The console keeps the
 * terminal, the top bar and the footer; the page draws the area between them. A page either
 * has a key table ({@link #keys()}: the console dispatches through it and draws the footer and
 * the help from it), or takes every key except Ctrl-C itself ({@link #onKey}). All calls come
 * on the console thread and must not block: long work (key generation, writing files) belongs
 * on another thread, the page showing its progress on the next frames (at least one a second).
 */
public interface ConsolePage {
    /** Shown in the top bar after "onionbalance >", e.g. "setup wizard"; empty for the main page. */
    String title();

    /**
     * Draws the page. {@code g} is limited to the page's area, whose size is {@code size}
     * (at least 78 columns by 18 rows on an 80x24 terminal).
     */
    void render(TextGraphics g, TerminalSize size, EngineSnapshot snapshot);

    /** The page's key table; empty for a page that takes its keys through {@link #onKey}. */
    default List<KeyBinding> keys() {
        return List.of();
    }

    /**
     * For a page without a key table: one key.
     *
     * @return false when the page is finished: the console goes back to the main page
     */
    default boolean onKey(KeyStroke key) {
        return true;
    }

    /** The page's keys for the footer, e.g. "Enter next  Esc cancel". */
    default String footerKeys() {
        return KeyBinding.footerText(keys());
    }
}
