package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.ui.console.KeyBinding.Press;
import java.util.Locale;
import net.onionbalance.health.HealthStatus;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.engine.snapshot.DescriptorGroup;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.HsDirUpload;
import net.onionbalance.engine.snapshot.OtherPublisher;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.health.Sparkline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One service in detail: for each descriptor, every responsible HSDir with the result of the
 * last upload and when it came, and every intro point with the instance it came from; then the
 * instances with their full reasons. Pure; scrolled with the arrow keys.
 */
final class DetailPage implements ConsolePage {
    /** Nicknames have at most 19 characters (dir-spec §2.1.1). */
    private static final int NICK = 19;
    private static final int RESULT = 12;
    private static final int WHEN = 10;
    /** What the last check of the HSDir found ("older revision +2": and the uploads it caused). */
    private static final int CHECK = 18;

    private final UiState ui;
    private final Clock clock;
    private final List<KeyBinding> keys;

    DetailPage(UiState ui, PageActions a, Clock clock) {
        this.ui = ui;
        this.clock = clock;
        this.keys = List.of(
                KeyBinding.of("Esc", "back", "back to the main page", (k, s) -> ui.page = ui.main,
                        Press.of(KeyType.Escape), Press.of(KeyType.Backspace), Press.of(KeyType.ArrowLeft)),
                KeyBinding.of("Up/Dn", "scroll", "scroll (PgUp/PgDn a page, Home/End the top and the end)", (k, s) -> scroll(k),
                        Press.of(KeyType.ArrowUp), Press.of(KeyType.ArrowDown), Press.of(KeyType.PageUp), Press.of(KeyType.PageDown),
                        Press.of(KeyType.Home), Press.of(KeyType.End)),
                KeyBinding.of("r", "republish", "republish this service's descriptors now", (k, s) -> a.republish(s), Press.of('r')),
                KeyBinding.of("R", "all", "republish every service now", (k, s) -> a.republishAll(), Press.of('R')),
                KeyBinding.of("a", "add", "add an instance to this service", (k, s) -> a.dialogs.add(s), Press.of('a')),
                KeyBinding.of("c", "clients", "this service's authorized clients: list, add or remove one (asks first)",
                        (k, s) -> a.clients.open(s), Press.of('c')).when(a.clients::available),
                KeyBinding.of("?", "help", "this help (also h)", (k, s) -> a.help(), Press.of('?'), Press.of('h')),
                KeyBinding.of("q", "quit", "quit: the balancer stops (asks first)", (k, s) -> a.askQuit(), Press.of('q')),
                KeyBinding.of("f", "", "fetch every instance's descriptor now", (k, s) -> a.fetchNow(), Press.of('f')),
                KeyBinding.of("d", "", "remove an instance: on the main page, with the cursor on it",
                        (k, s) -> ui.say("go back (Esc) and put the cursor on the instance to remove", Style.WARN), Press.of('d')),
                KeyBinding.of("t", "", "rotate the torrc bundle: the instance, or all of a service",
                        (k, s) -> a.dialogs.rotate(s), Press.of('t')).when(a::canRotate),
                KeyBinding.of("w", "", "setup wizard: write a new deployment in another folder",
                        (k, s) -> a.wizard(), Press.of('w')).when(a::hasWizard),
                KeyBinding.of("l", "", "log pane level: debug, info, warning, error", (k, s) -> a.nextLogLevel(), Press.of('l')),
                KeyBinding.of("Tab", "", "next heading: descriptor, intro points, instances; Shift-Tab back",
                        (k, s) -> section(k.getKeyType() == KeyType.ReverseTab ? -1 : 1),
                        Press.of(KeyType.Tab), Press.of(KeyType.ReverseTab)),
                KeyBinding.of("s", "", "instances shown: all, not ok, ok, stale, missing, invalid, down",
                        (k, s) -> a.nextStateFilter(), Press.of('s')),
                KeyBinding.of("g", "", "instances of one distinct descriptor: first #1.., second #1.., all",
                        (k, s) -> a.nextGroupFilter(s), Press.of('g')));
    }

