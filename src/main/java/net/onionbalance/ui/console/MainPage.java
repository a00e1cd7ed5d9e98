package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.ui.console.KeyBinding.Press;
import java.util.Locale;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.health.HealthStatus;
import net.onionbalance.health.Sparkline;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.logging.LogLine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The page an operator keeps open: every service with its two descriptors and its instances,
 * and the log below. Pure: what it draws depends only on its arguments.
 */
final class MainPage implements ConsolePage {
    /** Instance addresses are shown whole from this width on, else by their first characters. */
    static final int WIDE = 120;
    private static final int NAME = 10;
    private static final int SHORT_ADDRESS = 19;
    private static final int AGE = 8;
    private static final int IPS = 3;
    private static final int FETCHED = 10;
    /** "3/5": the distinct descriptors of each slot that carry the instance. */
    private static final int DESC = 5;
    private static final int LOG_MIN_ROWS = 4;

    private final UiState ui;
    private final Supplier<List<LogLine>> log;
    private final Clock clock;
    private final List<KeyBinding> keys;

    /** @param log the recent log lines for the log pane */
    MainPage(UiState ui, PageActions a, Supplier<List<LogLine>> log, Clock clock) {
        this.ui = ui;
        this.log = log;
        this.clock = clock;
        this.keys = List.of(
                KeyBinding.of("r", "republish", "republish the selected service's descriptors now",
                        (k, s) -> a.republish(s), Press.of('r')),
                KeyBinding.of("R", "all", "republish every service now", (k, s) -> a.republishAll(), Press.of('R')),
                KeyBinding.of("a", "add", "add an instance: paste its address, or generate a new one",
                        (k, s) -> a.dialogs.add(s), Press.of('a')),
                KeyBinding.of("d", "remove", "remove the selected instance (asks first)",
                        (k, s) -> a.dialogs.remove(s), Press.of('d')),
                KeyBinding.of("c", "clients", "the service's authorized clients: list, add or remove one (asks first)",
                        (k, s) -> a.clients.open(s), Press.of('c')).when(a.clients::available),
                KeyBinding.of("t", "rotate", "rotate the torrc bundle: the instance, or all of a service",
                        (k, s) -> a.dialogs.rotate(s), Press.of('t')).when(a::canRotate),
                KeyBinding.of("w", "wizard", "setup wizard: write a new deployment in another folder",
                        (k, s) -> a.wizard(), Press.of('w')).when(a::hasWizard),
                KeyBinding.of("?", "help", "this help (also h)", (k, s) -> a.help(), Press.of('?'), Press.of('h')),
                KeyBinding.of("q", "quit", "quit: the balancer stops (asks first)", (k, s) -> a.askQuit(), Press.of('q')),
                KeyBinding.of("Up/Down", "", "move between services and instances",
                        (k, s) -> ui.cursor = Rows.move(s, ui.filter, ui.cursor, k.getKeyType() == KeyType.ArrowUp ? -1 : 1),
                        Press.of(KeyType.ArrowUp), Press.of(KeyType.ArrowDown)),
                KeyBinding.of("Tab", "", "next service (Shift-Tab: the one before)",
                        (k, s) -> ui.cursor = Rows.nextService(s, ui.cursor, k.getKeyType() == KeyType.ReverseTab ? -1 : 1),
                        Press.of(KeyType.Tab), Press.of(KeyType.ReverseTab)),
                KeyBinding.of("s", "", "instances shown: all, not ok, ok, stale, missing, invalid, down",
                        (k, s) -> a.nextStateFilter(), Press.of('s')),
                KeyBinding.of("g", "", "instances of one distinct descriptor: first #1.., second #1.., all",
                        (k, s) -> a.nextGroupFilter(s), Press.of('g')),
                KeyBinding.of("Enter", "", "open the service under the cursor: HSDir uploads, intro points",
                        (k, s) -> openDetail(), Press.of(KeyType.Enter)),
                KeyBinding.of("f", "", "fetch every instance's descriptor now", (k, s) -> a.fetchNow(), Press.of('f')),
                // Help only: the footer has no room left at 80 columns.
                KeyBinding.of("l", "", "log pane level: debug, info, warning, error", (k, s) -> a.nextLogLevel(), Press.of('l')),
                KeyBinding.of("PgUp/PgDn", "", "scroll the log (End: back to the newest lines)", (k, s) -> scrollLog(k),
                        Press.of(KeyType.PageUp), Press.of(KeyType.PageDown), Press.of(KeyType.End)));
    }

