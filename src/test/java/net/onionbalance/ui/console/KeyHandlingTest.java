package net.onionbalance.ui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static net.onionbalance.ui.console.VirtualConsole.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys as an operator presses them, and the commands the engine receives. */
class KeyHandlingTest {
    private static final KeyStroke DOWN = key(KeyType.ArrowDown);
    private static final KeyStroke ENTER = key(KeyType.Enter);
    private static final KeyStroke ESC = key(KeyType.Escape);

    @Test
    void rRepublishesTheServiceUnderTheCursor() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('r');
            c.press(DOWN); // srv1 of service A
            c.press('r');
            c.press(DOWN, DOWN, DOWN); // srv2, service B, srv3
            c.press('r');
            assertEquals(List.of(
                    new EngineCommand.ForceRepublish(Optional.of(Fixtures.MASTER_A)),
                    new EngineCommand.ForceRepublish(Optional.of(Fixtures.MASTER_A)),
                    new EngineCommand.ForceRepublish(Optional.of(Fixtures.MASTER_B))), c.control.submitted);
            c.rowWith("asked the engine to republish paozpdhgz2okvc6kgbxv");
        }
    }

    @Test
    void capitalRRepublishesEveryServiceAndFFetches() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('R');
            c.rowWith("asked the engine to republish every service");
            c.press('f');
            assertEquals(List.of(new EngineCommand.ForceRepublish(Optional.empty()), new EngineCommand.FetchNow()),
                    c.control.submitted);
        }
    }

    @Test
    void arrowsStopAtTheEnds() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press(key(KeyType.ArrowUp));
            assertTrue(c.rowWith(Fixtures.MASTER_A.toString()).startsWith(">"));
            for (int i = 0; i < 10; i++) {
                c.press(DOWN);
            }
            assertTrue(c.rowWith("srv3  ").contains("> srv3"), c.rowWith("srv3  "));
        }
    }

    @Test
    void dAsksBeforeRemovingTheSelectedInstance() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('d');
            c.rowWith("put the cursor on an instance");
            assertTrue(c.control.submitted.isEmpty());

            c.press(DOWN, DOWN); // srv2
            c.press('d');
            c.rowWith("Remove instance srv2 (rkeohxlubhyzl7ks3mwtzos5olf...)");
            c.rowWith("y yes   n no");
            c.press('n');
            c.rowWith("cancelled");
            assertTrue(c.control.submitted.isEmpty());

            c.press('d');
            c.press('x'); // anything but y/n/Esc leaves the question open
            c.rowWith("Remove instance srv2");
            assertTrue(c.control.submitted.isEmpty());
            c.press('y');
            assertEquals(List.of(new EngineCommand.RemoveInstance(Fixtures.MASTER_A, Fixtures.SRV2)),
                    c.control.submitted);
            c.rowWith("asked the engine to remove srv2");
        }
    }

    @Test
    void aValidatesThePastedAddressThenAsksForAName() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press(DOWN, DOWN, DOWN); // service B
            c.press('a');
            c.rowWith("add an instance to paozpdhgz2okvc6kgbxv");
            c.press(ENTER);
            c.rowWith("an onion address is 56 characters");

            c.type("not-an-address");
            c.press(ENTER);
            c.rowWith("has 14 characters before .onion; a v3");

            eraseField(c);
            // A typo in the first character: the checksum catches it.
            c.type("6vesrrri2hbmn2xjam4jawmvmeuvsjz2lrr7snrwyfdbjlehg7iuvmyd.onion");
            c.press(ENTER);
            c.rowWith("wrong checksum");

            eraseField(c);
            c.type(Fixtures.MASTER_B.withOnionSuffix());
            c.press(ENTER);
            c.rowWith("that is the service's own (master) address");

            eraseField(c);
            c.type(Fixtures.SRV3.toString());
            c.press(ENTER);
            c.rowWith("already an instance of this service");
            assertTrue(c.control.submitted.isEmpty());

            eraseField(c);
            c.type("  " + Fixtures.NEW_INSTANCE.toUpperCase() + ".onion  ");
            c.press(ENTER);
            c.rowWith("A name for logs and the console");
            c.type("bad name!");
            c.press(ENTER);
            c.rowWith("use up to 32 letters");
            eraseField(c);
            c.type("srv4");
            c.press(ENTER);
            assertEquals(List.of(new EngineCommand.AddInstance(Fixtures.MASTER_B,
                    OnionAddress.parse(Fixtures.NEW_INSTANCE), Optional.of("srv4"))), c.control.submitted);
            c.rowWith("asked the engine to add srv4 5vesrrri2hbmn... to paozpdhgz2okv... (see the log)");
        }
    }

    @Test
    void addWithoutANameAndEscCancels() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('a');
            c.type(Fixtures.NEW_INSTANCE);
            c.press(ESC);
            c.rowWith("cancelled");
            assertTrue(c.control.submitted.isEmpty());
            c.press('a');
            c.type(Fixtures.NEW_INSTANCE);
            c.press(ENTER);
            c.press(ENTER);
            assertEquals(List.of(new EngineCommand.AddInstance(Fixtures.MASTER_A,
                    OnionAddress.parse(Fixtures.NEW_INSTANCE), Optional.empty())), c.control.submitted);
        }
    }

    @Test
    void qAsksBeforeQuitting() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            assertTrue(c.press('q'));
            c.rowWith("Quit onionbalance? The balancer stops");
            assertTrue(c.press(ESC));
            assertFalse(c.text().contains("Quit onionbalance?"), c.text());
            assertTrue(c.press('q'));
            assertFalse(c.press('y'));
            assertEquals(ConsoleApp.EXIT_QUIT, c.session.exitCode());
            assertTrue(c.control.submitted.isEmpty(), "quitting sends the engine nothing; the caller stops it");
        }
    }

    @Test
    void ctrlCQuitsAtOnceAndEndOfInputMeansTheTerminalIsGone() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            assertFalse(c.press(new KeyStroke('c', true, false)));
            assertEquals(ConsoleApp.EXIT_INTERRUPTED, c.session.exitCode());
        }
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('a'); // even inside a prompt
            assertFalse(c.press(key(KeyType.EOF)));
            assertEquals(ConsoleApp.EXIT_TERMINAL_LOST, c.session.exitCode());
        }
    }

    @Test
    void questionMarkAndHShowTheHelpAnyKeyClosesIt() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('?');
            c.rowWith("+- keys ");
            c.rowWith("republish every service now");
            c.rowWith("remove the selected instance (asks first)");
            c.rowWith("any key closes the help");
            c.press('r');
            assertFalse(c.text().contains("+- keys "), c.text());
            assertTrue(c.control.submitted.isEmpty(), "the key that closes the help does nothing else");
            c.press('h');
            c.rowWith("+- keys ");
        }
    }

    @Test
    void enterOpensTheServiceDetailWithHsDirsAndIntroPointsEscGoesBack() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press(ENTER);
            c.rowWith("onionbalance > service");
            c.rowWith("first descriptor: published, revision 1718000000");
            c.rowWith("uploaded to 5 of 8 HSDirs, last upload 3m12s ago");
            assertTrue(c.rowWith("hsdir0 ").matches(" +\\$A1B2C3D0A1B2\\.\\.\\. hsdir0 +uploaded +3m00s ago.*"),
                    c.rowWith("hsdir0 "));
            assertTrue(c.rowWith("hsdir5 ").matches(".*failed +3m05s ago +UPLOAD_REJECTED.*"), c.rowWith("hsdir5 "));
            assertTrue(c.rowWith("hsdir6 ").matches(".*retrying x2 +3m06s ago +QUERY_NO_HSDIR.*"), c.rowWith("hsdir6 "));
            c.rowWith("pending");
            c.rowWith("intro points (3)");
            assertTrue(c.rowWith("10.0.0.1:9001").contains("srv1 25njqamcweflpvkl"), c.rowWith("10.0.0.1:9001"));
            c.rowWith("Esc back");

            for (int i = 0; i < 30; i++) {
                c.press(DOWN);
            }
            c.rowWith("srv2 is stale".substring(0, 4)); // instances section at the bottom
            c.rowWith("descriptor 41m00s old (limit 30m)");

            c.press(ESC);
            assertFalse(c.text().contains("onionbalance > service"), c.text());
            c.rowWith("uploaded to 5 of 8 HSDirs  3m12s ago");
        }
    }

    @Test
    void detailOfAnInstancesServiceAndWideFingerprints() throws Exception {
        try (VirtualConsole c = new VirtualConsole(132, 50)) {
            c.press(DOWN, DOWN, DOWN, DOWN); // srv3 of B
            c.press(ENTER);
            c.rowWith(Fixtures.MASTER_B.withOnionSuffix() + "  no usable intro points yet");
            c.rowWith("first descriptor: no usable intro points");
            c.rowWith("second descriptor: not published yet");
            c.rowWith("none yet");
            c.rowWith("srv3 is invalid".substring(0, 4));
            c.press(key(KeyType.ArrowLeft));
            c.press(key(KeyType.ArrowUp), key(KeyType.ArrowUp), key(KeyType.ArrowUp), key(KeyType.ArrowUp));
            c.press(ENTER);
            c.rowWith("$A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D0 hsdir0");
        }
    }

    @Test
    void tAndWSayNotAvailableYetWithoutHooks() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press('t');
            c.rowWith("t: torrc bundle rotation is not available yet");
            c.press('w');
            c.rowWith("w: the setup wizard is not available yet");
            assertTrue(c.rows().get(23).contains("t rotate*"), c.rows().get(23));
            c.press('?');
            c.rowWith("marks a key whose action is not available yet");
            assertTrue(c.control.submitted.isEmpty());
        }
    }

    @Test
    void tRotatesTheSelectedInstanceThroughTheHookAfterConfirming() throws Exception {
        List<String> calls = new ArrayList<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        ConsoleHooks hooks = new ConsoleHooks() {
            @Override
            public Optional<BundleRotation> bundleRotation() {
                return Optional.of((service, instances, whole) -> {
                    calls.add(service + " " + instances.stream().map(InstanceStatus::name).toList() + (whole ? " all" : ""));
                    return result;
                });
            }
        };
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            assertTrue(c.rows().get(23).contains("t rotate ") && !c.rows().get(23).contains("rotate*"));
            c.press(DOWN);
            c.press('t');
            c.rowWith("new torrc bundle for srv1?");
            c.press('y');
            assertEquals(List.of(Fixtures.MASTER_A + " [srv1]"), calls);
            c.rowWith("rotating the torrc bundle of srv1...");
            assertTrue(c.control.submitted.isEmpty(), "nothing to reload before the rotation is done");
            // Completed on another thread: shown on the next frame.
            Thread t = new Thread(() -> result.complete("srv1: new bundle srv1-v2/ written"));
            t.start();
            t.join();
            c.session.step();
            c.rowWith("srv1: new bundle srv1-v2/ written");
            assertEquals(List.of(new EngineCommand.Reload()), c.control.submitted,
                    "the rotation listed the new instance in config.yaml: the engine re-reads it");
        }
    }

    @Test
    void tOnAServiceRowRotatesAllItsInstances() throws Exception {
        List<String> calls = new ArrayList<>();
        ConsoleHooks hooks = new ConsoleHooks() {
            @Override
            public Optional<BundleRotation> bundleRotation() {
                return Optional.of((service, instances, whole) -> {
                    calls.add(service + " " + instances.stream().map(InstanceStatus::name).toList() + (whole ? " all" : ""));
                    return CompletableFuture.completedFuture("2 new bundles written");
                });
            }
        };
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            c.press('t'); // the cursor starts on service A
            c.rowWith("new torrc bundles for all 2 instances of");
            c.press('n');
            assertTrue(calls.isEmpty());
            c.press('t');
            c.press('y');
            c.session.step();
            assertEquals(List.of(Fixtures.MASTER_A + " [srv1, srv2] all"), calls);
            c.rowWith("2 new bundles written");
            assertEquals(List.of(new EngineCommand.Reload()), c.control.submitted);
        }
    }

    @Test
    void aFailedRotationIsShownAsAnError() throws Exception {
        ConsoleHooks hooks = new ConsoleHooks() {
            @Override
            public Optional<BundleRotation> bundleRotation() {
                return Optional.of((service, instances, whole) ->
                        CompletableFuture.failedFuture(new java.io.IOException("output folder exists")));
            }
        };
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            c.press(DOWN);
            c.press('t');
            c.press('y');
            c.session.step();
            c.rowWith("rotating srv1 failed: output folder exists");
            assertTrue(c.control.submitted.isEmpty(), "a failed rotation changed nothing to reload");
        }
    }

    @Test
    void wOpensTheWizardPageWhichGetsTheKeysUntilItCloses() throws Exception {
        List<KeyStroke> seen = new ArrayList<>();
        ConsoleHooks hooks = new ConsoleHooks() {
            @Override
            public Optional<Wizard> wizard() {
                return Optional.of(control -> new ConsolePage() {
                    @Override
                    public String title() {
                        return "setup wizard";
                    }

                    @Override
                    public void render(TextGraphics g, TerminalSize size, EngineSnapshot snapshot) {
                        g.putString(0, 0, "wizard page " + size.getColumns() + "x" + size.getRows()
                                + " sees " + snapshot.services().size() + " services");
                    }

                    @Override
                    public boolean onKey(KeyStroke key) {
                        seen.add(key);
                        if (key.getKeyType() == KeyType.Enter) {
                            control.submit(new EngineCommand.Reload());
                        }
                        return key.getKeyType() != KeyType.Escape;
                    }

                    @Override
                    public String footerKeys() {
                        return "Enter next  Esc cancel";
                    }
                });
            }
        };
        try (VirtualConsole c = new VirtualConsole(80, 24, hooks)) {
            c.press('w');
            assertTrue(c.rows().get(1).startsWith("wizard page 80x21 sees 2 services"), c.rows().get(1));
            c.rowWith("onionbalance > setup wizard");
            c.rowWith("Enter next  Esc cancel   Ctrl-C quit");
            c.press('q'); // the page's key, not the console's quit
            assertFalse(c.text().contains("Quit onionbalance?"));
            c.press(ENTER);
            assertEquals(List.of(new EngineCommand.Reload()), c.control.submitted);
            c.press(ESC);
            assertEquals(3, seen.size());
            c.rowWith("uploaded to 5 of 8 HSDirs");
        }
    }

    @Test
    void detailOfAServiceThatWentAwayGoesBackToTheMainPageAndSaysSo() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.press(ENTER);
            c.control.snapshot = new EngineSnapshot(Fixtures.NOW, c.control.snapshot.tor(), c.control.snapshot.network(),
                    List.of(c.control.snapshot.services().get(1)));
            c.session.step();
            c.rowWith("sltib6sxkuxh2scmtuvd5w2g7pa... is no longer configured");
            assertFalse(c.text().contains("onionbalance > service"), c.text());
            assertTrue(c.rowWith(Fixtures.MASTER_B.withOnionSuffix()).startsWith(">"));
        }
    }

    private static void eraseField(VirtualConsole c) throws Exception {
        for (int i = 0; i < 80; i++) {
            c.terminal.addInput(key(KeyType.Backspace));
        }
        c.session.step();
    }
}
