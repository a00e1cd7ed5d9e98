package net.onionbalance.ui.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static net.onionbalance.ui.console.VirtualConsole.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each page's key table is the only thing that decides its keys: the footer shows exactly the
 * table's footer rows, the help lists exactly the table's rows (and the every-page keys, then
 * its notes), and a key that no row binds changes nothing at all.
 */
class KeyTableTest {
    private static final KeyStroke DOWN = key(KeyType.ArrowDown);
    private static final KeyStroke ENTER = key(KeyType.Enter);

    private enum Where { MAIN, DETAIL }

    @Test
    void mainPage() throws Exception {
        check(Where.MAIN);
    }

    @Test
    void detailPage() throws Exception {
        check(Where.DETAIL);
    }

    private static VirtualConsole open(Where where) throws IOException {
        VirtualConsole c = new VirtualConsole(100, 30);
        if (where == Where.DETAIL) {
            c.press(DOWN, ENTER);
            assertSame(c.session.ui().detail, c.session.ui().page, "on the detail page");
        }
        c.session.step();
        return c;
    }

    private static void check(Where where) throws Exception {
        List<KeyBinding> table;
        List<KeyBinding> everyPage;
        try (VirtualConsole c = open(where)) {
            UiState ui = c.session.ui();
            table = ui.page.keys();
            everyPage = ui.everyPage;
            assertFalse(table.isEmpty(), "a built-in page has a key table");

            StringBuilder footer = new StringBuilder();
            for (KeyBinding k : table) {
                if (k.inFooter()) {
                    footer.append(' ').append(k.name()).append(' ').append(k.word())
                            .append(k.available().getAsBoolean() ? "" : "*");
                }
            }
            List<String> rows = c.rows();
            assertEquals(footer.toString(), rows.get(rows.size() - 1).stripTrailing(), "the footer is the table's footer rows");

            c.press('?');
            List<String> expected = new ArrayList<>();
            table.forEach(k -> expected.add(k.name()));
            everyPage.forEach(k -> expected.add(k.name()));
            Keys.NOTES.forEach(n -> expected.add(n.name()));
            assertEquals(expected, helpNames(c.rows()), "the help lists the table's keys, the every-page keys, its notes");
        }

        for (KeyStroke probe : probes()) {
            boolean bound = table.stream().anyMatch(k -> k.matches(probe)) || everyPage.stream().anyMatch(k -> k.matches(probe));
            if (bound) {
                continue;
            }
            try (VirtualConsole c = open(where)) {
                UiState ui = c.session.ui();
                ConsolePage page = ui.page;
                String before = c.text();
                assertTrue(c.press(probe), probe + " does not end the console");
                assertEquals(before, c.text(), where + ": " + probe + " is in no key table, so it changes nothing on screen");
                assertTrue(c.control.submitted.isEmpty(), where + ": " + probe + " sends nothing to the engine");
                assertSame(page, ui.page, where + ": " + probe + " stays on the page");
                assertTrue(ui.overlay.isEmpty(), where + ": " + probe + " opens nothing");
            }
        }
    }

    /** The names in the help box's key column. */
    private static List<String> helpNames(List<String> rows) {
        List<String> names = new ArrayList<>();
        boolean inBox = false;
        for (String r : rows) {
            int top = r.indexOf("+- keys ");
            if (top >= 0) {
                inBox = true;
                continue;
            }
            if (!inBox) {
                continue;
            }
            int bar = r.indexOf("| ");
            if (bar < 0) {
                break;
            }
            names.add(r.substring(bar + 2, bar + 12).strip());
        }
        return names;
    }

    /** Every printable character and the special keys a terminal sends. */
    private static List<KeyStroke> probes() {
        List<KeyStroke> keys = new ArrayList<>();
        for (char ch = 0x20; ch < 0x7f; ch++) {
            keys.add(key(ch));
        }
        for (KeyType t : List.of(KeyType.ArrowUp, KeyType.ArrowDown, KeyType.ArrowLeft, KeyType.ArrowRight,
                KeyType.Enter, KeyType.Escape, KeyType.Backspace, KeyType.Tab, KeyType.ReverseTab,
                KeyType.PageUp, KeyType.PageDown, KeyType.Home, KeyType.End, KeyType.Insert, KeyType.Delete,
                KeyType.F1, KeyType.F2, KeyType.F5, KeyType.F10, KeyType.F12)) {
            keys.add(key(t));
        }
        return keys;
    }
}
