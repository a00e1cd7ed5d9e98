package net.onionbalance.doc.keys;

import net.onionbalance.crypto.Digests;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.CertParseException;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.CertVerificationException;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The key-bundle file, version 1: ASCII lines, fields in a fixed order, a SHA3-256 of everything
 * before it as the last line (so a truncated or damaged copy is refused before anything is used):
 * <pre>
 *   onionbalance-key-bundle 1
 *   address &lt;56 base32 characters&gt;.onion
 *   identity-key &lt;base64 of the 32-byte public key&gt;
 *   time-period-length &lt;minutes&gt;
 *   rotation-offset &lt;seconds&gt;
 *   revision-counter-key &lt;base64 of K, 32 bytes&gt;                      (secret)
 *   period &lt;number&gt; &lt;base64 signing-key seed&gt; &lt;base64 type-08 cert&gt;  (secret; consecutive numbers)
 *   ...
 *   sha3-256 &lt;hex of the bytes above&gt;
 * </pre>
 * The checksum catches accidents; what makes a bundle trustworthy is checked on load as well:
 * every certificate certifies its period's signing key and is signed by the blinded key of this
 * identity key for that period (rend-spec-v3 §2.4), so a bundle of another service, or a period
 * edited in, is refused whatever its checksum. Written 0600, atomically, never over a file.
 */
public final class KeyBundleFile {
    /** The first line's keyword; {@link ServiceKeys} tells bundles from key files by it. */
    public static final String MAGIC = "onionbalance-key-bundle";

    private KeyBundleFile() {}

    /** The file's text. Secret: written only by {@link #write}. */
    static String format(KeyBundle b) {
        StringBuilder t = new StringBuilder();
        Base64.Encoder b64 = Base64.getEncoder();
        t.append(MAGIC).append(' ').append(KeyBundle.FORMAT_VERSION).append('\n');
        t.append("address ").append(b.onionAddress().withOnionSuffix()).append('\n');
        t.append("identity-key ").append(b.publicKey().base64()).append('\n');
        t.append("time-period-length ").append(b.periodLength().toMinutes()).append('\n');
        t.append("rotation-offset ").append(b.rotationOffset().getSeconds()).append('\n');
        byte[] k = b.revisionCounterKey();
        t.append("revision-counter-key ").append(b64.encodeToString(k)).append('\n');
        Arrays.fill(k, (byte) 0);
        for (KeyBundle.PeriodKey p : b.periodKeys()) {
            t.append("period ").append(p.number()).append(' ').append(b64.encodeToString(p.seed())).append(' ')
                    .append(b64.encodeToString(p.key().certificate().encoded())).append('\n');
        }
        String body = t.toString();
        return body + "sha3-256 " + HexFormat.of().formatHex(Digests.sha3_256(body.getBytes(StandardCharsets.US_ASCII)))
                + "\n";
    }