    /** Shown in the top bar: "onionbalance > service". */
    @Override
    public String title() {
        return "service";
    }

    @Override
    public List<KeyBinding> keys() {
        return keys;
    }

    @Override
    public void render(TextGraphics g, TerminalSize size, EngineSnapshot snapshot) {
        Canvas area = new Canvas(g, size);
        Optional<ServiceStatus> s = Rows.service(snapshot, ui.cursor);
        if (s.isPresent()) {
            render(s.get(), ui, area, clock.instant());
        } else {
            area.clear(Style.NORMAL);
            area.draw(0, Line.of(" this service is no longer configured; Esc goes back", Style.WARN), false);
        }
    }

    private void scroll(KeyStroke k) {
        // A page is the rows shown less one, so that the last line stays in view for context.
        int page = Math.max(1, ui.detailRows - 2);
        switch (k.getKeyType()) {
            case ArrowUp -> ui.detailScroll = Math.max(0, ui.detailScroll - 1);
            case ArrowDown -> ui.detailScroll++;
            case PageUp -> ui.detailScroll = Math.max(0, ui.detailScroll - page);
            case PageDown -> ui.detailScroll += page;
            case Home -> ui.detailScroll = 0;
            default -> ui.detailScroll = Integer.MAX_VALUE;
        }
    }

    /** Scrolls to the next (previous) section heading: the bold lines. */
    private void section(int delta) {
        List<Integer> heads = ui.detailSections;
        int next = ui.detailScroll;
        if (delta > 0) {
            next = heads.stream().filter(h -> h > ui.detailScroll).findFirst().orElse(ui.detailScroll);
        } else {
            for (int h : heads) {
                if (h < ui.detailScroll) {
                    next = h;
                }
            }
            next = Math.min(next, ui.detailScroll);
        }
        ui.detailScroll = next;
    }

