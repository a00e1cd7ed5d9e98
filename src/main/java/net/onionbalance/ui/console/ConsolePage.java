package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import net.onionbalance.engine.snapshot.EngineSnapshot;

/**
 * A full page another part of the program shows inside the console (the setup wizard, {@code w}).
 * The console keeps the terminal, the top bar and the footer; the page draws the area between
 * them and takes every key except Ctrl-C. All calls come on the console thread and must not
 * block: long work (key generation, writing files) belongs on another thread, the page showing
 * its progress on the next frames (at least one a second).
 */
public interface ConsolePage {
    /** Shown in the top bar, e.g. "setup wizard". */
    String title();

    /**
     * Draws the page. {@code g} is limited to the page's area, whose size is {@code size}
     * (at least 78 columns by 18 rows on an 80x24 terminal).
     */
    void render(TextGraphics g, TerminalSize size, EngineSnapshot snapshot);

    /** @return false when the page is finished: the console goes back to the main page */
    boolean onKey(KeyStroke key);

    /** The page's keys for the footer, e.g. "Enter next  Esc cancel". */
    String footerKeys();
}
