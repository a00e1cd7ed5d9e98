package net.onionbalance.cli;

import net.onionbalance.app.ConfigFileStore;
import net.onionbalance.config.ConfigLoader;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.hsdesc.BuildOptions;
import net.onionbalance.doc.hsdesc.Check;
import net.onionbalance.doc.hsdesc.ClientAuthorization;
import net.onionbalance.doc.hsdesc.DescriptorException;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.wizard.BundleRotation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static net.onionbalance.cli.KeyCommandTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code onionbalance client-auth add|list|remove} as an operator runs it, and what the balancer then loads. */
class ClientAuthCommandTest {
    private static final String BACKEND = "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd";
    @TempDir
    Path dir;
    private Path config;
    private OnionAddress master;

    @BeforeEach
    void deployment() throws Exception {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        KeyFiles.write(dir.resolve("master.key"), key, false);
        master = key.onionAddress();
        config = dir.resolve("config.yaml");
        Files.writeString(config, """
                # the shop
                services:
                - key: master.key   # made by onionbalance-config
                  instances:
                  - address: %s
                    name: node1
                """.formatted(BACKEND));
    }

    private ClientAuthorization loaded() throws Exception {
        ConfigLoader loader = BundleRotation.defaultLoader();
        ServiceConfig s = loader.load(config).config().services().get(0);
        return ConfigFileStore.clientAuthorization(s);
    }

    private KeyCommandTest.Run ca(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "client-auth";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "-c";
        all[args.length + 2] = config.toString();
        return run(all);
    }

    @Test
    void addWritesBothFilesOwnerOnlyAndRestrictsTheService() throws Exception {
        assertEquals(ClientAuthorization.open(), loaded());
        var r = ca("add", "alice", "--service", master.withOnionSuffix());
        assertEquals(0, r.code(), r.err());
        Path auth = dir.resolve("authorized_clients").resolve(master.toString()).resolve("alice.auth");
        Path priv = dir.resolve("client-keys/alice").resolve(master + ".auth_private");
        assertTrue(r.out().contains(auth.toString()) && r.out().contains(priv.toString()), r.out());
        assertTrue(r.out().contains("reload"), r.out());
        for (Path p : List.of(auth, priv)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv.getParent())));
        String text = Files.readString(config);
        assertTrue(text.contains("- key: master.key   # made by onionbalance-config\n  authorized-clients: authorized_clients/"
                + master + "\n  instances:"), text);
        assertTrue(text.startsWith("# the shop\n"), "comments stay");

        // The private file opens what the balancer now publishes; nobody else does.
        X25519PrivateKey alice = ClientAuthFiles.readAuthPrivateFile(priv).key();
        assertEquals(master, ClientAuthFiles.readAuthPrivateFile(priv).service());
        assertFalse(r.out().contains(ClientAuthFiles.authPrivateLine(master, alice).substring(57)), "the secret is not printed");
        ClientAuthorization clients = loaded();
        assertEquals(new ClientAuthorization.Restricted(List.of(alice.publicKey())), clients);
        Instant now = Instant.now();
        TimePeriod tp = TimePeriod.containing(now);
        IdentityKey key = KeyFiles.load(dir.resolve("master.key"));
        String desc = MasterDescriptorBuilder.build(key, tp, 1, List.of(), BuildOptions.defaults().withClientAuthorization(clients),
                now, new SecureRandom()).text();
        DescriptorVerifier.verify(desc, master, List.of(tp), now, alice);
        assertEquals(Check.CLIENT_AUTHORIZATION, assertThrows(DescriptorException.class,
                () -> DescriptorVerifier.verify(desc, master, List.of(tp), now)).check());

        var again = ca("add", "alice", "--service", master.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void listAndRemoveButNeverTheLastClient() throws Exception {
        assertEquals(0, ca("add", "alice", "--service", master.toString()).code());
        assertEquals(0, ca("add", "bob", "--service", master.toString(), "--output-dir", dir.resolve("out").toString()).code());
        assertTrue(Files.exists(dir.resolve("out").resolve(master + ".auth_private")));
        var list = ca("list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(master.withOnionSuffix() + ": 2 authorized clients"), list.out());
        assertTrue(list.out().contains("  alice  descriptor:x25519:") && list.out().contains("  bob  descriptor:x25519:"), list.out());

        var removed = ca("remove", "alice", "--service", master.toString());
        assertEquals(0, removed.code(), removed.err());
        assertEquals(1, ((ClientAuthorization.Restricted) loaded()).clients().size());
        var last = ca("remove", "bob", "--service", master.toString());
        assertEquals(1, last.code());
        assertTrue(last.err().contains("last client") && last.err().contains("public"), last.err());
        var unknown = ca("remove", "carol", "--service", master.toString());
        assertTrue(unknown.err().contains("no such client") && unknown.err().contains("bob"), unknown.err());
    }

    @Test
    void aMalformedAuthFileNamesTheFileAndLine() throws Exception {
        assertEquals(0, ca("add", "alice", "--service", master.toString()).code());
        Path bad = dir.resolve("authorized_clients").resolve(master.toString()).resolve("mallory.auth");
        Files.writeString(bad, "descriptor:x25519:abc\n");
        var e = assertThrows(net.onionbalance.crypto.KeyFileException.class, this::loaded);
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("line 1"), e.getMessage());
        var list = ca("list");
        assertEquals(1, list.code());
        assertTrue(list.err().contains(bad + ": line 1:"), list.err());
    }

    @Test
    void anUnknownServiceListsTheOnesThereAre() {
        String other = OnionAddress.of(Ed25519ExpandedSecretKey.generate(new SecureRandom()).publicKey()).toString();
        var r = ca("add", "alice", "--service", other);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("No service") && r.err().contains(master.withOnionSuffix()), r.err());
    }
}
