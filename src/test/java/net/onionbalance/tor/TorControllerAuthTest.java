package net.onionbalance.tor;

import net.onionbalance.testsupport.TorProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each authentication method against a real tor, over TCP and over a Unix socket. Three tors
 * are shared by the class: no authentication, cookie, and HashedControlPassword.
 */
class TorControllerAuthTest {
    private static final String PASSWORD = "correct horse battery staple";

    private static TorProcess open;
    private static TorProcess cookie;
    private static TorProcess password;

    @BeforeAll
    static void startTors() {
        open = TorProcess.builder().unixControlSocket().start();
        // The cookie lives in a file of its own so that tests can tamper with it without touching tor's DataDirectory.
        cookie = TorProcess.builder().unixControlSocket().torrc("CookieAuthentication 1", "CookieAuthFile {dir}/cookie").start();
        password = TorProcess.builder().unixControlSocket().torrc("HashedControlPassword " + TorProcess.hashPassword(PASSWORD)).start();
    }

    @AfterAll
    static void stopTors() {
        for (TorProcess t : new TorProcess[] {open, cookie, password}) {
            if (t != null) {
                t.close();
            }
        }
    }

    private static List<ControlEndpoint> both(TorProcess tor) {
        return List.of(new ControlEndpoint.Tcp("127.0.0.1", tor.controlPort()), new ControlEndpoint.Unix(tor.controlSocket()));
    }

    /** Proves the session is authenticated: tor answers GETINFO only after AUTHENTICATE succeeded. */
    private static void assertUsable(TorController c) throws ControlException {
        assertEquals(c.torVersion(), TorVersion.parse(c.getInfo("version")));
    }

    @Test
    void noAuthentication() throws Exception {
        for (ControlEndpoint ep : both(open)) {
            try (TorController c = TorController.open(ControlSettings.of(ep))) {
                assertEquals(EnumSet.of(AuthMethod.NULL), c.protocolInfo().methods(), ep.toString());
                assertUsable(c);
            }
        }
    }

    @Test
    void safeCookie() throws Exception {
        for (ControlEndpoint ep : both(cookie)) {
            try (TorController c = TorController.open(ControlSettings.of(ep))) {
                assertTrue(c.protocolInfo().methods().contains(AuthMethod.SAFECOOKIE), ep.toString());
                assertEquals(Optional.of(cookie.directory().resolve("cookie")), c.protocolInfo().cookieFile());
                assertUsable(c);
            }
        }
    }

    @Test
    void plainCookie() throws Exception {
        // Tor always offers SAFECOOKIE next to COOKIE; narrow the choice to reach the COOKIE path.
        Authenticator cookieOnly = new Authenticator(new SecureRandom(), EnumSet.of(AuthMethod.COOKIE));
        for (ControlEndpoint ep : both(cookie)) {
            ConcurrentLinkedQueue<Reply> ignored = new ConcurrentLinkedQueue<>();
            try (ControlConnection c = ControlConnection.open(ep, Duration.ofSeconds(5), ignored::add, (conn, why) -> { })) {
                ProtocolInfo info = cookieOnly.authenticate(c, Optional.empty(),
                        List.of(cookie.directory().resolve("cookie")), Duration.ofSeconds(10));
                assertEquals(EnumSet.of(AuthMethod.COOKIE), info.methods());
                Reply r = c.call("GETINFO version", "GETINFO version", Duration.ofSeconds(10));
                assertTrue(r.isOk(), r.toString());
            }
        }
    }

    @Test
    void plainCookieFromAFileTorDoesNotKeepItsCookieInIsNeverSent() throws Exception {
        // The same real tor, but we are told its cookie lives elsewhere: as a squatter on the port would.
        Authenticator cookieOnly = new Authenticator(new SecureRandom(), EnumSet.of(AuthMethod.COOKIE));
        Path file = cookie.directory().resolve("cookie");
        ConcurrentLinkedQueue<Reply> ignored = new ConcurrentLinkedQueue<>();
        try (ControlConnection c = ControlConnection.open(new ControlEndpoint.Tcp("127.0.0.1", cookie.controlPort()),
                Duration.ofSeconds(5), ignored::add, (conn, why) -> { })) {
            ControlAuthenticationException e = assertThrows(ControlAuthenticationException.class,
                    () -> cookieOnly.authenticate(c, Optional.empty(), ControlSettings.TOR_COOKIE_FILES, Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("offers only plain COOKIE authentication with the cookie file " + file)
                    && e.getMessage().contains("not sent"), e.getMessage());
            // Nothing was sent: tor still waits for AUTHENTICATE and refuses anything else.
            Reply r = c.call("GETINFO version", "GETINFO version", Duration.ofSeconds(10));
            assertEquals(514, r.status(), r.toString());
        }
    }

    @Test
    void tamperedCookieFailsTheServerHashCheck(@TempDir Path tmp) throws Exception {
        Path file = cookie.directory().resolve("cookie");
        byte[] real = Files.readAllBytes(file);
        try {
            byte[] wrong = real.clone();
            wrong[0] ^= 1;
            Files.write(file, wrong);
            ControlAuthenticationException e = assertThrows(ControlAuthenticationException.class,
                    () -> TorController.open(ControlSettings.of(new ControlEndpoint.Unix(cookie.controlSocket()))));
            assertTrue(e.getMessage().contains("SAFECOOKIE") && e.getMessage().contains("server hash does not match " + file),
                    e.getMessage());
            Files.delete(file);
            e = assertThrows(ControlAuthenticationException.class,
                    () -> TorController.open(ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", cookie.controlPort()))));
            assertTrue(e.getMessage().startsWith("control auth cookie " + file + " does not exist"), e.getMessage());
        } finally {
            Files.write(file, real);
        }
    }

    @Test
    void passwordFromAFile(@TempDir Path tmp) throws Exception {
        Path pw = Files.writeString(tmp.resolve("control-password"), PASSWORD + "\n", StandardCharsets.UTF_8);
        for (ControlEndpoint ep : both(password)) {
            try (TorController c = TorController.open(ControlSettings.of(ep).withPassword(new PasswordSource.File(pw)))) {
                assertEquals(EnumSet.of(AuthMethod.HASHEDPASSWORD), c.protocolInfo().methods());
                assertUsable(c);
            }
        }
    }

    @Test
    void wrongPasswordIsRefusedWithoutShowingIt(@TempDir Path tmp) throws Exception {
        Path pw = Files.writeString(tmp.resolve("control-password"), "not the password", StandardCharsets.UTF_8);
        ControlEndpoint ep = new ControlEndpoint.Tcp("127.0.0.1", password.controlPort());
        ControlAuthenticationException e = assertThrows(ControlAuthenticationException.class,
                () -> TorController.open(ControlSettings.of(ep).withPassword(new PasswordSource.File(pw))));
        assertTrue(e.getMessage().startsWith("tor at " + ep + " refused the password"), e.getMessage());
        assertFalse(e.getMessage().contains("not the password"), e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("6e6f7420746865"), "hex of the password must not leak: " + e.getMessage());
    }

    @Test
    void missingPasswordSaysHowToGiveOne() {
        ControlAuthenticationException e = assertThrows(ControlAuthenticationException.class,
                () -> TorController.open(ControlSettings.of(new ControlEndpoint.Unix(password.controlSocket()))));
        assertTrue(e.getMessage().contains("wants a control-port password") && e.getMessage().contains(PasswordSource.DEFAULT_ENV),
                e.getMessage());
    }
}
