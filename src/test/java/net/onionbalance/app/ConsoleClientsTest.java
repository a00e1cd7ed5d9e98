package net.onionbalance.app;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
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
import net.onionbalance.wizard.ClientAuthorizations;
import net.onionbalance.wizard.WizardTestSupport;
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
 * The console's {@code c} (a service's authorized clients) on Lanterna's virtual terminal, wired to
 * the same code as {@code onionbalance client-auth} for a real deployment on disk, with the engine
 * replaced by a control that records the commands: what the operator reads, what lands on disk,
 * and that the engine is asked to reload (it then republishes, ClientAuthEndToEndTest).
 */
class ConsoleClientsTest {
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

    /** The screen in the test's report, for whoever reads it after a failure or a change of layout. */
    private void show(String what) {
        System.out.println("SCREEN " + what + ":\n" + String.join("\n", rows()).stripTrailing() + "\n");
    }

    private Path clientsFolder() {
        return deploy.resolve("authorized_clients").resolve(master.toString());
    }

    private Path privateFile(String name) {
        return deploy.resolve("client-keys").resolve(name).resolve(master + ".auth_private");
    }

    @Test
    void aPublicServiceGetsItsFirstClientAfterTheOperatorConfirms() throws Exception {
        press('c'); // the cursor starts on the service
        session.step(); // the list arrives from the worker
        rowWith("Public: anyone who knows the address can open its descriptor.");
        show("c on a public service");
        rowWith("a  add a client: a new key pair (asks first)");
        assertFalse(String.join("\n", rows()).contains("remove a client"), "a public service has no client to remove");
        press('a');
        rowWith("A name for the new client");
        type("bad name");
        press(ENTER);
        rowWith("client name 'bad name' must be 1-64 letters");
        for (int i = 0; i < 8; i++) {
            press(new KeyStroke(KeyType.Backspace));
        }
        type("alice");
        press(ENTER);
        rowWith("Add client alice to " + master.toString().substring(0, 20));
        rowWith("The service turns restricted");
        assertFalse(Files.exists(clientsFolder()), "nothing before the operator confirms");
        assertTrue(control.submitted.isEmpty());
        press('y');
        session.step();

        Path priv = privateFile("alice");
        Path auth = clientsFolder().resolve("alice.auth");
        assertEquals("rw-------", WizardTestSupport.mode(priv));
        assertEquals("rw-------", WizardTestSupport.mode(auth));
        ClientAuthFiles.ClientKey key = ClientAuthFiles.readAuthPrivateFile(priv);
        assertEquals(master, key.service());
        assertEquals(key.key().publicKey(), ClientAuthFiles.readAuthFile(auth).key(), "the pair matches");
        assertTrue(Files.readString(config).contains("authorized-clients: authorized_clients/" + master), Files.readString(config));
        assertEquals(List.of(new EngineCommand.Reload()), control.submitted, "the engine re-reads config.yaml and republishes");
        String screen = String.join("\n", rows());
        rowWith("client alice added");
        show("the new client's notice");
        assertTrue(screen.contains(priv.toString()), "where the client's key was written:\n" + screen);
        assertTrue(screen.contains("ClientOnionAuthDir"), screen);
        String secret = ClientAuthFiles.authPrivateLine(master, key.key());
        String secretPart = secret.substring(secret.lastIndexOf(':') + 1);
        assertFalse(screen.contains(secretPart), "the key itself is never shown");
        assertTrue(control.log.lines().stream().anyMatch(l -> l.message().contains(priv.toString())), "the log says where");
        assertTrue(control.log.lines().stream().noneMatch(l -> l.message().contains(secretPart)), "the log never holds the key");
        press('x'); // any key closes the notice; the status line keeps the path
        assertFalse(String.join("\n", rows()).contains("Give the client this file"));
        rowWith("client alice added; republishing. Its key: " + priv);
    }

    @Test
    void theListShowsTheClientsAndRemoveAsksFirstThenReloads() throws Exception {
        new ClientAuthorizations(BundleRotation.defaultLoader(), new SecureRandom()).add(config, master, "alice", Optional.empty());
        new ClientAuthorizations(BundleRotation.defaultLoader(), new SecureRandom()).add(config, master, "bob", Optional.empty());
        press('c');
        session.step();
        rowWith("Restricted: only these 2 clients can open its descriptor (folder " + clientsFolder());
        rowWith("alice, bob");
        press('d');
        rowWith("The client to remove (alice, bob):");
        type("carol");
        press(ENTER);
        rowWith("no client named 'carol'");
        for (int i = 0; i < 5; i++) {
            press(new KeyStroke(KeyType.Backspace));
        }
        type("bob");
        press(ENTER);
        rowWith("Remove client bob of");
        press('n');
        rowWith("cancelled");
        assertTrue(Files.exists(clientsFolder().resolve("bob.auth")), "n keeps the client");
        assertTrue(control.submitted.isEmpty());

        press('c');
        session.step();
        press('d');
        type("bob");
        press(ENTER);
        press('y');
        session.step();
        assertFalse(Files.exists(clientsFolder().resolve("bob.auth")));
        assertTrue(Files.exists(clientsFolder().resolve("alice.auth")));
        assertEquals(List.of(new EngineCommand.Reload()), control.submitted);
        rowWith("removed client bob; republishing");

        // The last client stays: the console says why, before asking anything.
        press('c');
        session.step();
        press('d');
        rowWith("cannot be removed: it is the service's last client");
        assertTrue(Files.exists(clientsFolder().resolve("alice.auth")));
    }

    @Test
    void aClientThatExistsOnDiskIsRefusedWithTheFileNamed() throws Exception {
        press('c');
        session.step();
        press('a');
        type("alice");
        press(ENTER);
        // Meanwhile someone made alice's private file by hand: never overwritten.
        Files.createDirectories(privateFile("alice").getParent());
        Files.writeString(privateFile("alice"), "keep me\n");
        press('y');
        session.step();
        rowWith("adding client alice failed");
        assertTrue(String.join("\n", rows()).contains("already exists; refusing to overwrite it"), String.join("\n", rows()));
        assertEquals("keep me\n", Files.readString(privateFile("alice")));
        assertTrue(control.submitted.isEmpty(), "nothing to reload");
    }

    @Test
    void theHelpAndFooterListC() throws Exception {
        rowWith("c clients");
        press('?');
        rowWith("the service's authorized clients: list, add or remove one (asks first)");
    }
}
