package net.onionbalance.wizard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lanterna wizard on a virtual terminal, driven by keystrokes as an operator would. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WizardScreenTest {
    private final DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(100, 40));

    private String screenText() {
        StringBuilder b = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            for (int col = 0; col < size.getColumns(); col++) {
                b.append(terminal.getCharacter(col, row).getCharacterString());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Waits until the screen shows {@code text} (words may be wrapped: compares without line breaks and runs of spaces). */
    private void waitForScreen(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String want = text.replaceAll("\\s+", " ");
        while (true) {
            String flat = screenText().replaceAll("[\\s│║]+", " ");
            if (flat.contains(want)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("screen never showed '" + text + "':\n" + screenText());
            }
            Thread.sleep(50);
        }
    }

    private void type(String s) {
        for (char c : s.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
    }

    private void key(KeyType k) {
        terminal.addInput(new KeyStroke(k));
    }

    private CompletableFuture<Optional<WrittenDeployment>> start() throws Exception {
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        return CompletableFuture.supplyAsync(() -> WizardScreen.run(new MultiWindowTextGUI(screen), WizardDefaults.ONIONBALANCE_CONFIG));
    }

    @Test
    void asksTheQuestionsRefusesBadAnswersWithTheReasonAndWrites(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("from-screen");
        var result = start();
        waitForScreen("Enter path to store generated config");
        type(out.toString());
        key(KeyType.Enter);
        waitForScreen("Number of services (frontends) to create (default: 1)");
        key(KeyType.Enter);
        waitForScreen("Service #1: Enter path to master service private key");
        key(KeyType.Enter);
        waitForScreen("Number of instance services to create (default: 2) (min: 1, max: 120)");
        type("121");
        key(KeyType.Enter);
        waitForScreen("takes 1 to 60 instances per");
        waitForScreen("got 121");
        key(KeyType.Backspace);
        key(KeyType.Backspace);
        key(KeyType.Backspace);
        type("3");
        key(KeyType.Enter);
        waitForScreen("Provide a tag name to group these instances [node]");
        type("web");
        key(KeyType.Enter);
        waitForScreen("Specify the service virtual port");
        type("8443");
        key(KeyType.Enter);
        waitForScreen("[127.0.0.1:8443]");
        type("localhost:99999");
        key(KeyType.Enter);
        waitForScreen("a port is from 1 to 65535");
        for (int i = 0; i < "localhost:99999".length(); i++) {
            key(KeyType.Backspace);
        }
        key(KeyType.Enter);
        // Ours: the service's clients, then the backends' restriction.
        waitForScreen("Service #1: Restrict it to authorized clients? Number of client keys to make (0: public)");
        type("2");
        key(KeyType.Enter);
        waitForScreen("Restrict each backend's own descriptor to the balancer");
        type("y");
        key(KeyType.Enter);
        waitForScreen("restricted to 2 authorized clients");
        waitForScreen("README.txt says which file goes where");
        key(KeyType.Enter);

        Optional<WrittenDeployment> written = result.get(20, TimeUnit.SECONDS);
        assertTrue(written.isPresent());
        assertEquals(out.toAbsolutePath(), written.get().output());
        assertTrue(Files.readString(out.resolve("srv3/instance_torrc")).contains("\nHiddenServicePort 8443 127.0.0.1:8443\n"));
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("name: web3"));
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("client-key: backend-keys/srv3.auth_private"));
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("- authorized-clients: authorized_clients/"));
        try (var keys = Files.list(out.resolve("client-keys"))) {
            assertEquals(List.of("client1", "client2"), keys.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.exists(out.resolve("srv1/onionbalance-srv1/authorized_clients/balancer.auth")));
    }

    @Test
    void escapeLeavesWithoutWritingAnything(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("never");
        var result = start();
        waitForScreen("Enter path to store generated config");
        type(out.toString());
        key(KeyType.Enter);
        waitForScreen("Number of services");
        key(KeyType.Escape);
        assertEquals(Optional.empty(), result.get(20, TimeUnit.SECONDS));
        assertFalse(Files.exists(out));
    }
}
