package net.onionbalance.testsupport;

import net.onionbalance.time.CivilTime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The public-size network documents of ../shared/vectors/netdoc, as the benchmarks and the
 * memory fixture feed them to the balancer: a microdesc consensus and a microdescriptor file
 * (what {@code md/all} answers).
 * <ul>
 * <li>{@code real2017}: the real 2017 consensus with its full microdescriptor set (7326 routers,
 * but only 11 v3 HSDirs then);</li>
 * <li>{@code full2022}: the real 2022 consensus (6088 routers, 2493 HSDirs), whose {@code m}
 * lines are rewritten to name generated microdescriptors with ed25519 ids (no matching set was
 * saved), giving a ring of today's size.</li>
 * </ul>
 */
public record PublicDocuments(String name, byte[] consensus, byte[] microdescs) {
    public static final String REAL_2017 = "real2017";
    public static final String FULL_2022 = "full2022";

    public static PublicDocuments load(String name, Path netdoc) throws IOException {
        switch (name) {
            case REAL_2017:
                return new PublicDocuments(name, Files.readAllBytes(netdoc.resolve("real_2017-03-10_cached-microdesc-consensus.txt")),
                        Files.readAllBytes(netdoc.resolve("real_2017-03-10_microdescs.txt")));
            case FULL_2022:
                return synthesize(name, Files.readString(netdoc.resolve("real_2022-11-19_cached-microdesc-consensus.txt"),
                        StandardCharsets.ISO_8859_1));
            default:
                throw new IllegalArgumentException("no public documents named " + name + " (" + REAL_2017 + ", " + FULL_2022 + ")");
        }
    }

    /** Gives every router a generated microdescriptor with an ed25519 id; rewrites its m line. */
    private static PublicDocuments synthesize(String name, String text) {
        MessageDigest sha = sha256();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        StringBuilder cons = new StringBuilder(text.length());
        StringBuilder mds = new StringBuilder(text.length() * 2);
        int n = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("m ")) {
                n++;
                byte[] ed = sha.digest(("ed " + n).getBytes(StandardCharsets.US_ASCII));
                String md = "onion-key\n-----BEGIN RSA PUBLIC KEY-----\n" + b64.encodeToString(sha.digest(ed)).repeat(4)
                        + "\n-----END RSA PUBLIC KEY-----\nntor-onion-key " + b64.encodeToString(sha.digest(ed))
                        + "\nfamily $" + "0".repeat(40) + "\np accept 80,443\nid ed25519 " + b64.encodeToString(ed) + "\n";
                mds.append("@last-listed 2022-11-19 10:00:00\n").append(md);
                line = "m " + b64.encodeToString(sha.digest(md.getBytes(StandardCharsets.US_ASCII)));
            }
            cons.append(line).append('\n');
        }
        cons.setLength(cons.length() - 1);
        return new PublicDocuments(name, cons.toString().getBytes(StandardCharsets.ISO_8859_1),
                mds.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The same documents with the consensus's valid-after moved to {@code validAfter} and
     * fresh-until / valid-until moved with it (the signatures then no longer verify; the balancer
     * checks none: tor did). Lets a balancer started now take the old consensus as live.
     */
    public PublicDocuments validFrom(Instant validAfter) {
        String text = new String(consensus, StandardCharsets.ISO_8859_1);
        Instant oldValidAfter = Instant.ofEpochSecond(headerTime(text, "valid-after"));
        Duration shift = Duration.between(oldValidAfter, validAfter);
        for (String keyword : new String[] {"valid-after", "fresh-until", "valid-until"}) {
            long t = headerTime(text, keyword);
            text = text.replaceFirst("(?m)^" + keyword + " .*$",
                    keyword + " " + CivilTime.format(Instant.ofEpochSecond(t).plus(shift).getEpochSecond()));
        }
        return new PublicDocuments(name, text.getBytes(StandardCharsets.ISO_8859_1), microdescs);
    }

    private static long headerTime(String text, String keyword) {
        int at = text.indexOf("\n" + keyword + " ");
        if (at < 0) {
            throw new IllegalArgumentException("consensus has no " + keyword + " line");
        }
        String value = text.substring(at + keyword.length() + 2, at + keyword.length() + 2 + 19);
        return Instant.parse(value.replace(' ', 'T') + "Z").getEpochSecond();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
