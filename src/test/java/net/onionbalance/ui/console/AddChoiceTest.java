package net.onionbalance.ui.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.EngineCommand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static net.onionbalance.ui.console.VirtualConsole.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code a} with an instance generator: paste an address, or generate a new instance and add it through the engine. */
class AddChoiceTest {
    private static final KeyStroke ENTER = key(KeyType.Enter);
    private static final KeyStroke ESC = key(KeyType.Escape);
    private static final KeyStroke DOWN = key(KeyType.ArrowDown);
    private static final OnionAddress GENERATED = OnionAddress.parse(Fixtures.NEW_INSTANCE);

    private final List<String> calls = new ArrayList<>();
    private CompletableFuture<ConsoleHooks.GeneratedInstance> result = new CompletableFuture<>();

    private final ConsoleHooks hooks = new ConsoleHooks() {
        @Override
        public Optional<InstanceGenerator> instanceGenerator() {
            return Optional.of((service, name) -> {
                calls.add(service + " " + name.orElse("<auto>"));
                return result;
            });
        }
    };

    @Test
    void generateWritesThroughTheHookThenAddsTheNewInstanceThroughTheEngine() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            c.press(DOWN, DOWN, DOWN); // service B
            c.press('a');
            c.rowWith("+- add an instance to paozpdhgz2okvc6kgbxv");
            c.rowWith("p  paste the address of a running instance");
            c.rowWith("g  generate a new instance with its torrc bundle");
            assertTrue(c.rows().get(23).contains("p paste   g generate   Esc cancel"), c.rows().get(23));
            c.press('x'); // not a choice: the box stays
            c.rowWith("g  generate a new instance");
            c.press('g');
            c.rowWith("A name for the new instance (Enter: the next in the series");
            c.type("bad name!");
            c.press(ENTER);
            c.rowWith("use up to 32 letters");
            for (int i = 0; i < 9; i++) {
                c.press(key(KeyType.Backspace));
            }
            c.type("srv3");
            c.press(ENTER);
            c.rowWith("the service already has an instance named srv3");
            assertTrue(calls.isEmpty());
            for (int i = 0; i < 4; i++) {
                c.press(key(KeyType.Backspace));
            }
            c.press(ENTER); // no name: the hook chooses
            assertEquals(List.of(Fixtures.MASTER_B + " <auto>"), calls);
            c.rowWith("writing a new instance bundle for paozpdhgz2okvc6kgbxv");
            assertTrue(c.control.submitted.isEmpty(), "added only once its bundle is written");

            Thread t = new Thread(() -> result.complete(new ConsoleHooks.GeneratedInstance(GENERATED, "node2",
                    "node2: copy /etc/ob/srv4/ to the backend host")));
            t.start();
            t.join();
            c.session.step();
            assertEquals(List.of(new EngineCommand.AddInstance(Fixtures.MASTER_B, GENERATED, Optional.of("node2"))),
                    c.control.submitted);
            c.rowWith("node2: copy /etc/ob/srv4/ to the backend host");
        }
    }

    @Test
    void pasteIsStillTheFirstChoiceAndEscCancelsTheChoice() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            c.press('a');
            c.press(ESC);
            c.rowWith("cancelled");
            assertFalse(c.text().contains("generate a new instance"), c.text());
            c.press('a');
            c.press('p');
            c.rowWith("Paste the instance's onion address");
            c.type(Fixtures.NEW_INSTANCE);
            c.press(ENTER);
            c.press(ENTER);
            assertEquals(List.of(new EngineCommand.AddInstance(Fixtures.MASTER_A, GENERATED, Optional.empty())),
                    c.control.submitted);
            assertTrue(calls.isEmpty());
        }
    }

    @Test
    void aFailedGenerationAddsNothingAndSaysWhy() throws Exception {
        result = CompletableFuture.failedFuture(new IllegalStateException("deployment folder is read-only"));
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            c.press('a');
            c.press('g');
            c.type("node9");
            c.press(ENTER);
            c.session.step();
            assertEquals(List.of(Fixtures.MASTER_A + " node9"), calls);
            c.rowWith("new instance failed: deployment folder is read-only");
            assertTrue(c.control.submitted.isEmpty());
        }
    }
}
