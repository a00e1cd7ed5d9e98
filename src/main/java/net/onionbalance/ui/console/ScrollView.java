package net.onionbalance.ui.console;

import java.util.List;
import java.util.Optional;

/**
 * A list of lines longer than its area: which line comes first so that the focused one (the
 * cursor's) is in view, moving as little as possible, and a last row that says what is out of
 * view ("^ 12 more above, v 43 more below  (lines 13-28 of 83)"), so that no line is hidden
 * without a sign.
 */
final class ScrollView {
    private ScrollView() {}

    /**
     * Draws {@code lines} into {@code area} from {@code scroll} on, the line {@code cursor} selects
     * highlighted and kept in view.
     *
     * @return the first line shown, for the next frame
     */
    static int draw(List<Line> lines, Optional<RowKey> cursor, int scroll, Canvas area) {
        return draw(lines, cursor, true, scroll, area);
    }

    /** @param follow whether the cursor's line is kept in view (false: scrolled freely, only highlighted) */
    static int draw(List<Line> lines, Optional<RowKey> cursor, boolean follow, int scroll, Canvas area) {
        int rows = area.height();
        if (rows <= 0) {
            return 0;
        }
        boolean fits = lines.size() <= rows;
        int view = fits ? rows : rows - 1;
        int s = follow ? first(lines, indexOf(lines, cursor), blockEnd(lines, lastIndexOf(lines, cursor)), scroll, view)
                : first(lines, -1, -1, scroll, view);
        for (int r = 0; r < view; r++) {
            int i = s + r;
            Line line = i < lines.size() ? lines.get(i) : Line.EMPTY;
            area.draw(r, line, line.key().isPresent() && line.key().equals(cursor));
        }
        if (!fits) {
            area.draw(rows - 1, marker(s, view, lines.size()), false);
        }
        return s;
    }

    /**
     * The first line shown: {@code scroll} within bounds, moved as little as needed to show lines
     * {@code focus} to {@code focusEnd} (an instance and the reason below it; -1: none), the
     * first of them when they do not all fit.
     */
    static int first(List<Line> lines, int focus, int focusEnd, int scroll, int view) {
        int max = Math.max(0, lines.size() - view);
        int s = Math.max(0, Math.min(scroll, max));
        if (focus >= 0 && view > 0) {
            if (focusEnd >= s + view) {
                s = focusEnd - view + 1;
            }
            if (focus < s) {
                s = focus;
            }
        }
        return s;
    }

    /** "  ^ 12 above  v 43 below  (lines 13-28 of 80)". */
    static Line marker(int first, int view, int total) {
        int above = first;
        int below = Math.max(0, total - first - view);
        StringBuilder sb = new StringBuilder("  ");
        if (above > 0) {
            sb.append("^ ").append(above).append(" more above");
        }
        if (below > 0) {
            sb.append(above > 0 ? ", " : "").append("v ").append(below).append(" more below");
        }
        sb.append("  (lines ").append(first + 1).append('-').append(Math.min(total, first + view)).append(" of ")
                .append(total).append(')');
        return Line.of(sb.toString(), Style.BOLD);
    }

    /**
     * The last line that belongs to the cursor's row: the lines below it that select nothing, up to
     * the next row (a service's descriptors and summary under its name), so that moving onto a
     * row shows what it is about.
     */
    static int blockEnd(List<Line> lines, int last) {
        if (last < 0) {
            return last;
        }
        int end = last;
        while (end + 1 < lines.size() && lines.get(end + 1).key().isEmpty()) {
            end++;
        }
        return end;
    }

    static int lastIndexOf(List<Line> lines, Optional<RowKey> cursor) {
        if (cursor.isEmpty()) {
            return -1;
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).key().equals(cursor)) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(List<Line> lines, Optional<RowKey> cursor) {
        if (cursor.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).key().equals(cursor)) {
                return i;
            }
        }
        return -1;
    }
}
