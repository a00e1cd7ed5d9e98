package net.onionbalance.ui.console;

import java.util.ArrayList;
import java.util.List;

/** The key list: the footer shows the short form, the help overlay the long one. */
final class Keys {
    /** One key: its name, a word for the footer, a sentence for the help. */
    record Key(String name, String word, String help) {}

    static final List<Key> MAIN = List.of(
            new Key("r", "republish", "republish the selected service's descriptors now"),
            new Key("R", "all", "republish every service now"),
            new Key("a", "add", "add an instance: paste its address, or generate a new one"),
            new Key("d", "remove", "remove the selected instance (asks first)"),
            new Key("t", "rotate", "rotate the torrc bundle: the instance, or all of a service"),
            new Key("w", "wizard", "setup wizard: write a new deployment in another folder"),
            new Key("l", "log", "log pane level: debug, info, warning, error"),
            new Key("?", "help", "this help (also h)"),
            new Key("q", "quit", "quit: the balancer stops (asks first)"));

    static final List<Key> DETAIL = List.of(
            new Key("Esc", "back", "back to the main page"),
            new Key("Up/Dn", "scroll", "scroll (PgUp/PgDn a page)"),
            new Key("r", "republish", "republish this service's descriptors now"),
            new Key("R", "all", "republish every service now"),
            new Key("a", "add", "add an instance to this service"),
            new Key("?", "help", "this help (also h)"),
            new Key("q", "quit", "quit: the balancer stops (asks first)"));

    /** Keys the help explains but the footer has no room for. */
    static final List<Key> MORE = List.of(
            new Key("Up/Down", "", "move between services and instances"),
            new Key("Enter", "", "open the service under the cursor: HSDir uploads, intro points"),
            new Key("Esc", "", "back, close, cancel"),
            new Key("f", "", "fetch every instance's descriptor now"),
            new Key("PgUp/PgDn", "", "scroll the log (End: back to the newest lines)"),
            new Key("Ctrl-C", "", "quit at once"),
            new Key("*", "", "marks a key whose action is not available yet"));

    private Keys() {}

    static List<Key> help(UiState.Page page) {
        List<Key> all = new ArrayList<>(page == UiState.Page.DETAIL ? DETAIL : MAIN);
        for (Key k : MORE) {
            boolean mainOnly = k.name().startsWith("PgUp") || k.name().equals("Up/Down") || k.name().equals("Enter");
            if (page != UiState.Page.DETAIL || !mainOnly) {
                all.add(k);
            }
        }
        return all;
    }
}
