package net.onionbalance.ui.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;

import java.util.EnumSet;

/**
 * Draws {@link Line}s into a rectangle of a {@link TextGraphics}, never past its edges: every
 * line is clipped to the width and every row outside the height is dropped, so no page can
 * overflow into another or off the screen whatever the data.
 */
final class Canvas {
    private final TextGraphics g;
    private final int left;
    private final int top;
    private final int width;
    private final int height;

    Canvas(TextGraphics g, TerminalPosition origin, TerminalSize size) {
        this.g = g;
        this.left = origin.getColumn();
        this.top = origin.getRow();
        this.width = size.getColumns();
        this.height = size.getRows();
    }

    Canvas(TextGraphics g, TerminalSize size) {
        this(g, TerminalPosition.TOP_LEFT_CORNER, size);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** A sub-rectangle, clipped to this one. */
    Canvas region(int row, int col, int rows, int cols) {
        int r = Math.max(0, Math.min(row, height));
        int c = Math.max(0, Math.min(col, width));
        return new Canvas(g, new TerminalPosition(left + c, top + r),
                new TerminalSize(Math.max(0, Math.min(cols, width - c)), Math.max(0, Math.min(rows, height - r))));
    }

    /** Fills the whole rectangle with blanks in the given style. */
    void clear(Style style) {
        for (int r = 0; r < height; r++) {
            fillRow(r, style);
        }
    }

    /** Draws a line on row {@code row}, the rest of the row blank; reversed when selected. */
    void draw(int row, Line line, boolean selected) {
        draw(row, line, selected, Style.NORMAL);
    }

    void draw(int row, Line line, boolean selected, Style fill) {
        if (row < 0 || row >= height || width == 0) {
            return;
        }
        fillRow(row, fill, selected);
        boolean cut = isCut(line, width);
        int col = 0;
        for (Span s : line.spans()) {
            if (col >= width) {
                break;
            }
            String t = s.text();
            if (t.length() > width - col) {
                t = t.substring(0, width - col);
            }
            if (cut && col + t.length() == width) {
                // Nothing is cut without a sign: the last column says the line goes on.
                t = t.substring(0, t.length() - 1) + Text.CUT;
            }
            Style st = s.style() == Style.NORMAL && fill != Style.NORMAL ? fill : s.style();
            apply(st, selected);
            g.putString(left + col, top + row, t);
            col += t.length();
        }
    }

    /** Whether {@code line} has text (not just padding) past {@code width} columns. */
    static boolean isCut(Line line, int width) {
        int col = 0;
        for (Span s : line.spans()) {
            String t = s.text();
            for (int i = Math.max(0, width - col); i < t.length(); i++) {
                if (t.charAt(i) != ' ') {
                    return true;
                }
            }
            col += t.length();
        }
        return false;
    }

    private void fillRow(int row, Style style) {
        fillRow(row, style, false);
    }

    private void fillRow(int row, Style style, boolean selected) {
        apply(style, selected);
        g.putString(left, top + row, " ".repeat(width));
    }

    private void apply(Style style, boolean selected) {
        g.setForegroundColor(style.foreground);
        g.setBackgroundColor(style.background);
        EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
        sgr.addAll(style.sgr);
        if (selected) {
            sgr.add(SGR.REVERSE);
        }
        g.setModifiers(sgr);
    }
}
