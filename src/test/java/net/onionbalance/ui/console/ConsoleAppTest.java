package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console loop: it returns when asked and gives the terminal back on every way out. */
@Timeout(20)
class ConsoleAppTest {
    private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

    @Test
    void quitConfirmedReturnsZeroAndRestoresTheTerminal() throws Exception {
        VirtualConsole.RecordingTerminal t = new VirtualConsole.RecordingTerminal(new TerminalSize(80, 24));
        FakeControl control = new FakeControl(Fixtures.snapshot(), Fixtures.log());
        t.addInput(new KeyStroke('q', false, false));
        t.addInput(new KeyStroke('y', false, false));
        assertEquals(ConsoleApp.EXIT_QUIT, ConsoleApp.run(control, new TerminalScreen(t), CLOCK));
        assertEquals(1, t.entered, "took the alternate screen");
        assertEquals(1, t.exited, "gave it back");
    }

    @Test
    void keysTypedWhileRunningAreHandled() throws Exception {
        VirtualConsole.RecordingTerminal t = new VirtualConsole.RecordingTerminal(new TerminalSize(80, 24));
        FakeControl control = new FakeControl(Fixtures.snapshot(), Fixtures.log());
        Thread typist = new Thread(() -> {
            try {
                Thread.sleep(300);
                t.addInput(new KeyStroke('R', false, false));
                Thread.sleep(300);
                t.addInput(new KeyStroke('c', true, false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        typist.start();
        assertEquals(ConsoleApp.EXIT_INTERRUPTED, ConsoleApp.run(control, new TerminalScreen(t), CLOCK));
        typist.join();
        assertEquals(1, control.submitted.size());
        assertEquals(1, t.exited);
    }

    @Test
    void aCrashStillRestoresTheTerminalAndReachesTheCaller() throws Exception {
        VirtualConsole.RecordingTerminal t = new VirtualConsole.RecordingTerminal(new TerminalSize(80, 24));
        AtomicInteger calls = new AtomicInteger();
        FakeControl control = new FakeControl(Fixtures.snapshot(), Fixtures.log()) {
            @Override
            public EngineSnapshot snapshot() {
                if (calls.incrementAndGet() > 3) {
                    throw new IllegalStateException("engine bug");
                }
                return super.snapshot();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConsoleApp.run(control, new TerminalScreen(t), CLOCK));
        assertEquals("engine bug", e.getMessage());
        assertEquals(1, t.exited, "terminal given back before the exception propagates");
    }

    @Test
    void withoutATerminalTheCallerIsToldToRunHeadless() {
        // Maven's forked test JVM has pipes, not a terminal, on its standard streams.
        ConsoleUnavailableException e = assertThrows(ConsoleUnavailableException.class,
                () -> ConsoleApp.runOnTerminal(new FakeControl(Fixtures.snapshot(), Fixtures.log()), CLOCK));
        assertTrue(e.getMessage().contains("--no-tui"), e.getMessage());
    }
}
