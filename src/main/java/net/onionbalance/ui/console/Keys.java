package net.onionbalance.ui.console;

import java.util.ArrayList;
import java.util.List;

/** The help overlay's rows, from the page's key table and the keys of every page, then its notes. */
final class Keys {
    /** A help row that is not a key of the page: a note on boxes, the footer's marker. */
    record Note(String name, String help) {}

    static final List<Note> NOTES = List.of(
            new Note("Esc", "closes a box, cancels a question"),
            new Note("*", "marks a key whose action is not available yet"));

    private Keys() {}

    static List<Note> help(UiState ui) {
        List<Note> rows = new ArrayList<>();
        for (KeyBinding k : ui.page.keys()) {
            rows.add(new Note(k.name(), k.help()));
        }
        for (KeyBinding k : ui.everyPage) {
            rows.add(new Note(k.name(), k.help()));
        }
        rows.addAll(NOTES);
        return rows;
    }
}
