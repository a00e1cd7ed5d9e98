package net.onionbalance.config;

import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.X25519PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** services[].authorized-clients and instances[].client-key in config.yaml. */
class AuthorizedClientsConfigTest {
    private static final String A = ConfigLoaderTest.A;
    @TempDir
    Path dir;
    private final ConfigLoader loader = new ConfigLoader(Map.of(), key -> null);
    private final SecureRandom rng = new SecureRandom();

    private LoadedConfig load(String text) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, text);
        return loader.load(f);
    }

    @Test
    void withoutTheKeyNothingChanges() throws Exception {
        ServiceConfig s = load("services:\n- key: m.key\n  instances:\n  - address: " + A + "\n").config().services().get(0);
        assertEquals(AuthorizedClients.NONE, s.extensions().authorizedClients());
        assertEquals(Optional.empty(), s.instances().get(0).clientKey());
    }

    @Test
    void aFolderResolvesAgainstTheConfigFolder() throws Exception {
        LoadedConfig l = load("""
                services:
                - key: m.key
                  authorized-clients: clients/shop
                  instances:
                  - address: %s
                    client-key: keys/node1.auth_private
                """.formatted(A));
        assertEquals(List.of(), l.warnings());
        ServiceConfig s = l.config().services().get(0);
        assertEquals(new AuthorizedClients.Folder(dir.resolve("clients/shop")), s.extensions().authorizedClients());
        assertEquals(Optional.of(dir.resolve("keys/node1.auth_private")), s.instances().get(0).clientKey());
    }

    @Test
    void aListOfLinesIsParsedWhenLoadedAndBadLinesNameTheirLine() throws Exception {
        X25519PrivateKey a = X25519PrivateKey.generate(rng);
        X25519PrivateKey b = X25519PrivateKey.generate(rng);
        LoadedConfig l = load("""
                services:
                - key: m.key
                  authorized-clients:
                  - %s
                  - %s
                  - %s
                  instances:
                  - address: %s
                """.formatted(ClientAuthFiles.authLine(a.publicKey()), ClientAuthFiles.authLine(b.publicKey()),
                ClientAuthFiles.authLine(a.publicKey()), A));
        var listed = (AuthorizedClients.Listed) l.config().services().get(0).extensions().authorizedClients();
        assertEquals(List.of(a.publicKey(), b.publicKey()), listed.clients().stream().map(ClientAuthFiles.AuthorizedClient::key).toList());
        assertEquals(1, l.warnings().size());
        assertEquals(6, l.warnings().get(0).line());
        assertTrue(l.warnings().get(0).message().contains("already listed on line 4"), l.warnings().get(0).message());

        var e = assertThrows(ConfigException.class, () -> load("""
                services:
                - key: m.key
                  authorized-clients:
                  - %s
                  - descriptor:x25519:tooshort
                  instances:
                  - address: %s
                """.formatted(ClientAuthFiles.authLine(a.publicKey()), A)));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("config.yaml") && e.getMessage().contains("52 base32 characters"), e.getMessage());
    }

    @Test
    void theOldAuthKeyPointsToClientKey() throws Exception {
        LoadedConfig l = load("services:\n- key: m.key\n  instances:\n  - address: " + A + "\n    auth: x\n");
        assertTrue(l.warnings().get(0).message().contains("client-key"), l.warnings().get(0).message());
        assertEquals(OnionAddress.parse(A), l.config().services().get(0).instances().get(0).address());
    }
}
