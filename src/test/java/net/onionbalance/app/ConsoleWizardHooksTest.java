package net.onionbalance.app;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.NetworkStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.ui.console.FakeControl;
import net.onionbalance.ui.console.ConsoleSession;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.DeploymentPlan;
import net.onionbalance.wizard.DeploymentRequest;
import net.onionbalance.wizard.DeploymentWriter;
import net.onionbalance.wizard.ServiceRequest;
import net.onionbalance.wizard.ServiceTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's t, a and w keys on Lanterna's virtual terminal, wired to the wizard for a real
 * deployment on disk (written by DeploymentWriter as {@code onionbalance config} does), with the
 * engine replaced by a control that records the commands.
 */
class ConsoleWizardHooksTest {
    private static final Instant NOW = Instant.parse("2024-06-10T14:03:22Z");
    private static final KeyStroke ENTER = new KeyStroke(KeyType.Enter);
    private static final KeyStroke ESC = new KeyStroke(KeyType.Escape);
    private static final KeyStroke DOWN = new KeyStroke(KeyType.ArrowDown);

    @TempDir
    Path tmp;
    private Path deploy;
    private Path config;
    private OnionAddress master;
    private List<InstanceConfig> instances;
    private FakeControl control;
    private DefaultVirtualTerminal terminal;
    private ConsoleSession session;

    @BeforeEach
    void deployAndStartTheConsole() throws Exception {
        deploy = tmp.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 443, ServiceTarget.parse("10.0.0.9:8443"));
        new DeploymentWriter().write(DeploymentPlan.prepare(
                new DeploymentRequest(deploy, List.of(s), Path.of("/srv/tor"), false), new SecureRandom()));
        config = deploy.resolve("config.yaml");
        BalancerConfig loaded = load();
        master = KeyFiles.load(loaded.services().get(0).key()).onionAddress();
        instances = loaded.services().get(0).instances();