    @Override
    public String title() {
        return "";
    }

    @Override
    public List<KeyBinding> keys() {
        return keys;
    }

    @Override
    public void render(TextGraphics g, TerminalSize size, EngineSnapshot snapshot) {
        render(snapshot, log.get(), ui, new Canvas(g, size), clock.instant(), clock.getZone());
    }

    private void openDetail() {
        if (ui.cursor.isPresent()) {
            ui.page = ui.detail;
            ui.detailScroll = 0;
            ui.detailToCursor = true;
        }
    }

    private void scrollLog(KeyStroke k) {
        switch (k.getKeyType()) {
            case PageUp -> ui.logScroll += 5;
            case PageDown -> ui.logScroll = Math.max(0, ui.logScroll - 5);
            default -> ui.logScroll = 0;
        }
    }

    /** Draws the service list and the log pane into {@code area}; remembers the scroll in {@code ui}. */
    static void render(EngineSnapshot snapshot, List<LogLine> log, UiState ui, Canvas area, Instant now, ZoneId zone) {
        List<Line> body = serviceLines(snapshot, area.width(), now, ui.cursor, ui.filter);
        int logRows = logRows(area.height(), body.size());
        int bodyRows = area.height() - logRows;
        ui.bodyScroll = ScrollView.draw(body, ui.cursor, ui.bodyScroll, area.region(0, 0, bodyRows, area.width()));
        LogPane.render(log, ui, area.region(bodyRows, 0, logRows, area.width()), zone);
    }

    /**
     * The services get the rows they need; the log the rest, but never less than 4 rows (its
     * title and 3 lines), the services scrolling instead.
     */
    static int logRows(int areaRows, int bodyLines) {
        return Math.min(areaRows, Math.max(LOG_MIN_ROWS, areaRows - bodyLines));
    }

    /** The service list, one entry per screen line. */
    static List<Line> serviceLines(EngineSnapshot snapshot, int width, Instant now, Optional<RowKey> cursor) {
        return serviceLines(snapshot, width, now, cursor, InstanceFilter.ALL);
    }

