package net.onionbalance.testsupport;

import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.RouterStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What tor answers to {@code GETINFO md/id/<fingerprint>} for a consensus and a microdescriptor
 * file (md/all, cached-microdescs): the microdescriptor whose SHA-256 the relay's {@code m} line
 * names, cut as tor cuts it (from {@code onion-key} to the next one or an {@code @} annotation).
 * Hashed here, independently of {@code Microdescriptors}, so the two joins check each other.
 */
public final class MicrodescAnswers {
    private MicrodescAnswers() {}

    /** Microdescriptor texts by unpadded base64 SHA-256 digest. */
    public static Map<String, String> byDigest(String microdescs) {
        Map<String, String> out = new HashMap<>();
        StringBuilder body = null;
        for (String line : microdescs.split("\n", -1)) {
            boolean next = line.equals("onion-key") || line.startsWith("onion-key ") || line.startsWith("@");
            if (next && body != null) {
                out.put(digest(body.toString()), body.toString());
                body = null;
            }
            if (line.equals("onion-key") || line.startsWith("onion-key ")) {
                body = new StringBuilder();
            }
            if (body != null && !line.startsWith("@")) {
                body.append(line).append('\n');
            }
        }
        if (body != null) {
            // split() gave one "" after a final '\n', which added one '\n' too many.
            String b = microdescs.endsWith("\n") ? body.substring(0, body.length() - 1) : body.toString();
            out.put(digest(b), b);
        }
        return out;
    }

    /** The md/id answers for {@code relays} (those tor has a microdescriptor for), in consensus order. */
    public static Map<RelayFingerprint, String> forRelays(MicrodescConsensus consensus, String microdescs,
                                                          Collection<RelayFingerprint> relays) {
        Map<String, String> byDigest = byDigest(microdescs);
        Set<RelayFingerprint> wanted = new HashSet<>(relays);
        Map<RelayFingerprint, String> out = new LinkedHashMap<>();
        for (RouterStatus r : consensus.routers()) {
            String md = r.microdescDigest().map(d -> byDigest.get(d.base64())).orElse(null);
            if (md != null && wanted.contains(r.fingerprint())) {
                out.put(r.fingerprint(), md);
            }
        }
        return out;
    }

    private static String digest(String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