    static void render(ServiceStatus service, UiState ui, Canvas area, Instant now) {
        List<Line> lines = lines(service, area.width(), now, ui.filter);
        ui.detailRows = area.height();
        List<Integer> heads = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<Span> spans = lines.get(i).spans();
            if (!spans.isEmpty() && spans.get(0).style() == Style.BOLD) {
                heads.add(i);
            }
        }
        ui.detailSections = heads;
        if (ui.detailToCursor) {
            // Opened with the cursor on an instance: start at its entry.
            int at = ScrollView.indexOf(lines, ui.cursor);
            ui.detailScroll = at > 0 && ui.cursor.get().isInstance() ? at : 0;
            ui.detailToCursor = false;
        }
        ui.detailScroll = ScrollView.draw(lines, ui.cursor, false, ui.detailScroll, area);
    }

    static List<Line> lines(ServiceStatus s, int width, Instant now) {
        return lines(s, width, now, InstanceFilter.ALL);
    }

    static List<Line> lines(ServiceStatus s, int width, Instant now, InstanceFilter filter) {
        List<Line> out = new ArrayList<>();
        out.add(Line.of(Span.of(" "), Span.of(s.masterAddress().withOnionSuffix(), Style.BOLD), Span.of("  " + s.state())));
        for (String note : s.notes()) {
            out.add(Line.of("   ! " + note, Style.WARN));
        }
        for (DescriptorStatus d : s.descriptors()) {
            out.add(Line.EMPTY);
            descriptor(d, width, now, out);
        }
        if (!s.healthEvents().isEmpty()) {
            out.add(Line.EMPTY);
            out.add(Line.of(" health transitions (recent)", Style.BOLD));
            s.healthEvents().forEach(e -> out.add(Line.of("   " + e)));
        }
        out.add(Line.EMPTY);
        List<InstanceStatus> shown = s.instances().stream().filter(i -> filter.shows(s, i)).toList();
        out.add(Line.of(Span.of(" instances (" + s.instances().size() + ")", Style.BOLD),
                Span.of(shown.size() == s.instances().size() ? ""
                        : "  showing " + shown.size() + " (" + filter.label() + "): s, g change the filter", Style.WARN)));
        out.add(ServiceSummary.line(s, "   ", width));
        for (InstanceStatus i : shown) {
            // The state before the address: at 80 columns a whole address leaves it no room after.
            out.add(new Line.Builder().add("   ").column(i.name(), 10).column(i.state().label(), 7, Words.style(i.state()))
                    .add(Text.address(i.address(), width - 22)).build()
                    .selecting(RowKey.instance(s.masterAddress(), i.address())));
            wrap("descriptor " + Text.age(i.descriptorReceived(), now, "never received")
                    + (i.descriptorReceived().isPresent() ? " old" : "")
                    + ", " + i.introPointCount() + " intro points"
                    + ", intro set changed " + Text.ago(i.introSetModified(), now, "never")
                    + ", fetched " + Text.ago(i.lastFetch(), now, "never")
                    + coverage(s, i), Style.NORMAL, width, out);
            i.reason().ifPresent(r -> wrap(r, Words.style(i.state()), width, out));
            i.health().ifPresent(h -> wrap("health " + h.status().name().toLowerCase(Locale.ROOT)
                    + " since " + Text.ago(h.since(), now) + h.lastLatency().map(d -> ", last check " + d.toMillis() + " ms").orElse("")
                    + h.lastError().map(e -> ", last error " + e + h.lastErrorAt().map(t -> " " + Text.ago(t, now)).orElse("")).orElse("")
                    + (h.excluded() ? ", left out of the descriptors" : "") + "  " + Sparkline.render(h.recentLatencies(), 30),
                    h.status() == HealthStatus.DOWN ? Style.WARN : Style.DIM, width, out));
        }
        return out;
    }

    /** An instance's facts under its name, wrapped rather than cut at 80 columns. */
    private static void wrap(String text, Style style, int width, List<Line> out) {
        Text.wrap(text, Math.max(20, width - 6)).forEach(l -> out.add(Line.of("     " + l, style)));
    }

    /** When the descriptors are split: on how many of the fetch HSDirs each descriptor slot carries it. */
    private static String coverage(ServiceStatus s, InstanceStatus i) {
        if (s.descriptors().stream().allMatch(d -> d.groups().isEmpty())) {
            return "";
        }
        return ", on " + s.descriptors().stream().map(d -> d.fetchCoverage(i.address()) + "/" + d.fetchHsDirs())
                .collect(Collectors.joining(" + ")) + " fetch HSDirs";
    }

    private static void descriptor(DescriptorStatus d, int width, Instant now, List<Line> out) {
        String head = " " + d.slot().label() + " descriptor";
        if (d.timePeriod().isEmpty() && d.lastPublishAttempt().isEmpty()) {
            out.add(Line.of(Span.of(head, Style.BOLD), Span.of(": " + d.state(), Style.WARN)));
            return;
        }
        out.add(Line.of(Span.of(head, Style.BOLD), Span.of(": " + d.state()
                + (d.revisionCounter().isPresent() ? ", revision " + d.revisionCounter().getAsLong() : ""))));
        d.timePeriod().ifPresent(tp -> out.add(Line.of("   time period " + Words.period(tp))));
        out.add(Line.of(Span.of("   "), Words.uploaded(d),
                Span.of(", last upload " + Text.ago(d.lastUploaded(), now, "never")
                        + ", last attempt " + Text.ago(d.lastPublishAttempt(), now, "never"))));
        int fp = width >= 110 ? 41 : 16;
        // The checks' column only once an HSDir was checked, so that on 80 columns the reason of a
        // failed upload stays in view until then; narrower nicknames make room for both after.
        boolean checked = d.hsDirs().stream().anyMatch(h -> h.check().isPresent());
        int nick = checked && width < 110 ? 12 : NICK;
        int check = width < 110 ? 14 : CHECK;
        Line.Builder header = new Line.Builder().add("   ").column("HSDir", fp, Style.DIM).column("nickname", nick, Style.DIM)
                .column("result", RESULT, Style.DIM).column("when", WHEN, Style.DIM);
        if (checked) {
            header.column("holds (checked)", check, Style.DIM);
        }
        out.add(header.add("reason", Style.DIM).build());
        if (d.hsDirs().isEmpty()) {
            out.add(Line.of("   none yet", Style.WARN));
        }
        for (HsDirUpload h : d.hsDirs()) {
            String hex = h.hsDir().hex();
            Line.Builder row = new Line.Builder().add("   ")
                    .column("$" + (fp >= 41 ? hex : hex.substring(0, fp - 4) + "..."), fp)
                    .column(h.nickname(), nick)
                    .column(Words.word(h.state()) + (h.attempts() > 1 ? " x" + h.attempts() : ""), RESULT,
                            Words.style(h.state()))
                    .column(Text.ago(h.since(), now), WHEN);
            if (checked) {
                row.column(h.check().map(c -> Words.word(c.verdict()) + (c.repairs() > 0 ? " +" + c.repairs() : "")).orElse("-"),
                        check, h.check().map(c -> Words.style(c.verdict())).orElse(Style.DIM));
            }
            out.add(row.add(h.reason().orElse("")).build());
        }
        for (OtherPublisher o : d.otherPublishers()) {
            String backends = o.unknownIntroPoints().isEmpty() ? "its intro points unreadable (restricted service)"
                    : o.onlyTheirs().size() + " backends only in theirs, " + o.onlyOurs().size() + " only in ours, "
                    + o.unknownIntroPoints().getAsInt() + " intro points of backends unknown here";
            out.add(Line.of("   another obhost publishes this service: $" + o.hsDir().hex().substring(0, 8) + " holds its revision "
                    + Long.toUnsignedString(o.revisionCounter()) + "; " + backends + " (not uploaded over)", Style.WARN));
        }
        out.add(Line.of("   intro points (" + d.introPoints().size() + ")", Style.BOLD));
        int relay = width >= 110 ? 40 : 24;
        int key = width >= 110 ? 44 : 14;
        out.add(new Line.Builder().add("   ").column("relay", relay, Style.DIM).column("auth key", key, Style.DIM)
                .add("from instance", Style.DIM).build());
        for (IntroPointOrigin ip : d.introPoints()) {
            out.add(new Line.Builder().add("   ").column(ip.relay(), relay).column(ip.authKey(), key)
                    .add(ip.backendName() + " " + Text.address(ip.backend(), 22)).build());
        }
        groups(d, width, out);
    }

    /** Distinct descriptors: which HSDirs hold which backends' intro points. */
    private static void groups(DescriptorStatus d, int width, List<Line> out) {
        if (d.groups().isEmpty()) {
            return;
        }
        Map<RelayFingerprint, String> nick = new HashMap<>();
        d.hsDirs().forEach(h -> nick.put(h.hsDir(), h.nickname()));
        out.add(Line.of("   distinct descriptors (" + d.groups().size() + ", for the " + d.fetchHsDirs()
                + " HSDirs clients fetch from)", Style.BOLD));
        int n = 0;
        for (DescriptorGroup g : d.groups()) {
            n++;
            String dirs = g.fetchHsDirs().stream().map(fp -> nick.getOrDefault(fp, "$" + fp.hex().substring(0, 8)))
                    .collect(Collectors.joining(", "));
            String storeOnly = g.storeOnlyHsDirs().isEmpty() ? "" : " (+ store only: " + g.storeOnlyHsDirs().stream()
                    .map(fp -> nick.getOrDefault(fp, "$" + fp.hex().substring(0, 8))).collect(Collectors.joining(", ")) + ")";
            String backends = g.introPoints().stream().collect(Collectors.groupingBy(IntroPointOrigin::backendName,
                    LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                    .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(" "));
            out.add(Line.of("   #" + n + " " + dirs + storeOnly + ": " + g.introPoints().size() + " intro points"));
            // Ten backends or more per descriptor: wrapped, not cut.
            Text.wrap(backends, Math.max(20, width - 7)).forEach(w -> out.add(Line.of("      " + w, Style.DIM)));
        }
    }
}
