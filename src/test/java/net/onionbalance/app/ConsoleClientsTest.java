package net.onionbalance.app;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.ClientAuthorizations;
import net.onionbalance.wizard.WizardTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
class ConsoleClientsTest extends DeployedConsole {

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