    static List<Line> serviceLines(EngineSnapshot snapshot, int width, Instant now, Optional<RowKey> cursor,
                                   InstanceFilter filter) {
        List<Line> out = new ArrayList<>();
        if (snapshot.services().isEmpty()) {
            out.add(Line.of("  no services yet: " + (snapshot.tor().connected()
                    ? "none configured" : "waiting for tor (" + snapshot.tor().detail() + ")"), Style.WARN));
            return out;
        }
        for (ServiceStatus s : snapshot.services()) {
            if (!out.isEmpty()) {
                out.add(Line.EMPTY);
            }
            RowKey key = RowKey.service(s.masterAddress());
            String address = Text.address(s.masterAddress(), width - 4);
            boolean stateFits = 2 + address.length() + 2 + s.state().length() <= width;
            out.add(Line.of(gutter(key, cursor), Span.of(address, Style.BOLD),
                    Span.of(stateFits ? "  " + s.state() : "")).selecting(key));
            if (!stateFits) {
                out.add(Line.of("    " + s.state()));
            }
            for (DescriptorStatus d : s.descriptors()) {
                out.add(descriptorLine(d, now, width));
            }
            for (String note : s.notes()) {
                out.add(Line.of("    ! " + note, Style.WARN));
            }
            if (s.instances().isEmpty()) {
                out.add(Line.of("    no instances: add one with a", Style.WARN));
                continue;
            }
            out.add(ServiceSummary.line(s, "    ", width));
            List<InstanceStatus> shown = s.instances().stream().filter(i -> filter.shows(s, i)).toList();
            if (shown.size() < s.instances().size()) {
                out.add(Line.of("    " + (shown.isEmpty() ? "none" : "showing " + shown.size()) + " of "
                        + s.instances().size() + " (" + filter.label() + "): s, g change the filter", Style.WARN));
            }
            if (shown.isEmpty()) {
                continue;
            }
            int addressWidth = addressWidth(width);
            GroupNumbers groups = new GroupNumbers(s);
            Line.Builder head = new Line.Builder().add("    ").column("instance", NAME, Style.DIM)
                    .column("address", addressWidth, Style.DIM).column("desc age", AGE, Style.DIM)
                    .column("IPs", IPS, Style.DIM).column("fetched", FETCHED, Style.DIM);
            if (groups.split()) {
                head.column("desc", DESC, Style.DIM);
            }
            out.add(head.add("state", Style.DIM).build());
            for (InstanceStatus i : shown) {
                RowKey ik = RowKey.instance(s.masterAddress(), i.address());
                Line.Builder b = new Line.Builder().add("  ").add(gutter(ik, cursor).text())
                        .column(i.name(), NAME)
                        .column(Text.address(i.address(), addressWidth), addressWidth)
                        .column(Text.age(i.descriptorReceived(), now, "-"), AGE)
                        .column(i.descriptorReceived().isPresent() ? Integer.toString(i.introPointCount()) : "-", IPS)
                        .column(Text.ago(i.lastFetch(), now, "never"), FETCHED);
                if (groups.split()) {
                    b.column(groups.of(i.address()), DESC);
                }
                b.add(i.state().label(), Words.style(i.state()));
                Style st = Words.style(i.state());
                // The reason is what the operator acts on: on the same line if it fits, else below.
                boolean reasonFits = i.reason().map(r -> b.length() + 2 + r.length() <= width).orElse(true);
                if (reasonFits) {
                    i.reason().ifPresent(r -> b.add(": " + r, st));
                }
                // Health checks: "up 283ms ▁▂▃" or "DOWN 1m: intro failed", when the service has them.
                i.health().ifPresent(h -> {
                    String word = h.status() == HealthStatus.DOWN ? "DOWN " + Text.ago(h.since(), now)
                            : h.status().name().toLowerCase(Locale.ROOT);
                    String latency = h.lastLatency().map(d -> " " + d.toMillis() + "ms").orElse("");
                    String tail = h.status() == HealthStatus.DOWN ? h.lastError().map(e -> ": " + e).orElse("")
                            : latency + " " + Sparkline.render(h.recentLatencies(), 8);
                    // Past the edge it is cut with a sign, never dropped: "DOWN" must show whatever the width.
                    b.add("  " + word + tail, h.status() == HealthStatus.DOWN ? Style.WARN : Style.DIM);
                });
                out.add(b.build().selecting(ik));
                if (!reasonFits) {
                    // Selecting the same row: highlighted with it and kept in view with it.
                    out.add(Line.of("      " + i.name() + " is " + i.state().label() + ": " + i.reason().get(), st).selecting(ik));
                }
            }
        }
        return out;
    }

    static int addressWidth(int width) {
        return width >= WIDE ? 62 : SHORT_ADDRESS;
    }

    private static Span gutter(RowKey key, Optional<RowKey> cursor) {
        return Span.of(cursor.isPresent() && cursor.get().equals(key) ? "> " : "  ", Style.BOLD);
    }

    /**
     * "    first  tp 19876 rev 1718000000  6 IPs  uploaded to 5 of 8 HSDirs  3m12s ago"; with
     * distinct descriptors at 80 columns "... 102 IPs, 6 descs  8/8 HSDirs  3m12s ago".
     */
    static Line descriptorLine(DescriptorStatus d, Instant now, int width) {
        Line wide = descriptorLine(d, now, false);
        return wide.text().length() <= width ? wide : descriptorLine(d, now, true);
    }

    private static Line descriptorLine(DescriptorStatus d, Instant now, boolean narrow) {
        Line.Builder b = new Line.Builder().add("    ").add(Text.fit(d.slot().label(), 6) + " ", Style.DIM);
        if (d.timePeriod().isEmpty() && d.lastPublishAttempt().isEmpty()) {
            return b.add(d.state(), Style.WARN).build();
        }
        b.add("tp " + d.timePeriod().map(tp -> Long.toString(tp.number())).orElse("-"));
        b.add(" rev " + (d.revisionCounter().isPresent() ? Long.toString(d.revisionCounter().getAsLong()) : "-"));
        b.add("  " + d.introPoints().size() + " IPs" + (d.groups().isEmpty() ? "" : (narrow ? ", " : " in ")
                + d.groups().size() + " descs") + "  ");
        Span up = Words.uploaded(d);
        b.add(narrow ? d.uploadedCount() + "/" + d.hsDirs().size() + " HSDirs" : up.text(), up.style());
        if (d.lastUploaded().isPresent()) {
            b.add("  " + Text.ago(d.lastUploaded().get(), now));
        } else {
            b.add("  " + d.lastPublishAttempt().map(t -> "tried " + Text.ago(t, now)).orElse(d.state()), Style.WARN);
        }
        return b.build();
    }
}
