package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import net.onionbalance.engine.snapshot.EngineSnapshot;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A console session on Lanterna's virtual terminal, read back as text rows. */
final class VirtualConsole implements AutoCloseable {
    final RecordingTerminal terminal;
    final FakeControl control;
    final ConsoleSession session;

    /** A virtual terminal that remembers whether the console gave it back. */
    static final class RecordingTerminal extends DefaultVirtualTerminal {
        int entered;
        int exited;

        RecordingTerminal(TerminalSize size) {
            super(size);
        }

        @Override
        public synchronized void enterPrivateMode() {
            entered++;
            super.enterPrivateMode();
        }

        @Override
        public synchronized void exitPrivateMode() {
            exited++;
            super.exitPrivateMode();
        }
    }

    VirtualConsole(int columns, int rows) throws IOException {
        this(columns, rows, ConsoleHooks.NONE);
    }

    VirtualConsole(int columns, int rows, ConsoleHooks hooks) throws IOException {
        this(columns, rows, hooks, Fixtures.snapshot());
    }

    VirtualConsole(int columns, int rows, ConsoleHooks hooks, EngineSnapshot snapshot) throws IOException {
        terminal = new RecordingTerminal(new TerminalSize(columns, rows));
        control = new FakeControl(snapshot, Fixtures.log());
        session = new ConsoleSession(control, hooks, new TerminalScreen(terminal),
                Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
        session.start();
    }

    /** Types keys and lets the console handle them. @return what step() returned */
    boolean press(KeyStroke... keys) throws IOException {
        for (KeyStroke k : keys) {
            terminal.addInput(k);
        }
        return session.step();
    }

    boolean press(char c) throws IOException {
        return press(key(c));
    }

    boolean type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            terminal.addInput(key(c));
        }
        return session.step();
    }

    static KeyStroke key(char c) {
        return new KeyStroke(c, false, false);
    }

    static KeyStroke key(KeyType t) {
        return new KeyStroke(t);
    }

    List<String> rows() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                sb.append(terminal.getCharacter(c, r).getCharacterString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    String text() {
        return String.join("\n", rows());
    }

    /** The row holding {@code needle}, or fails. */
    String rowWith(String needle) {
        return rows().stream().filter(r -> r.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no row contains \"" + needle + "\" in:\n" + text()));
    }

    @Override
    public void close() throws IOException {
        session.close();
    }
}
