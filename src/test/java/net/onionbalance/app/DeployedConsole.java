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

/**
 * A deployment on disk written by DeploymentWriter as {@code onionbalance config} does, and the
 * console on Lanterna's virtual terminal wired to the app hooks for it, with the engine replaced by
 * a control that records the commands: the set-up the console's wizard and client tests share.
 */
abstract class DeployedConsole {
    static final Instant NOW = Instant.parse("2024-06-10T14:03:22Z");
    static final KeyStroke ENTER = new KeyStroke(KeyType.Enter);
    static final KeyStroke ESC = new KeyStroke(KeyType.Escape);
    static final KeyStroke DOWN = new KeyStroke(KeyType.ArrowDown);

    @TempDir
    Path tmp;
    Path deploy;
    Path config;
    OnionAddress master;
    List<InstanceConfig> instances;
    FakeControl control;
    DefaultVirtualTerminal terminal;
    ConsoleSession session;

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

    BalancerConfig load() throws Exception {
        return BundleRotation.defaultLoader().load(config).config();
    }

    void press(KeyStroke... keys) throws IOException {
        for (KeyStroke k : keys) {
            terminal.addInput(k);
        }
        session.step();
    }

    void press(char c) throws IOException {
        press(new KeyStroke(c, false, false));
    }

    void type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        session.step();
    }

    List<String> rows() {
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

    String rowWith(String needle) {
        return rows().stream().filter(r -> r.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no row contains \"" + needle + "\" in:\n" + String.join("\n", rows())));
    }

    static OnionAddress hostname(Path bundle) throws IOException {
        try (var s = Files.list(bundle)) {
            Path keys = s.filter(Files::isDirectory).findFirst().orElseThrow();
            return OnionAddress.parse(Files.readString(keys.resolve("hostname")).strip());
        }
    }
}
