package net.onionbalance.ui.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Set;

/**
 * The few looks the console uses. Colours are the eight ANSI ones so that the screen reads the
 * same in tmux, screen and a bare SSH terminal; meaning never rests on colour alone (every state
 * is also a word).
 */
enum Style {
    NORMAL(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT),
    /** Column headings and secondary text: plain, so it stays readable on light and dark themes. */
    DIM(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT),
    BOLD(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.BOLD),
    /** The top bar and the log pane's title. */
    BAR(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN),
    OK(TextColor.ANSI.GREEN, TextColor.ANSI.DEFAULT),
    WARN(TextColor.ANSI.YELLOW, TextColor.ANSI.DEFAULT),
    BAD(TextColor.ANSI.RED, TextColor.ANSI.DEFAULT, SGR.BOLD),
    /** A key name in the footer and the help. */
    KEY(TextColor.ANSI.CYAN, TextColor.ANSI.DEFAULT, SGR.BOLD),
    /** A key whose action is not available yet. */
    KEY_OFF(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT),
    /** Inside an overlay box: plain, the border sets it apart. */
    BOX(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.BOLD);

    final TextColor foreground;
    final TextColor background;
    final Set<SGR> sgr;

    Style(TextColor foreground, TextColor background, SGR... sgr) {
        this.foreground = foreground;
        this.background = background;
        this.sgr = sgr.length == 0 ? EnumSet.noneOf(SGR.class) : EnumSet.of(sgr[0], sgr);
    }
}
