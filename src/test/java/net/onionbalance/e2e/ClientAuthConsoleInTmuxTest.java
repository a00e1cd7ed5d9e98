package net.onionbalance.e2e;

import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.testsupport.TmuxSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's {@code c} on a real terminal (a tmux pane) with the real engine against the
 * private Tor network: the operator adds a client to a public service, reads where its key was
 * written, and the balancer republishes at once, restricted; then removes one, asked first, and
 * it republishes again. (That clients with and without a key then get or miss the page through
 * such a descriptor is ClientAuthEndToEndTest's.)
 */
class ClientAuthConsoleInTmuxTest {
    @RegisterExtension
    @Order(1)
    static final BeforeAllCallback TMUX_PRESENT = context -> TmuxSession.assumeInstalled();

    @RegisterExtension
    @Order(2)
    static final TestNetwork NET = TestNetwork.perClass(2);

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(90);
    private static final Duration KEY_EFFECT_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;

    private static TmuxSession tmux;

    @AfterAll
    static void endTheTerminal() {
        if (tmux != null) {
            tmux.close();
        }
    }

    private static String command(Path config, Path log) {
        return TmuxSession.balancerConsoleCommand(NET, config, log, tmp.resolve("no-system-tor"),
                "printf '\\nEXITED rc=%s\\n' \"$rc\"; sleep 600");
    }

    private static long count(Path log, String needle) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(needle)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The screen without line breaks and runs of spaces: a wrapped path reads whole. */
    private static String flat(String screen) {
        // A box's borders and the page's cut marks beside them (~) go, so a path wrapped in the box reads whole.
        return screen.replaceAll("\\s*\\|~?\\s*", " ").replaceAll("\\s+", "");
    }

    @Test
    void operatorAddsAndRemovesClientsFromTheConsoleAndTheBalancerRepublishesAtOnce() throws Exception {
        String master = NET.masterAddress();
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, Files.readString(NET.configYaml()));
        Path log = tmp.resolve("onionbalance.log");
        tmux = TmuxSession.start("clients-" + ProcessHandle.current().pid(), 120, 36, command(config, log));
        java.util.function.Supplier<String> logTail = () -> {
            try {
                return "balancer log:\n" + String.join("\n", Files.readAllLines(log));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        };
        tmux.awaitScreen("both descriptors published", s -> s.contains("c clients") && count(log, "Published the second descriptor") > 0,
                PUBLISHED_WITHIN, logTail);

        // c: the service is public; a, a name, y: alice's key pair, and the balancer republishes.
        tmux.sendKeys("c");
        tmux.awaitScreen("the clients box", s -> s.contains("Public: anyone who knows the address"), KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("a");
        tmux.awaitScreen("the name prompt", s -> s.contains("A name for the new client"), KEY_EFFECT_WITHIN, logTail);
        tmux.type("alice");
        tmux.sendKeys("Enter");
        tmux.awaitScreen("the question", s -> s.contains("The service turns restricted"), KEY_EFFECT_WITHIN, logTail);
        long published = count(log, "Published the");
        tmux.sendKeys("y");
        Path alicePrivate = tmp.resolve("client-keys/alice").resolve(master + ".auth_private");
        String notice = tmux.awaitScreen("where alice's key was written", s -> flat(s).contains(flat(alicePrivate.toString())),
                KEY_EFFECT_WITHIN, logTail);
        System.out.println("SCREEN the new client's notice:\n" + notice.stripTrailing() + "\n");
        assertEquals(OnionAddress.parse(master), ClientAuthFiles.readAuthPrivateFile(alicePrivate).service());
        assertTrue(Files.readString(config).contains("authorized-clients: authorized_clients/" + master), Files.readString(config));
        tmux.awaitScreen("the balancer republishing for the new client", s -> count(log, "Authorized clients of " + master
                + " changed: republishing") == 1 && count(log, "Published the") >= published + 2, KEY_EFFECT_WITHIN, logTail);
        String secret = Files.readString(alicePrivate).strip();
        assertFalse(Files.readString(log).contains(secret.substring(secret.lastIndexOf(':') + 1)), "the key is never logged");

        // Bob too, then remove alice: asked first, and the balancer republishes again.
        tmux.sendKeys("x", "c");
        tmux.awaitScreen("the clients box, restricted", s -> s.contains("Restricted: only these 1 client"), KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("a");
        tmux.type("bob");
        tmux.sendKeys("Enter");
        tmux.awaitScreen("the question for bob", s -> s.contains("Add client bob"), KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("y");
        tmux.awaitScreen("bob added", s -> s.contains("client bob added"), KEY_EFFECT_WITHIN, logTail);
        tmux.awaitScreen("the republish for bob", s -> count(log, "Authorized clients of " + master + " changed: republishing") == 2,
                KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("x", "c");
        tmux.awaitScreen("both clients listed", s -> s.contains("alice, bob"), KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("d");
        tmux.type("alice");
        tmux.sendKeys("Enter");
        tmux.awaitScreen("the removal question", s -> s.contains("Remove client alice of"), KEY_EFFECT_WITHIN, logTail);
        assertTrue(Files.exists(tmp.resolve("authorized_clients").resolve(master).resolve("alice.auth")), "nothing before y");
        tmux.sendKeys("y");
        tmux.awaitScreen("alice removed and the balancer republishing", s -> s.contains("removed client alice")
                && count(log, "Authorized clients of " + master + " changed: republishing") == 3, KEY_EFFECT_WITHIN, logTail);
        assertFalse(Files.exists(tmp.resolve("authorized_clients").resolve(master).resolve("alice.auth")));

        tmux.sendKeys("q");
        tmux.awaitScreen("the quit question", s -> s.contains("Quit onionbalance?"), KEY_EFFECT_WITHIN, logTail);
        tmux.sendKeys("y");
        String after = tmux.awaitScreen("the balancer's exit", s -> s.contains("EXITED rc="), KEY_EFFECT_WITHIN, logTail);
        assertTrue(after.contains("EXITED rc=0"), after);
    }
}
