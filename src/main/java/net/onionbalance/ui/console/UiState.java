package net.onionbalance.ui.console;

import java.util.List;
import java.util.Optional;

/**
 * Everything the console remembers between frames: which page, where the cursor is, scroll
 * positions, the log filter, an open overlay and the status line. Only the console thread
 * touches it.
 */
final class UiState {
    /** The page an operator keeps open; set once when the session is built. */
    ConsolePage main;
    /** The service under the cursor, in detail. */
    ConsolePage detail;
    /** The page shown: {@link #main}, {@link #detail} or one a hook gave (the wizard). */
    ConsolePage page;
    /** The keys that work on every page and in every box (Ctrl-C); the help lists them too. */
    List<KeyBinding> everyPage = List.of();
    Optional<RowKey> cursor = Optional.empty();
    /** First line of the service list shown on the main page. */
    int bodyScroll;
    /** First line shown on the detail page. */
    int detailScroll;
    /** How many lines the log pane is scrolled up from the newest; 0 follows new lines. */
    int logScroll;
    LogFilter logFilter = LogFilter.INFO;
    /** Which instances the pages list ({@code s}, {@code g}). */
    InstanceFilter filter = InstanceFilter.ALL;
    /** Rows of the detail page's area at the last frame: PgUp/PgDn move by that much. */
    int detailRows = 10;
    /** Set when the detail page opens: its first frame scrolls to the cursor's instance. */
    boolean detailToCursor;
    /** The detail page's section headings (line numbers) at the last frame, for Tab. */
    List<Integer> detailSections = List.of();
    Optional<Overlay> overlay = Optional.empty();
    String status = "";
    Style statusStyle = Style.NORMAL;

    void say(String message) {
        say(message, Style.NORMAL);
    }

    void say(String message, Style style) {
        this.status = message;
        this.statusStyle = style;
    }
}