        List<InstanceStatus> rows = instances.stream().map(i -> new InstanceStatus(i.name().orElseThrow(), i.address(),
                InstanceState.VALID, Optional.empty(), Optional.of(NOW.minusSeconds(60)), Optional.of(NOW.minusSeconds(600)), 3,
                Optional.of(NOW.minusSeconds(30)))).toList();
        ServiceStatus service = new ServiceStatus(master, "published",
                List.of(DescriptorStatus.never(DescriptorSlot.FIRST), DescriptorStatus.never(DescriptorSlot.SECOND)), rows, List.of());
        control = new FakeControl(new EngineSnapshot(NOW, new TorStatus(true, "127.0.0.1:9051", Optional.of("0.4.8.13"), "connected"),
                Optional.of(new NetworkStatus(NOW.minusSeconds(1800), NOW.plusSeconds(9000), true, 8)), List.of(service)), List.of());
        // Wide enough to read a whole status line with a temporary path in it.
        terminal = new DefaultVirtualTerminal(new TerminalSize(200, 30));
        // A direct worker: the file work is done when the key's handling returns; the result shows on the next step.
        ConsoleWizardHooks hooks = new ConsoleWizardHooks(config, BundleRotation.defaultLoader(), new SecureRandom(), Runnable::run);
        session = new ConsoleSession(control, hooks, new TerminalScreen(terminal), Clock.fixed(NOW, ZoneOffset.UTC));
        session.start();
        // As LogSetup does for the running balancer: the log pane shows the package's records.
        java.util.logging.Logger.getLogger("net.onionbalance").addHandler(control.log);
    }

    @AfterEach
    void closeTheConsole() throws IOException {
        java.util.logging.Logger.getLogger("net.onionbalance").removeHandler(control.log);
        session.close();
    }

    private BalancerConfig load() throws Exception {
        return BundleRotation.defaultLoader().load(config).config();
    }

    private void press(KeyStroke... keys) throws IOException {
        for (KeyStroke k : keys) {
            terminal.addInput(k);
        }
        session.step();
    }

    private void press(char c) throws IOException {
        press(new KeyStroke(c, false, false));
    }

    private void type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        session.step();
    }

    private List<String> rows() {
        List<String> out = new ArrayList<>();
        TerminalSize size = terminal.getTerminalSize();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                sb.append(terminal.getCharacter(c, r).getCharacterString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    private String rowWith(String needle) {
        return rows().stream().filter(r -> r.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no row contains \"" + needle + "\" in:\n" + String.join("\n", rows())));
    }

    private static OnionAddress hostname(Path bundle) throws IOException {
        try (var s = Files.list(bundle)) {
            Path keys = s.filter(Files::isDirectory).findFirst().orElseThrow();
            return OnionAddress.parse(Files.readString(keys.resolve("hostname")).strip());
        }
    }

    @Test
    void tOnAnInstanceWritesAVersionedBundleListsItAndAsksTheEngineToReload() throws Exception {
        press(DOWN); // node1
        press('t');
        rowWith("Write new keys and a new torrc bundle for node1?");
        assertFalse(Files.exists(deploy.resolve("srv1.v2")), "nothing before the operator confirms");
        press('y');
        session.step(); // the hook's result arrives on the console thread

        Path v2 = deploy.resolve("srv1.v2");
        assertTrue(Files.isDirectory(v2), "the new bundle");
        OnionAddress fresh = hostname(v2);
        List<InstanceConfig> listed = load().services().get(0).instances();
        assertEquals(List.of(instances.get(0), instances.get(1), InstanceConfig.of(fresh, "node1-v2")), listed,
                "old and new listed together until the new one is seen valid");
        assertEquals("MasterOnionAddress " + master.withOnionSuffix() + "\n",
                Files.readString(v2.resolve("onionbalance-srv1.v2").resolve("ob_config")));
        assertEquals(List.of(new EngineCommand.Reload()), control.submitted);
        rowWith("node1-v2: copy " + v2 + "/ to node1's host, include its torrc, reload tor");
        assertTrue(control.log.lines().stream().anyMatch(l -> l.message().contains("node1 -> node1-v2 " + fresh.withOnionSuffix())),
                "the full instructions are in the log pane");
    }

    @Test
    void tOnTheServiceRotatesEveryInstanceOfIt() throws Exception {
        press('t'); // the cursor starts on the service
        rowWith("new torrc bundles for all 2 instances of");
        press('y');
        session.step();
        assertTrue(Files.isDirectory(deploy.resolve("srv1.v2")));
        assertTrue(Files.isDirectory(deploy.resolve("srv2.v2")));
        assertEquals(List.of("node1", "node2", "node1-v2", "node2-v2"),
                load().services().get(0).instances().stream().map(i -> i.name().orElseThrow()).toList());
        assertEquals(List.of(new EngineCommand.Reload()), control.submitted);
        rowWith("2 new bundles in " + deploy + "/ (srv1.v2, srv2.v2): copy each to its backend host");
    }

    @Test
    void aFailedRotationChangesNothingAndReloadsNothing() throws Exception {
        // node2's bundle is not beside config.yaml (its key lives only on its host).
        Files.walk(deploy.resolve("srv2")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        String before = Files.readString(config);
        press(DOWN, DOWN); // node2
        press('t');
        press('y');
        session.step();
        rowWith("rotating node2 failed: Cannot rotate node2 has no bundle in " + deploy);
        assertEquals(before, Files.readString(config));
        assertTrue(control.submitted.isEmpty());
    }

    @Test
    void aGenerateWritesANewBundleAndAddsItsAddressThroughTheEngine() throws Exception {
        String before = Files.readString(config);
        press('a');
        rowWith("g  generate a new instance with its torrc bundle");
        press('g');
        press(ENTER); // the next name in the series
        session.step();

        Path srv3 = deploy.resolve("srv3");
        assertTrue(Files.isDirectory(srv3), "a new bundle next to config.yaml");
        OnionAddress fresh = hostname(srv3);
        assertEquals(List.of(new EngineCommand.AddInstance(master, fresh, Optional.of("node3"))), control.submitted);
        assertEquals(before, Files.readString(config), "config.yaml is the engine's to edit (AddInstance)");
        Path keys = srv3.resolve("onionbalance-srv3");
        assertEquals("MasterOnionAddress " + master.withOnionSuffix() + "\n", Files.readString(keys.resolve("ob_config")));
        assertEquals(fresh, KeyFiles.load(keys.resolve("hs_ed25519_secret_key")).onionAddress());
        assertEquals(List.of("HiddenServiceDir /srv/tor/onionbalance-srv3", "HiddenServicePort 443 10.0.0.9:8443",
                "HiddenServiceOnionbalanceInstance 1"),
                Files.readAllLines(srv3.resolve("instance_torrc")).stream().filter(l -> !l.startsWith("#")).toList(),
                "the same port lines as the service's other backends");
        rowWith("node3: copy " + srv3 + "/ to the backend host, include its torrc, reload tor");
    }

    @Test
    void aGenerateWithAGivenNameAndAFailureSaysWhy() throws Exception {
        press('a');
        press('g');
        type("web-east");
        press(ENTER);
        session.step();
        OnionAddress fresh = hostname(deploy.resolve("srv3"));
        assertEquals(List.of(new EngineCommand.AddInstance(master, fresh, Optional.of("web-east"))), control.submitted);

        // The master key went missing: no ob_config can be written, nothing is added.
        Files.delete(load().services().get(0).key());
        press('a');
        press('g');
        press(ENTER);
        session.step();
        rowWith("new instance failed: Cannot read the master key " + deploy);
        assertEquals(1, control.submitted.size());
        assertFalse(Files.exists(deploy.resolve("srv4")));
    }

    @Test
    void wOpensTheWizardPageAndEscReturnsToTheConsole() throws Exception {
        press('w');
        rowWith("onionbalance > setup wizard");
        rowWith("Enter path to store generated config [" + tmp.resolve("deploy-new") + "]");
        rowWith("Esc leave (nothing is written)");
        press('q'); // typed into the answer, not the console's quit
        rowWith("> q_");
        press(ESC);
        assertFalse(rows().get(0).contains("> setup wizard"), rows().get(0));
        rowWith(master.withOnionSuffix());
        assertFalse(Files.exists(tmp.resolve("deploy-new")));
        assertTrue(control.submitted.isEmpty());
    }

    @Test
    void theWizardPageRefusesTheRunningDeploymentThenWritesANewOne() throws Exception {
        String running = Files.readString(config);
        press('w');
        type(deploy.toString());
        press(ENTER);
        rowWith("Refused: The folder " + deploy + " already contains a 'config.yaml'");
        for (int i = 0; i < deploy.toString().length(); i++) {
            press(new KeyStroke(KeyType.Backspace));
        }
        Path fresh = tmp.resolve("second");
        type(fresh.toString());
        press(ENTER);
        rowWith("Number of services (frontends) to create (default: 1)");
        press(ENTER); // 1 service
        press(ENTER); // generate its key
        rowWith("Service #1: Number of instance services to create (default: 2)");
        type("3");
        press(ENTER);
        press(ENTER); // tag node
        press(ENTER); // port 80
        press(ENTER); // target 127.0.0.1:80
        rowWith("Service #1: Restrict it to authorized clients?");
        type("1");
        press(ENTER); // one client key
        rowWith("Restrict each backend's own descriptor to the balancer");
        type("y");
        press(ENTER);
        rowWith("Wrote a new deployment to " + fresh);
        rowWith("  srv3/  node3  ");
        rowWith("  client client1: give client-keys/client1/");
        rowWith("Enter or Esc: back to the console");

        assertEquals(3, BundleRotation.defaultLoader().load(fresh.resolve("config.yaml")).config().services().get(0).instances().size());
        assertTrue(Files.isRegularFile(fresh.resolve("srv3").resolve("instance_torrc")));
        assertTrue(Files.isRegularFile(fresh.resolve("srv3/onionbalance-srv3/authorized_clients/balancer.auth")));
        assertTrue(Files.readString(fresh.resolve("config.yaml")).contains("authorized-clients:"));
        assertEquals(running, Files.readString(config), "the running config is never touched");
        assertTrue(control.submitted.isEmpty(), "a new deployment is not the running one: nothing for the engine");
        press(ENTER);
        assertFalse(rows().get(0).contains("> setup wizard"), rows().get(0));
        rowWith("setup wizard: wrote a new deployment to " + fresh); // in the log pane
    }

    @Test
    void theWizardFitsAnEightyByTwentyFourTerminal() throws Exception {
        session.close();
        terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        session = new ConsoleSession(control, new ConsoleWizardHooks(config, BundleRotation.defaultLoader(), new SecureRandom(),
                Runnable::run), new TerminalScreen(terminal), Clock.fixed(NOW, ZoneOffset.UTC));
        session.start();
        press('w');
        type(tmp.resolve("small").toString());
        press(ENTER);
        press(ENTER, ENTER, ENTER); // 1 service, a new key, 2 instances
        // Four answers shown above the fifth question, each within the 80 columns.
        rowWith("Service #1: Provide a tag name to group these instances [node]:");
        rowWith("Enter path to store generated config");
        assertTrue(rows().stream().allMatch(r -> r.length() == 80));
        assertTrue(rows().get(23).contains("Enter answer"), rows().get(23));
    }
}
