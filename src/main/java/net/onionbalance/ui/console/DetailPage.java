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
                KeyBinding.of("Up/Dn", "scroll", "scroll (PgUp/PgDn a page)", (k, s) -> scroll(k),
                        Press.of(KeyType.ArrowUp), Press.of(KeyType.ArrowDown), Press.of(KeyType.PageUp), Press.of(KeyType.PageDown)),
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
                KeyBinding.of("l", "", "log pane level: debug, info, warning, error", (k, s) -> a.nextLogLevel(), Press.of('l')));
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
        switch (k.getKeyType()) {
            case ArrowUp -> ui.detailScroll = Math.max(0, ui.detailScroll - 1);
            case ArrowDown -> ui.detailScroll++;
            case PageUp -> ui.detailScroll = Math.max(0, ui.detailScroll - 10);
            default -> ui.detailScroll += 10;
        }
    }

    static void render(ServiceStatus service, UiState ui, Canvas area, Instant now) {
        List<Line> lines = lines(service, area.width(), now);
        int max = Math.max(0, lines.size() - area.height());
        ui.detailScroll = Math.max(0, Math.min(ui.detailScroll, max));
        for (int r = 0; r < area.height(); r++) {
            int i = ui.detailScroll + r;
            area.draw(r, i < lines.size() ? lines.get(i) : Line.EMPTY, false);
        }
    }

    static List<Line> lines(ServiceStatus s, int width, Instant now) {
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
        out.add(Line.of(" instances (" + s.instances().size() + ")", Style.BOLD));
        for (InstanceStatus i : s.instances()) {
            out.add(new Line.Builder().add("   ").column(i.name(), 10).add(i.address().withOnionSuffix() + "  ")
                    .add(i.state().label(), Words.style(i.state())).build());
            out.add(Line.of("     descriptor " + Text.age(i.descriptorReceived(), now, "never received")
                    + (i.descriptorReceived().isPresent() ? " old" : "")
                    + ", " + i.introPointCount() + " intro points"
                    + ", intro set changed " + Text.ago(i.introSetModified(), now, "never")
                    + ", fetched " + Text.ago(i.lastFetch(), now, "never")
                    + coverage(s, i)));
            i.reason().ifPresent(r -> out.add(Line.of("     " + r, Words.style(i.state()))));
            i.health().ifPresent(h -> out.add(Line.of("     health " + h.status().name().toLowerCase(Locale.ROOT)
                    + " since " + Text.ago(h.since(), now) + h.lastLatency().map(d -> ", last check " + d.toMillis() + " ms").orElse("")
                    + h.lastError().map(e -> ", last error " + e + h.lastErrorAt().map(t -> " " + Text.ago(t, now)).orElse("")).orElse("")
                    + (h.excluded() ? ", left out of the descriptors" : "") + "  " + Sparkline.render(h.recentLatencies(), 30),
                    h.status() == HealthStatus.DOWN ? Style.WARN : Style.DIM)));
        }
        return out;
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
        out.add(new Line.Builder().add("   ").column("HSDir", fp, Style.DIM).column("nickname", NICK, Style.DIM)
                .column("result", RESULT, Style.DIM).column("when", WHEN, Style.DIM)
                .column("holds (checked)", CHECK, Style.DIM).add("reason", Style.DIM).build());
        if (d.hsDirs().isEmpty()) {
            out.add(Line.of("   none yet", Style.WARN));
        }
        for (HsDirUpload h : d.hsDirs()) {
            String hex = h.hsDir().hex();
            out.add(new Line.Builder().add("   ")
                    .column("$" + (fp >= 41 ? hex : hex.substring(0, fp - 4) + "..."), fp)
                    .column(h.nickname(), NICK)
                    .column(Words.word(h.state()) + (h.attempts() > 1 ? " x" + h.attempts() : ""), RESULT,
                            Words.style(h.state()))
                    .column(Text.ago(h.since(), now), WHEN)
                    .column(h.check().map(c -> Words.word(c.verdict()) + (c.repairs() > 0 ? " +" + c.repairs() : "")).orElse("-"),
                            CHECK, h.check().map(c -> Words.style(c.verdict())).orElse(Style.DIM))
                    .add(h.reason().orElse("")).build());
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
        groups(d, out);
    }

    /** Distinct descriptors: which HSDirs hold which backends' intro points. */
    private static void groups(DescriptorStatus d, List<Line> out) {
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
            out.add(Line.of("      " + backends, Style.DIM));
        }
    }
}
