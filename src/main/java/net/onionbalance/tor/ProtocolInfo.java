package net.onionbalance.tor;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to {@code PROTOCOLINFO 1} (control-spec §3.21):
 * <pre>
 * 250-PROTOCOLINFO 1
 * 250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/run/tor/control.authcookie"
 * 250-VERSION Tor="0.4.8.10"
 * 250 OK
 * </pre>
 * Methods this client does not know are left out.
 */
public record ProtocolInfo(Set<AuthMethod> methods, Optional<Path> cookieFile, TorVersion torVersion) {
    public ProtocolInfo {
        methods = methods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(methods));
    }

    static ProtocolInfo parse(Reply reply) throws ControlProtocolException {
        Set<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        Optional<Path> cookie = Optional.empty();
        TorVersion version = null;
        boolean sawAuth = false;
        for (ReplyLine line : reply.lines()) {
            String text = line.text();
            if (text.startsWith("AUTH ")) {
                sawAuth = true;
                KeywordArguments a = KeywordArguments.parse(text.substring(5));
                for (String m : a.keyword("METHODS").orElse("").split(",")) {
                    try {
                        methods.add(AuthMethod.valueOf(m.trim()));
                    } catch (IllegalArgumentException unknown) {
                        // control-spec §3.21: unknown methods must be ignored.
                    }
                }
                Optional<String> file = a.keyword("COOKIEFILE");
                try {
                    cookie = file.map(Path::of);
                } catch (InvalidPathException e) {
                    // A NUL byte, say: no file of ours; found by scripts/fuzz (Jazzer), control target.
                    throw new ControlProtocolException("PROTOCOLINFO names a cookie file that is not a path: "
                            + e.getReason());
                }
            } else if (text.startsWith("VERSION ")) {
                KeywordArguments a = KeywordArguments.parse(text.substring(8));
                String v = a.keyword("Tor").orElseThrow(() -> new ControlProtocolException("PROTOCOLINFO VERSION line has no Tor= value"));
                try {
                    version = TorVersion.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new ControlProtocolException("PROTOCOLINFO reports an unreadable tor version: " + v);
                }
            }
        }
        if (!sawAuth) {
            throw new ControlProtocolException("PROTOCOLINFO reply has no AUTH line");
        }
        if (version == null) {
            throw new ControlProtocolException("PROTOCOLINFO reply has no VERSION line");
        }
        return new ProtocolInfo(methods, cookie, version);
    }
}