    /** Writes the bundle (0600, atomic, never over an existing file). */
    public static void write(Path path, KeyBundle bundle) throws KeyFileException {
        byte[] content = format(bundle).getBytes(StandardCharsets.US_ASCII);
        try {
            KeyFiles.writeAtomically(path, content, false);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Whether {@code content} starts as a key bundle (whatever its version). */
    public static boolean looksLikeBundle(byte[] content) {
        byte[] magic = (MAGIC + " ").getBytes(StandardCharsets.US_ASCII);
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    /** Parses and checks a bundle read from {@code path}; every error names the file and the line. */
    public static KeyBundle parse(Path path, byte[] content) throws KeyFileException {
        String text = new String(content, StandardCharsets.US_ASCII);
        for (int i = 0; i < content.length; i++) {
            if (content[i] < 0 || (content[i] < 0x20 && content[i] != '\n')) {
                throw new KeyFileException(path, "key bundle holds a byte that is not printable ASCII at offset " + i
                        + "; it is damaged");
            }
        }
        if (!text.endsWith("\n")) {
            throw new KeyFileException(path, "key bundle does not end with a line break: truncated (copy it again)");
        }
        List<String> lines = List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
        String[] first = lines.get(0).split(" ", -1);
        if (first.length != 2 || !first[0].equals(MAGIC)) {
            throw new KeyFileException(path, "line 1: not a key bundle (expected '" + MAGIC + " "
                    + KeyBundle.FORMAT_VERSION + "')");
        }
        if (!first[1].equals(Integer.toString(KeyBundle.FORMAT_VERSION))) {
            throw new KeyFileException(path, "line 1: key bundle format version '" + shorten(first[1])
                    + "'; this onionbalance reads version " + KeyBundle.FORMAT_VERSION);
        }
        String last = lines.get(lines.size() - 1);
        if (!last.startsWith("sha3-256 ")) {
            throw new KeyFileException(path, "key bundle has no 'sha3-256' line at its end: truncated (copy it again)");
        }
        int bodyLength = text.length() - last.length() - 1;
        byte[] expected = Digests.sha3_256(Arrays.copyOf(content, bodyLength));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(last.substring("sha3-256 ".length()));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(path, "line " + lines.size() + ": the sha3-256 is not 64 hex digits");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new KeyFileException(path, "key bundle's sha3-256 does not match its content: the file is damaged, "
                    + "truncated or was edited (make or copy it again)");
        }
        Reader r = new Reader(path, lines);
        r.line = 1;
        OnionAddress address;
        try {
            address = OnionAddress.parse(r.field("address"));
        } catch (IllegalArgumentException e) {
            throw r.error("address: " + e.getMessage());
        }
        Ed25519PublicKey identity = Ed25519PublicKey.of(r.bytes("identity-key", 32));
        if (!OnionAddress.of(identity).equals(address)) {
            throw r.error("the identity key is " + OnionAddress.of(identity).withOnionSuffix()
                    + "'s, not the address's above");
        }
        long lengthMinutes = r.number("time-period-length", 1, TimePeriod.MAX_LENGTH.toMinutes());
        long offsetSeconds = r.number("rotation-offset", 0, TimePeriod.MAX_LENGTH.getSeconds());
        Duration length = Duration.ofMinutes(lengthMinutes);
        Duration offset = Duration.ofSeconds(offsetSeconds);
        byte[] k = r.bytes("revision-counter-key", 32);
        List<KeyBundle.PeriodKey> periods = new ArrayList<>();
        try {
            while (r.line < lines.size() - 1) {
                if (periods.size() == KeyBundle.MAX_PERIODS) {
                    throw r.error("more than " + KeyBundle.MAX_PERIODS + " periods");
                }
                String[] f = r.fields("period", 3);
                long n;
                try {
                    n = Long.parseLong(f[0]);
                } catch (NumberFormatException e) {
                    throw r.error("period number '" + shorten(f[0]) + "' is not a number");
                }
                if (!periods.isEmpty() && n != periods.get(periods.size() - 1).number() + 1) {
                    throw r.error("period " + n + " does not follow period " + periods.get(periods.size() - 1).number()
                            + " (a bundle's periods are consecutive)");
                }
                if (n < 0 || n > (Long.MAX_VALUE / 2) / length.getSeconds()) {
                    throw r.error("period number " + n + " is out of range");
                }
                periods.add(periodKey(r, identity, new TimePeriod(n, length, offset), f[1], f[2]));
            }
            if (periods.isEmpty()) {
                throw r.error("the bundle covers no time period");
            }
            return new KeyBundle(identity, length, offset, k, periods);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static KeyBundle.PeriodKey periodKey(Reader r, Ed25519PublicKey identity, TimePeriod tp, String seedText,
                                                 String certText) throws KeyFileException {
        byte[] seed = r.decode(seedText, "signing-key seed", 32);
        Ed25519ExpandedSecretKey signing = Ed25519ExpandedSecretKey.fromSeed(seed);
        Ed25519Cert cert;
        try {
            cert = Ed25519Cert.parse(r.decode(certText, "certificate", -1));
        } catch (CertParseException e) {
            throw r.error("period " + tp.number() + ": the certificate does not parse: " + e.getMessage());
        }
        Ed25519PublicKey blinded = KeyBlinding.blindPublicKey(identity, tp);
        if (cert.certType() != CertType.HS_V3_DESC_SIGNING) {
            throw r.error("period " + tp.number() + ": the certificate is of type " + cert.typeCode()
                    + ", not a descriptor signing-key certificate (08)");
        }
        try {
            cert.verifySignature(blinded);
        } catch (CertVerificationException e) {
            throw r.error("period " + tp.number() + ": the certificate is not signed by this identity key's blinded key "
                    + "for that period (a bundle of another service, or altered)");
        }
        if (!cert.signingKeyExtension().map(blinded::equals).orElse(false)) {
            throw r.error("period " + tp.number() + ": the certificate does not name the period's blinded key as its signer");
        }
        if (!cert.certifiedKey().equals(signing.publicKey())) {
            throw r.error("period " + tp.number() + ": the certificate certifies another key than the period's signing key");
        }
        return new KeyBundle.PeriodKey(tp.number(), seed, new CertifiedSigningKey(signing, cert, blinded));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Lines in order; {@link #line} is the index of the next one. Messages never quote a secret field. */
    private static final class Reader {
        final Path path;
        final List<String> lines;
        int line;

        Reader(Path path, List<String> lines) {
            this.path = path;
            this.lines = lines;
        }

        KeyFileException error(String problem) {
            return new KeyFileException(path, "line " + line + ": " + problem);
        }

        String[] fields(String keyword, int count) throws KeyFileException {
            if (line >= lines.size() - 1) {
                line++;
                throw error("'" + keyword + "' expected, the bundle ends");
            }
            String l = lines.get(line++);
            String[] f = l.split(" ", -1);
            if (!f[0].equals(keyword)) {
                throw error("'" + keyword + "' expected, found '" + shorten(f[0]) + "'");
            }
            if (f.length != count + 1) {
                throw error("'" + keyword + "' takes " + count + (count == 1 ? " value" : " values") + ", found "
                        + (f.length - 1));
            }
            return Arrays.copyOfRange(f, 1, f.length);
        }

        String field(String keyword) throws KeyFileException {
            return fields(keyword, 1)[0];
        }

        long number(String keyword, long min, long max) throws KeyFileException {
            String v = field(keyword);
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    throw error(keyword + " " + n + " is not between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw error(keyword + " '" + shorten(v) + "' is not a number");
            }
        }

        byte[] bytes(String keyword, int length) throws KeyFileException {
            return decode(field(keyword), keyword, length);
        }

        byte[] decode(String b64, String what, int length) throws KeyFileException {
            byte[] b;
            try {
                b = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw error(what + " is not valid base64");
            }
            if (length >= 0 && b.length != length) {
                int n = b.length;
                Arrays.fill(b, (byte) 0);
                throw error(what + " holds " + n + " bytes, not " + length);
            }
            return b;
        }
    }
}
