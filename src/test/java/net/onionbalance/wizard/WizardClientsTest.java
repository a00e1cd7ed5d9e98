package net.onionbalance.wizard;

import net.onionbalance.config.AuthorizedClients;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.wizard.WizardTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static net.onionbalance.wizard.WizardTestSupport.mode;
import static net.onionbalance.wizard.WizardTestSupport.onionbalance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wizard sets up a restricted service (restricted discovery): client keys made as
 * {@code client-auth add} makes them, or a folder of .auth files taken, and config.yaml naming
 * the folder; the questions on the screen and the plain prompts, and the flags.
 */
class WizardClientsTest {
    private static final SecureRandom RNG = new SecureRandom();

    private static ClientAuthorizations clientAuth() {
        return new ClientAuthorizations(BundleRotation.defaultLoader(), RNG);
    }

    /** A folder as tor's HiddenServiceDir/authorized_clients/ holds it: bob and client1. */
    private static Path someoneElsesClients(Path dir) throws Exception {
        Path folder = dir.resolve("old-service-clients");
        Files.createDirectory(folder);
        ClientAuthFiles.writeAuthFile(folder.resolve("bob.auth"), X25519PrivateKey.generate(RNG).publicKey());
        ClientAuthFiles.writeAuthFile(folder.resolve("client1.auth"), X25519PrivateKey.generate(RNG).publicKey());
        Files.writeString(folder.resolve("notes.txt"), "tor skips other files\n");
        return folder;
    }

    @Test
    void newClientKeysAndATakenFolderAreWrittenAsClientAuthAddWritesThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        Path taken = someoneElsesClients(dir);
        ServiceRequest s = new ServiceRequest(Optional.empty(), 2, "node", 80, ServiceTarget.parse("127.0.0.1:8080"),
                new ClientsRequest(2, Optional.of(taken)));
        WrittenDeployment w = new DeploymentWriter().write(DeploymentPlan.prepare(
                new DeploymentRequest(out, List.of(s), DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), RNG));
        OnionAddress master = w.plan().services().get(0).master();
        Path config = w.configFile();

        assertTrue(Files.readString(config).startsWith("# Onionbalance Config File\nservices:\n- authorized-clients: "
                + "authorized_clients/" + master + "\n  instances:\n"), Files.readString(config));
        ClientAuthorizations.ServiceClients listed = clientAuth().service(config, master);
        assertEquals(new AuthorizedClients.Folder(out.resolve("authorized_clients").resolve(master.toString())), listed.source());
        assertEquals(List.of("bob", "client1", "client2", "client3"),
                listed.clients().stream().map(ClientAuthFiles.AuthorizedClient::name).toList(),
                "the folder's clients, then the new ones, named past the folder's client1");
        assertEquals(ClientAuthFiles.readAuthFile(taken.resolve("bob.auth")).key(), listed.clients().get(0).key());
        for (String name : List.of("client2", "client3")) {
            Path priv = out.resolve("client-keys").resolve(name).resolve(master + ".auth_private");
            assertEquals("rw-------", mode(priv));
            assertEquals("rwx------", mode(priv.getParent()));
            ClientAuthFiles.ClientKey k = ClientAuthFiles.readAuthPrivateFile(priv);
            assertEquals(master, k.service());
            Path auth = out.resolve("authorized_clients").resolve(master.toString()).resolve(name + ".auth");
            assertEquals("rw-------", mode(auth));
            assertEquals(k.key().publicKey(), ClientAuthFiles.readAuthFile(auth).key(), name + "'s pair matches");
        }
        assertFalse(Files.exists(out.resolve("client-keys/bob")), "a taken client's key is its owner's");
        assertFalse(Files.exists(out.resolve("authorized_clients").resolve(master.toString()).resolve("notes.txt")));
        assertEquals("rwx------", mode(out.resolve("authorized_clients").resolve(master.toString())));
        String readme = Files.readString(out.resolve("README.txt"));
        assertTrue(readme.contains("FOR EACH AUTHORIZED CLIENT") && readme.contains("cp -rp authorized_clients /etc/onionbalance/"), readme);
        assertEquals(List.of("restricted to 4 authorized clients (authorized_clients/" + master + "/)",
                        "client bob: taken from the folder (its owner holds the key)",
                        "client client1: taken from the folder (its owner holds the key)",
                        "client client2: give client-keys/client2/" + master + ".auth_private to that client only (its ClientOnionAuthDir)",
                        "client client3: give client-keys/client3/" + master + ".auth_private to that client only (its ClientOnionAuthDir)"),
                w.clientNotes(w.plan().services().get(0)));

