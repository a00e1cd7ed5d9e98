package net.onionbalance.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Tor's authorized_clients/*.auth and ClientOnionAuthDir/*.auth_private files. */
class ClientAuthFilesTest {
    @TempDir
    Path tmp;

    private final SecureRandom rng = new SecureRandom();

    @Test
    void writesTorsFormatsOwnerOnlyAndReadsThemBack() throws Exception {
        X25519PrivateKey k = X25519PrivateKey.generate(rng);
        OnionAddress service = OnionAddress.of(Ed25519ExpandedSecretKey.generate(rng).publicKey());
        Path auth = tmp.resolve("alice.auth");
        Path priv = tmp.resolve(service + ".auth_private");
        ClientAuthFiles.writeAuthFile(auth, k.publicKey());
        ClientAuthFiles.writeAuthPrivateFile(priv, service, k);

        String line = Files.readString(auth);
        assertTrue(line.matches("descriptor:x25519:[a-z2-7]{52}\n"), line);
        String privLine = Files.readString(priv);
        assertTrue(privLine.matches("[a-z2-7]{56}:descriptor:x25519:[a-z2-7]{52}\n"), "no .onion, as tor writes it");
        assertTrue(privLine.startsWith(service + ":"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));

        assertEquals(new ClientAuthFiles.AuthorizedClient("alice", k.publicKey()), ClientAuthFiles.readAuthFile(auth));
        ClientAuthFiles.ClientKey back = ClientAuthFiles.readAuthPrivateFile(priv);
        assertEquals(service, back.service());
        assertEquals(k, back.key());
        assertFalse(back.toString().contains(privLine.substring(75, 100)), "toString never shows the secret");

        var again = assertThrows(KeyFileException.class, () -> ClientAuthFiles.writeAuthFile(auth, k.publicKey()));
        assertTrue(again.getMessage().contains("refusing to overwrite"), again.getMessage());
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void upperCaseBase32AndSurroundingWhitespaceAreAccepted() {
        X25519PrivateKey k = X25519PrivateKey.generate(rng);
        String line = ClientAuthFiles.authLine(k.publicKey());
        String upper = "descriptor:x25519:" + line.substring(18).toUpperCase();
        assertEquals(k.publicKey(), ClientAuthFiles.parseAuthLine("  " + upper + " \r"));
    }

    @Test
    void aFolderIsEveryDotAuthFileSortedByNameOthersSkipped() throws Exception {
        X25519PrivateKey a = X25519PrivateKey.generate(rng);
        X25519PrivateKey b = X25519PrivateKey.generate(rng);
        ClientAuthFiles.writeAuthFile(tmp.resolve("bob.auth"), b.publicKey());
        ClientAuthFiles.writeAuthFile(tmp.resolve("alice.auth"), a.publicKey());
        Files.writeString(tmp.resolve("README"), "not a key\n");
        Files.writeString(tmp.resolve("carol.auth.disabled"), "not read\n");
        assertEquals(List.of(new ClientAuthFiles.AuthorizedClient("alice", a.publicKey()),
                new ClientAuthFiles.AuthorizedClient("bob", b.publicKey())), ClientAuthFiles.readFolder(tmp));
        assertTrue(assertThrows(KeyFileException.class, () -> ClientAuthFiles.readFolder(tmp.resolve("nope")))
                .getMessage().contains("does not exist"));
    }

    @Test
    void malformedFilesNameTheFileAndTheLine() throws Exception {
        String key = ClientAuthFiles.authLine(X25519PrivateKey.generate(rng).publicKey());
        Path wrongType = tmp.resolve("wrong.auth");
        Files.writeString(wrongType, "\ndescriptor:ed25519:" + key.substring(18) + "\n");
        var e = assertThrows(KeyFileException.class, () -> ClientAuthFiles.readAuthFile(wrongType));
        assertTrue(e.getMessage().contains(wrongType.toString()) && e.getMessage().contains("line 2:")
                && e.getMessage().contains("descriptor:x25519:"), e.getMessage());
        assertFalse(e.getMessage().contains(key.substring(18)), "the key is not repeated");

        Path shortKey = tmp.resolve("short.auth");
        Files.writeString(shortKey, key.substring(0, 60) + "\n");
        e = assertThrows(KeyFileException.class, () -> ClientAuthFiles.readAuthFile(shortKey));
        assertTrue(e.getMessage().contains("line 1:") && e.getMessage().contains("52 base32 characters"), e.getMessage());

        Path badChar = tmp.resolve("bad.auth");
        Files.writeString(badChar, key.substring(0, 30) + "1" + key.substring(31) + "\n");
        e = assertThrows(KeyFileException.class, () -> ClientAuthFiles.readAuthFile(badChar));
        assertTrue(e.getMessage().contains("not base32 at position 13"), e.getMessage());

        Path two = tmp.resolve("two.auth");
        Files.writeString(two, key + "\n" + key + "\n");
        e = assertThrows(KeyFileException.class, () -> ClientAuthFiles.readAuthFile(two));
        assertTrue(e.getMessage().contains("line 2:") && e.getMessage().contains("one key per file"), e.getMessage());

        Path empty = tmp.resolve("empty.auth");
        Files.writeString(empty, "\n");
        assertTrue(assertThrows(KeyFileException.class, () -> ClientAuthFiles.readAuthFile(empty)).getMessage().contains("empty"));

        Path folder = tmp.resolve("folder");
        Files.createDirectory(folder);
        Files.copy(wrongType, folder.resolve("x.auth"));
        e = assertThrows(KeyFileException.class, () -> ClientAuthFiles.readFolder(folder));
        assertTrue(e.getMessage().contains(folder.resolve("x.auth").toString()) && e.getMessage().contains("line 2"), e.getMessage());

        Path priv = tmp.resolve("p.auth_private");
        Files.writeString(priv, "notanaddress:descriptor:x25519:" + key.substring(18) + "\n");
        e = assertThrows(KeyFileException.class, () -> ClientAuthFiles.readAuthPrivateFile(priv));
        assertTrue(e.getMessage().contains(priv.toString()) && e.getMessage().contains("line 1")
                && e.getMessage().contains("not an onion address"), e.getMessage());
    }

    @Test
    void clientNamesMustBeSafeFileNames() {
        ClientAuthFiles.checkName("alice-phone_2");
        for (String bad : List.of("", "../x", "a/b", ".hidden", "x".repeat(65), "two words")) {
            assertThrows(IllegalArgumentException.class, () -> ClientAuthFiles.checkName(bad), bad);
        }
    }
}
