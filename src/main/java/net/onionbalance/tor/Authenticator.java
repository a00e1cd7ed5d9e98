package net.onionbalance.tor;

import java.util.stream.Collectors;
import net.onionbalance.crypto.Digests;
import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code PROTOCOLINFO} then {@code AUTHENTICATE} with the best method tor offers
 * (control-spec §3.5, §3.21, §3.24): NULL, else SAFECOOKIE (or COOKIE on a tor without it) when
 * the cookie file is readable, else HASHEDPASSWORD with the configured password.
 *
 * <p>The cookie file is named by whoever answers on the control port. SAFECOOKIE is safe with any
 * file: the other side must prove it knows the cookie (SERVERHASH) before we send anything derived
 * from it. Plain COOKIE sends the file's bytes as they are, so a process squatting the control port
 * could name any 32-byte file and receive it; it is used only for a file in the trusted list.
 */
final class Authenticator {
    /** control-spec §3.24: the HMAC keys of the SAFECOOKIE exchange. */
    static final String SERVER_TO_CONTROLLER = "Tor safe cookie authentication server-to-controller hash";
    static final String CONTROLLER_TO_SERVER = "Tor safe cookie authentication controller-to-server hash";
    static final int COOKIE_LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final SecureRandom random;
    private final Set<AuthMethod> allowed;

    Authenticator(SecureRandom random) {
        this(random, EnumSet.allOf(AuthMethod.class));
    }

    /** {@code allowed} narrows the methods considered (tests use it to reach COOKIE, which tor never offers alone). */
    Authenticator(SecureRandom random, Set<AuthMethod> allowed) {
        this.random = random;
        this.allowed = Set.copyOf(allowed);
    }

    /** Authenticates {@code c}; returns what PROTOCOLINFO said (methods narrowed to the allowed ones). */
    ProtocolInfo authenticate(ControlConnection c, Optional<PasswordSource> password, List<Path> plainCookieFiles,
                              Duration timeout) throws ControlException {
        String at = c.endpoint().toString();
        Reply r = c.call("PROTOCOLINFO", "PROTOCOLINFO 1", timeout);
        if (!r.isOk()) {
            throw new ControlReplyException(at, "PROTOCOLINFO", r.status(), r.last().text());
        }
        ProtocolInfo offered = ProtocolInfo.parse(r);
        Set<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        methods.addAll(offered.methods());
        methods.retainAll(allowed);
        ProtocolInfo info = new ProtocolInfo(methods, offered.cookieFile(), offered.torVersion());
        if (info.methods().contains(AuthMethod.NULL)) {
            expectOk(c, "AUTHENTICATE", "AUTHENTICATE", timeout, "tor at " + at + " refused authentication without credentials");
            return info;
        }
        ControlAuthenticationException cookieProblem = null;
        boolean cookieOffered = info.methods().contains(AuthMethod.SAFECOOKIE) || info.methods().contains(AuthMethod.COOKIE);
        if (cookieOffered) {
            if (info.cookieFile().isEmpty()) {
                cookieProblem = new ControlAuthenticationException("tor at " + at + " offers cookie authentication but names no COOKIEFILE");
            } else {
                byte[] cookie = null;
                Path file = info.cookieFile().get();
                boolean safe = info.methods().contains(AuthMethod.SAFECOOKIE);
                try {
                    if (!safe && !trusted(file, plainCookieFiles)) {
                        throw new ControlAuthenticationException("tor at " + at + " offers only plain COOKIE authentication"
                                + " with the cookie file " + file + ", which is not where tor keeps its cookie ("
                                + plainCookieFiles.stream().map(Path::toString).collect(Collectors.joining(", "))
                                + "); its bytes are not sent, since whatever listens on the control port could name any file"
                                + " (every tor since 0.2.3 offers SAFECOOKIE: is this really tor?)");
                    }
                    cookie = readCookie(file);
                } catch (ControlAuthenticationException e) {
                    cookieProblem = e;
                }
                if (cookie != null) {
                    try {
                        if (info.methods().contains(AuthMethod.SAFECOOKIE)) {
                            safeCookie(c, cookie, info.cookieFile().get(), timeout);
                        } else {
                            expectOk(c, "AUTHENTICATE (cookie)", "AUTHENTICATE " + HEX.formatHex(cookie), timeout,
                                    "tor at " + at + " refused the cookie from " + info.cookieFile().get());
                        }
                        return info;
                    } finally {
                        Arrays.fill(cookie, (byte) 0);
                    }
                }
            }
        }
        if (info.methods().contains(AuthMethod.HASHEDPASSWORD)) {
            if (password.isPresent()) {
                byte[] pw = password.get().read();
                try {
                    // Hex avoids any quoting question (control-spec §3.5: AUTHENTICATE [ 1*HEXDIG / QuotedString ]).
                    expectOk(c, "AUTHENTICATE (password)", "AUTHENTICATE " + HEX.formatHex(pw), timeout,
                            "tor at " + at + " refused the password");
                } finally {
                    Arrays.fill(pw, (byte) 0);
                }
                return info;
            }
            if (cookieProblem == null) {
                throw new ControlAuthenticationException("tor at " + at + " wants a control-port password "
                        + "(HashedControlPassword is set) but none is configured: give a password file or set "
                        + PasswordSource.DEFAULT_ENV);
            }
        }
        if (cookieProblem != null) {
            throw cookieProblem;
        }
        throw new ControlAuthenticationException("tor at " + at + " offers no authentication method this client supports: "
                + offered.methods());
    }