        // client-auth keeps working on what the wizard wrote.
        clientAuth().add(config, master, "dave", Optional.empty());
        clientAuth().remove(config, master, "bob");
        assertEquals(List.of("client1", "client2", "client3", "dave"),
                clientAuth().service(config, master).clients().stream().map(ClientAuthFiles.AuthorizedClient::name).toList());
    }

    @Test
    void aPublicServiceStaysAsOnionbalanceConfigWritesIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        ServiceRequest s = new ServiceRequest(Optional.empty(), 1, "node", 80, ServiceTarget.parse("127.0.0.1:8080"));
        new DeploymentWriter().write(DeploymentPlan.prepare(
                new DeploymentRequest(out, List.of(s), DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), RNG));
        assertFalse(Files.readString(out.resolve("config.yaml")).contains("authorized-clients"));
        assertFalse(Files.exists(out.resolve("authorized_clients")));
        assertFalse(Files.exists(out.resolve("client-keys")));
        assertFalse(Files.readString(out.resolve("README.txt")).contains("AUTHORIZED CLIENT"));
    }

    @Test
    void theClientsAnswerIsANumberOrAFolderAndWrongOnesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        assertEquals(ClientsRequest.NONE, Answers.clients("f", ""));
        assertEquals(ClientsRequest.NONE, Answers.clients("f", "0"));
        assertEquals(new ClientsRequest(3, Optional.empty()), Answers.clients("f", " 3 "));
        InvalidAnswerException many = assertThrows(InvalidAnswerException.class, () -> Answers.clients("f", "65"));
        assertTrue(many.getMessage().contains("from 0 to 64") && many.getMessage().contains("client-auth add"), many.getMessage());
        assertThrows(InvalidAnswerException.class, () -> Answers.clients("f", "-1"));
        InvalidAnswerException missing = assertThrows(InvalidAnswerException.class,
                () -> Answers.clients("f", dir.resolve("nope").toString()));
        assertTrue(missing.getMessage().contains("folder does not exist") && missing.getMessage().contains(dir.resolve("nope").toString()),
                missing.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        InvalidAnswerException none = assertThrows(InvalidAnswerException.class, () -> Answers.clients("f", empty.toString()));
        assertTrue(none.getMessage().contains("holds no <name>.auth file, so the service would be public"), none.getMessage());
        Path bad = Files.createDirectory(dir.resolve("bad"));
        Files.writeString(bad.resolve("eve.auth"), "descriptor:x25519:not-a-key\n");
        InvalidAnswerException broken = assertThrows(InvalidAnswerException.class, () -> Answers.clients("f", bad.toString()));
        assertTrue(broken.getMessage().contains(bad.resolve("eve.auth").toString()) && broken.getMessage().contains("line 1"),
                broken.getMessage());
        Path folder = someoneElsesClients(dir);
        assertEquals(new ClientsRequest(0, Optional.of(folder)), Answers.clients("f", folder.toString()));
    }

    @Test
    void theConversationAsksForClientsPerServiceAndOnceForTheBackends(@TempDir Path dir) throws Exception {
        WizardConversation c = new WizardConversation(WizardDefaults.ONIONBALANCE_CONFIG);
        List<String> answers = List.of(dir.resolve("out").toString(), "2", "", "1", "", "", "", "2", "", "1", "", "", "", "", "y");
        List<WizardConversation.Topic> asked = new java.util.ArrayList<>();
        for (String a : answers) {
            WizardConversation.Question q = c.current().orElseThrow();
            asked.add(q.topic());
            if (q.topic() == WizardConversation.Topic.RESTRICT_BACKENDS) {
                assertTrue(c.answer("maybe").isPresent(), "y or n");
                assertTrue(q.prompt().contains("(y/n) [n]"), q.prompt());
            }
            assertEquals(Optional.empty(), c.answer(a), q.prompt());
        }
        assertTrue(c.current().isEmpty());
        assertEquals(List.of(WizardConversation.Topic.CLIENTS, WizardConversation.Topic.CLIENTS, WizardConversation.Topic.RESTRICT_BACKENDS),
                asked.stream().filter(WizardConversation.Topic::ours).toList());
        DeploymentRequest r = c.request();
        assertTrue(r.restrictBackends());
        assertEquals(new ClientsRequest(2, Optional.empty()), r.services().get(0).clients());
        assertEquals(ClientsRequest.NONE, r.services().get(1).clients());
    }

    @Test
    void onionbalanceConfigsOwnAnswersOnStdinStillWriteAPublicDeployment(@TempDir Path dir) throws Exception {
        // Exactly what a script feeding onionbalance-config sends: our questions then take their defaults.
        String in = dir.resolve("out") + "\n1\n\n2\nnode\n80\n127.0.0.1:80\n";
        StringWriter shown = new StringWriter();
        DeploymentRequest r = new PlainPrompts(new BufferedReader(new InputStreamReader(WizardTestSupport.stdin(in), StandardCharsets.UTF_8)),
                new PrintWriter(shown)).ask(new WizardConversation(WizardDefaults.ONIONBALANCE_CONFIG));
        assertFalse(r.restrictBackends());
        assertEquals(ClientsRequest.NONE, r.services().get(0).clients());
        assertTrue(shown.toString().contains("Restrict it to authorized clients?"), shown.toString());
    }

    @Test
    void theFlagsMakeClientKeysAndTakeAFolderPerService(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("deploy");
        Path taken = someoneElsesClients(dir);
        Run r = onionbalance("config", "--no-interactive", "--output", out.toString(), "-s", "2", "-n", "1",
                "--clients", "1", "--authorized-clients", taken.toString(), "--restrict-backends");
        assertEquals(0, r.exitCode(), r.toString());
        List<ClientAuthorizations.ServiceClients> services = clientAuth().list(out.resolve("config.yaml"));
        assertEquals(List.of("bob", "client1", "client2"),
                services.get(0).clients().stream().map(ClientAuthFiles.AuthorizedClient::name).toList());
        assertEquals(List.of("client1"), services.get(1).clients().stream().map(ClientAuthFiles.AuthorizedClient::name).toList());
        Path priv = out.resolve("client-keys/client1").resolve(services.get(1).master() + ".auth_private");
        assertTrue(r.out().contains("client client1: give client-keys/client1/" + services.get(1).master() + ".auth_private"), r.out());
        assertTrue(r.out().contains("(restricted to the balancer)"), r.out());
        assertEquals(services.get(1).master(), ClientAuthFiles.readAuthPrivateFile(priv).service());
        assertFalse(r.out().contains(Files.readString(priv).strip().substring(60)), "the secret is not printed");

        Run tooMany = onionbalance("config", "--no-interactive", "--output", dir.resolve("x").toString(),
                "--authorized-clients", taken.toString(), "--authorized-clients", taken.toString());
        assertEquals(2, tooMany.exitCode(), "a usage error");
        assertTrue(tooMany.err().contains("--authorized-clients is given 2 times but -s asks for 1 service"), tooMany.err());
        Run bad = onionbalance("config", "--no-interactive", "--output", dir.resolve("y").toString(), "--clients", "100");
        assertEquals(2, bad.exitCode(), "a usage error");
        assertTrue(bad.err().contains("from 0 to 64"), bad.err());
        assertFalse(Files.exists(dir.resolve("x")) || Files.exists(dir.resolve("y")), "nothing written");
    }
}
