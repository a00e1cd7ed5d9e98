package net.onionbalance.tor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions, backoff, endpoints, password sources, cookie errors, address checks. */
class SmallTypesTest {

    @Test
    void torVersionsOrderNumerically() {
        assertEquals(new TorVersion(0, 4, 8, 10, ""), TorVersion.parse("0.4.8.10"));
        assertEquals("alpha", TorVersion.parse("0.4.3.1-alpha (git-0123456789abcdef)").status());
        assertTrue(TorVersion.parse("0.4.2.9").isOlderThan(TorVersion.MICRODESC_CONSENSUS_GETINFO));
        assertTrue(TorVersion.parse("0.4.10.1").compareTo(TorVersion.parse("0.4.9.11")) > 0);
        assertEquals(0, TorVersion.parse("0.4.3.1-alpha").compareTo(TorVersion.parse("0.4.3.1")));
        assertThrows(IllegalArgumentException.class, () -> TorVersion.parse("tor"));
    }

    @Test
    void tooOldMessageSaysWhatIsNeeded() {
        var e = new TorTooOldException(TorVersion.parse("0.4.2.7"), TorVersion.MICRODESC_CONSENSUS_GETINFO,
                "the microdescriptor consensus over the control port");
        assertEquals("tor 0.4.2.7 is too old: the microdescriptor consensus over the control port needs 0.4.3.1-alpha or later",
                e.getMessage());
    }

    @Test
    void oldTorWithoutMicrodescConsensusIsToldApart() {
        List<String> keys = List.of("dir/status-vote/current/consensus-microdesc");
        TorTooOldException e = TorController.tooOldFor(keys, 552, TorVersion.parse("0.4.2.8"));
        assertEquals("tor 0.4.2.8 is too old: the microdescriptor consensus over the control port (GETINFO "
                + "dir/status-vote/current/consensus-microdesc) needs 0.4.3.1-alpha or later", e.getMessage());
        // A current tor without a consensus yet (551), or another key: not a version problem.
        assertEquals(null, TorController.tooOldFor(keys, 551, TorVersion.parse("0.4.2.8")));
        assertEquals(null, TorController.tooOldFor(keys, 552, TorVersion.parse("0.4.8.10")));
        assertEquals(null, TorController.tooOldFor(List.of("md/all"), 552, TorVersion.parse("0.4.2.8")));
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 2000L, 2000L),
                List.of(0, 1, 2, 3, 4, 50).stream().map(i -> b.delay(i).toMillis()).toList());
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void endpointsFollowOnionbalanceRules(@TempDir Path dir) throws IOException {
        Path sock = Files.createFile(dir.resolve("control"));
        Path missing = dir.resolve("missing");
        var tcp = new ControlEndpoint.Tcp("127.0.0.1", 9051);
        // -s given and present: socket first, then TCP.
        assertEquals(List.of(new ControlEndpoint.Unix(sock), tcp),
                ControlEndpoint.onionbalanceCandidates(Optional.of(sock), Map.of(), "127.0.0.1", 9051));
        // Socket absent: TCP only.
        assertEquals(List.of(tcp), ControlEndpoint.onionbalanceCandidates(Optional.of(missing), Map.of(), "127.0.0.1", 9051));
        // No -s: the environment variable names the socket.
        assertEquals(List.of(new ControlEndpoint.Unix(sock), tcp), ControlEndpoint.onionbalanceCandidates(Optional.empty(),
                Map.of(ControlEndpoint.SOCKET_ENV, sock.toString()), "127.0.0.1", 9051));
        assertEquals("[::1]:9051", new ControlEndpoint.Tcp("::1", 9051).toString());
        assertThrows(IllegalArgumentException.class, () -> new ControlEndpoint.Tcp("127.0.0.1", 0));
    }

    @Test
    void passwordFromFileAndEnvironment(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret\n", StandardCharsets.UTF_8);
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), new PasswordSource.File(f).read());
        Files.writeString(f, "with\r\n", StandardCharsets.UTF_8);
        assertArrayEquals("with".getBytes(StandardCharsets.UTF_8), new PasswordSource.File(f).read());
        Files.writeString(f, "\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(ControlAuthenticationException.class, () -> new PasswordSource.File(f).read())
                .getMessage().contains("is empty"));
        assertTrue(assertThrows(ControlAuthenticationException.class, () -> new PasswordSource.File(dir.resolve("none")).read())
                .getMessage().contains("control password file " + dir.resolve("none") + " does not exist"));
        var env = new PasswordSource.Environment("TOR_PW");
        assertArrayEquals("pw".getBytes(StandardCharsets.UTF_8), env.read(Map.of("TOR_PW", "pw")::get));
        assertTrue(assertThrows(ControlAuthenticationException.class, () -> env.read(Map.<String, String>of()::get))
                .getMessage().contains("TOR_PW, which is not set"));
    }

    @Test
    void cookieErrorsTellTheOperatorWhatToDo(@TempDir Path dir) throws IOException {
        Path locked = Files.write(dir.resolve("locked"), new byte[32]);
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(locked)) { // root reads anything
            assertEquals("control auth cookie " + locked + " cannot be read: permission denied (is this user in group debian-tor?)",
                    assertThrows(ControlAuthenticationException.class, () -> Authenticator.readCookie(locked)).getMessage());
        }
        assertEquals("control auth cookie " + dir.resolve("nope") + " does not exist (does tor run on this machine, "
                        + "and as the user that owns it?)",
                assertThrows(ControlAuthenticationException.class, () -> Authenticator.readCookie(dir.resolve("nope")))
                        .getMessage());
        Path big = Files.write(dir.resolve("big"), new byte[4096]);
        assertTrue(assertThrows(ControlAuthenticationException.class, () -> Authenticator.readCookie(big))
                .getMessage().contains("is 4096 bytes; a control auth cookie is at most 32 bytes"));
        Path shortCookie = Files.write(dir.resolve("short"), new byte[16]);
        assertTrue(assertThrows(ControlAuthenticationException.class, () -> Authenticator.readCookie(shortCookie))
                .getMessage().contains("holds 16 bytes"));
    }

    @Test
    void protocolInfoOfTheSpecExample() throws Exception {
        String wire = "250-PROTOCOLINFO 1\r\n"
                + "250-AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD,FUTURE COOKIEFILE=\"/home/user/.tor/control_auth_cookie\"\r\n"
                + "250-VERSION Tor=\"0.2.3.5-alpha\"\r\n250 OK\r\n";
        Reply r = new ReplyReader(new java.io.ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read();
        ProtocolInfo info = ProtocolInfo.parse(r);
        assertEquals(java.util.EnumSet.of(AuthMethod.COOKIE, AuthMethod.SAFECOOKIE, AuthMethod.HASHEDPASSWORD), info.methods());
        assertEquals(Optional.of(Path.of("/home/user/.tor/control_auth_cookie")), info.cookieFile());
        assertEquals(TorVersion.parse("0.2.3.5-alpha"), info.torVersion());
    }

    @Test
    void aCookieFileWithANulByteIsAProtocolErrorNamingIt() throws Exception {
        // Found by scripts/fuzz (the control target): Path.of threw InvalidPathException out of the parser.
        String wire = "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE COOKIEFILE=\"/run/tor/control.auth\u0000cookie\"\r\n"
                + "250-VERSION Tor=\"0.4.8.10\"\r\n250 OK\r\n";
        Reply r = new ReplyReader(new java.io.ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read();
        var e = assertThrows(ControlProtocolException.class, () -> ProtocolInfo.parse(r));
        assertTrue(e.getMessage().contains("cookie file that is not a path"), e.getMessage());
    }
}