    /** Whether {@code file} is one of {@code trustedFiles}, compared as absolute, normalized paths. */
    private static boolean trusted(Path file, List<Path> trustedFiles) {
        Path f = file.toAbsolutePath().normalize();
        return trustedFiles.stream().anyMatch(t -> t.toAbsolutePath().normalize().equals(f));
    }

    private void safeCookie(ControlConnection c, byte[] cookie, Path cookieFile, Duration timeout) throws ControlException {
        String at = c.endpoint().toString();
        byte[] clientNonce = new byte[32];
        random.nextBytes(clientNonce);
        Reply r = c.call("AUTHCHALLENGE", "AUTHCHALLENGE SAFECOOKIE " + HEX.formatHex(clientNonce), timeout);
        if (!r.isOk()) {
            throw new ControlAuthenticationException("tor at " + at + " rejected AUTHCHALLENGE: " + r.status() + " " + r.last().text());
        }
        String text = r.last().text();
        if (!text.startsWith("AUTHCHALLENGE ")) {
            throw new ControlProtocolException("AUTHCHALLENGE reply does not start with AUTHCHALLENGE: " + text);
        }
        KeywordArguments a = KeywordArguments.parse(text.substring("AUTHCHALLENGE ".length()));
        byte[] serverHash = hex(a.keyword("SERVERHASH"), "SERVERHASH");
        byte[] serverNonce = hex(a.keyword("SERVERNONCE"), "SERVERNONCE");
        byte[] expected = hmac(SERVER_TO_CONTROLLER, cookie, clientNonce, serverNonce);
        if (!MessageDigest.isEqual(expected, serverHash)) {
            // Either the cookie file belongs to another tor, or something that is not our tor answered.
            throw new ControlAuthenticationException("tor at " + at + " failed the SAFECOOKIE check: its server hash does not match "
                    + cookieFile + " (is that the cookie of the tor listening there?)");
        }
        byte[] clientHash = hmac(CONTROLLER_TO_SERVER, cookie, clientNonce, serverNonce);
        expectOk(c, "AUTHENTICATE (safecookie)", "AUTHENTICATE " + HEX.formatHex(clientHash), timeout,
                "tor at " + at + " refused the SAFECOOKIE answer computed from " + cookieFile);
    }

    /** control-spec §3.24: HMAC-SHA256(key = constant, message = cookie | client nonce | server nonce). */
    static byte[] hmac(String key, byte[] cookie, byte[] clientNonce, byte[] serverNonce) {
        return Digests.hmacSha256(key.getBytes(StandardCharsets.US_ASCII), cookie, clientNonce, serverNonce);
    }

    /** Reads tor's 32-byte control cookie, with an error message an operator can act on. */
    static byte[] readCookie(Path file) throws ControlAuthenticationException {
        byte[] cookie;
        try {
            cookie = BoundedFiles.read(file, FileKind.CONTROL_COOKIE);
        } catch (BoundedFileException e) {
            throw cookieUnreadable(file, e);
        }
        if (cookie.length != COOKIE_LENGTH) {
            throw new ControlAuthenticationException("cookie file " + file + " holds " + cookie.length + " bytes, tor writes "
                    + COOKIE_LENGTH + ": is it really tor's control cookie?");
        }
        return cookie;
    }

    static ControlAuthenticationException cookieUnreadable(Path file, BoundedFileException e) {
        String hint = switch (e.reason()) {
            case PERMISSION_DENIED -> " (is this user in group debian-tor?)";
            case MISSING -> " (does tor run on this machine, and as the user that owns it?)";
            default -> "";
        };
        return new ControlAuthenticationException(e.getMessage() + hint, e);
    }

    private static void expectOk(ControlConnection c, String description, String wire, Duration timeout, String refusal)
            throws ControlException {
        Reply r = c.call(description, wire, timeout);
        if (!r.isOk()) {
            throw new ControlAuthenticationException(refusal + " (" + r.status() + " " + r.last().text() + ")");
        }
    }

    private static byte[] hex(Optional<String> value, String name) throws ControlProtocolException {
        String v = value.orElseThrow(() -> new ControlProtocolException("AUTHCHALLENGE reply lacks " + name));
        try {
            byte[] b = HexFormat.of().parseHex(v);
            if (b.length != 32) {
                throw new ControlProtocolException("AUTHCHALLENGE " + name + " must be 32 bytes, got " + b.length);
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new ControlProtocolException("AUTHCHALLENGE " + name + " is not hex: " + v);
        }
    }
}
