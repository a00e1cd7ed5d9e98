package net.onionbalance.app;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.ui.console.ConsoleSession;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.DeploymentWriter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
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
class ConsoleWizardHooksTest extends DeployedConsole {

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
