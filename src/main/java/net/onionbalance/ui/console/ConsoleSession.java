package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.snapshot.EngineSnapshot;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The console on one screen, one step at a time: {@link #step()} reads the pending keys, takes
 * the latest snapshot and draws a frame. {@link ConsoleApp} calls it in a loop; tests call it
 * directly, so they need no threads and no sleeps.
 */
public final class ConsoleSession implements AutoCloseable {
    /** Keys handled per step at most: a long paste must not starve the redraw. */
    private static final int MAX_KEYS_PER_STEP = 256;

    private final BalancerControl control;
    private final ConsoleHooks hooks;
    private final Screen screen;
    private final Clock clock;
    private final UiState ui = new UiState();
    private final Queue<Runnable> fromOtherThreads = new ConcurrentLinkedQueue<>();
    private final KeyController keys;
    private boolean started;
    private long lastFrameNanos;
    private KeyController.Outcome outcome = KeyController.Outcome.CONTINUE;

    public ConsoleSession(BalancerControl control, ConsoleHooks hooks, Screen screen, Clock clock) {
        this.control = control;
        this.hooks = hooks;
        this.screen = screen;
        this.clock = clock;
        this.keys = new KeyController(ui);
        InstanceDialogs dialogs = new InstanceDialogs(control, hooks, ui, fromOtherThreads::add);
        ClientDialogs clients = new ClientDialogs(control, hooks, ui, fromOtherThreads::add);
        PageActions actions = new PageActions(control, hooks, ui, dialogs, clients, keys::quit);
        ui.main = new MainPage(ui, actions, () -> control.recentLog().lines(), clock);
        ui.detail = new DetailPage(ui, actions, clock);
        ui.page = ui.main;
    }

    /** Takes over the terminal (alternate screen, no echo, hidden cursor) and draws the first frame. */
    public void start() throws IOException {
        screen.startScreen();
        started = true;
        screen.setCursorPosition(null);
        ui.say("? for help");
        draw(true);
    }

    /**
     * Handles the keys typed since the last step, then redraws (fully after a resize).
     *
     * @return false once the operator quit or the terminal went away; see {@link #exitCode()}
     */
    public boolean step() throws IOException {
        return advance(true);
    }

    /**
     * Like {@link #step()}, but draws only when something happened (a key, a resize, a message)
     * or {@link ConsoleApp#FRAME_MILLIS} passed since the last frame: the loop calls this often
     * so keys feel immediate, without redrawing 40 times a second.
     */
    boolean tick() throws IOException {
        return advance(System.nanoTime() - lastFrameNanos >= ConsoleApp.FRAME_MILLIS * 1_000_000);
    }

    private boolean advance(boolean frameDue) throws IOException {
        boolean due = frameDue;
        Runnable r;
        while ((r = fromOtherThreads.poll()) != null) {
            r.run();
            due = true;
        }
        EngineSnapshot snapshot = null;
        for (int i = 0; i < MAX_KEYS_PER_STEP && outcome == KeyController.Outcome.CONTINUE; i++) {
            KeyStroke k = screen.pollInput();
            if (k == null) {
                break;
            }
            if (snapshot == null) {
                snapshot = control.snapshot();
            }
            outcome = keys.handle(k, snapshot);
            due = true;
        }
        if (outcome != KeyController.Outcome.CONTINUE) {
            return false;
        }
        TerminalSize resized = screen.doResizeIfNecessary();
        if (due || resized != null) {
            draw(resized != null);
        }
        return true;
    }

    /** {@link ConsoleApp#EXIT_QUIT} and the others; meaningful once {@link #step()} returned false. */
    public int exitCode() {
        return switch (outcome) {
            case CONTINUE, QUIT -> ConsoleApp.EXIT_QUIT;
            case INTERRUPTED -> ConsoleApp.EXIT_INTERRUPTED;
            case TERMINAL_LOST -> ConsoleApp.EXIT_TERMINAL_LOST;
        };
    }

    private void draw(boolean complete) throws IOException {
        EngineSnapshot snapshot = control.snapshot();
        if (ui.page == ui.detail && Rows.service(snapshot, ui.cursor).isEmpty()) {
            ui.page = ui.main;
            ui.say(ui.cursor.map(k -> Text.address(k.service(), 30)).orElse("the service")
                    + " is no longer configured", Style.WARN);
        }
        ui.cursor = Rows.resolve(snapshot, ui.filter, ui.cursor);
        Instant now = clock.instant();
        if (complete) {
            screen.clear();
        }
        Frame.render(snapshot, ui, screen.newTextGraphics(), screen.getTerminalSize(), now, clock.getZone());
        screen.refresh(complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        lastFrameNanos = System.nanoTime();
    }

    /** Gives the terminal back as it was: main screen, echo, cursor. Safe to call twice. */
    @Override
    public void close() throws IOException {
        if (started) {
            started = false;
            screen.stopScreen();
        }
    }

    /** For tests: the state behind the screen. */
    UiState ui() {
        return ui;
    }
}
