package net.onionbalance.crypto;

import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tor's files for descriptor client authorization (rend-spec-v3 §2.5.1.2, "restricted
 * discovery"; tor manual, CLIENT AUTHORIZATION):
 * <ul>
 * <li>service side, {@code HiddenServiceDir/authorized_clients/<name>.auth}: one line
 *     {@code descriptor:x25519:<base32 public key>};</li>
 * <li>client side, {@code ClientOnionAuthDir/<anything>.auth_private}: one line
 *     {@code <56-character onion address>:descriptor:x25519:<base32 private key>}.</li>
 * </ul>
 * Keys are 32 bytes, base32 without padding (52 characters). Errors name the file and the line;
 * a private key is never part of a message.
 */
public final class ClientAuthFiles {
    public static final String AUTH_SUFFIX = ".auth";
    public static final String AUTH_PRIVATE_SUFFIX = ".auth_private";
    private static final String PREFIX = "descriptor:x25519:";
    private static final int KEY_BASE32_LENGTH = 52;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ClientAuthFiles() {}

    /** One authorized client: its name (the file name without ".auth") and public key. */
    public record AuthorizedClient(String name, X25519PublicKey key) {
        public AuthorizedClient {
            checkName(name);
        }
    }

    /** A client's key for one onion service, as in an {@code .auth_private} file. */
    public record ClientKey(OnionAddress service, X25519PrivateKey key) {
        @Override
        public String toString() {
            return "ClientKey[" + service + ", public " + key.publicKey().base64() + "]";
        }
    }

    /** Whether {@code name} is usable as a client name (and so as a file name): letters, digits, "_", "-", ".". */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("client name '" + name + "' must be 1-64 letters, digits, '_', '-' or '.'"
                    + " (not starting with '.')");
        }
    }

    /** The line of a {@code .auth} file (without the newline). */
    public static String authLine(X25519PublicKey key) {
        return PREFIX + Base32.encode(key.bytes());
    }

    /** The line of an {@code .auth_private} file (without the newline). Handle with care: it holds the secret. */
    public static String authPrivateLine(OnionAddress service, X25519PrivateKey key) {
        byte[] raw = key.bytes();
        try {
            return service + ":" + PREFIX + Base32.encode(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Parses one {@code descriptor:x25519:<base32>} line.
     *
     * @throws IllegalArgumentException saying what is wrong (never with key bytes)
     */
    public static X25519PublicKey parseAuthLine(String line) {
        String s = line.strip();
        if (!s.startsWith(PREFIX)) {
            int lastColon = s.lastIndexOf(':');
            String head = lastColon < 0 ? "no ':'" : "'" + abbreviate(s.substring(0, lastColon + 1)) + "'";
            throw new IllegalArgumentException("expected 'descriptor:x25519:<base32 public key>', found " + head
                    + (s.startsWith("descriptor:") ? " (only x25519 keys exist for v3 client authorization)" : ""));
        }
        return X25519PublicKey.of(decodeKey(s.substring(PREFIX.length()), "public"));
    }

    /**
     * Parses one {@code <address>:descriptor:x25519:<base32>} line.
     *
     * @throws IllegalArgumentException saying what is wrong (never with key bytes)
     */
    public static ClientKey parseAuthPrivateLine(String line) {
        String s = line.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected '<onion address>:descriptor:x25519:<base32 private key>'");
        }
        OnionAddress address;
        try {
            address = OnionAddress.parse(s.substring(0, colon));
        } catch (InvalidOnionAddressException e) {
            throw new IllegalArgumentException("the address before the first ':' is not an onion address: " + e.getMessage());
        }
        String rest = s.substring(colon + 1);
        if (!rest.startsWith(PREFIX)) {
            throw new IllegalArgumentException("expected 'descriptor:x25519:' after the onion address");
        }
        byte[] raw = decodeKey(rest.substring(PREFIX.length()), "private");
        try {
            return new ClientKey(address, X25519PrivateKey.of(raw));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] decodeKey(String b32, String what) {
        String k = b32.toLowerCase(Locale.ROOT);
        if (k.length() != KEY_BASE32_LENGTH) {
            throw new IllegalArgumentException("the " + what + " key must be " + KEY_BASE32_LENGTH
                    + " base32 characters (32 bytes), found " + k.length());
        }
        try {
            return Base32.decode(k);
        } catch (Base32.BadCharacter e) {
            throw new IllegalArgumentException("the " + what + " key has a character that is not base32 at position "
                    + (e.index + 1) + " of the key");
        }
    }

    /** Reads one {@code .auth} file. */
    public static AuthorizedClient readAuthFile(Path file) throws KeyFileException {
        String name = file.getFileName().toString();
        if (!name.endsWith(AUTH_SUFFIX)) {
            throw new KeyFileException(file, "an authorized-client file must end in '" + AUTH_SUFFIX + "' (tor ignores others)");
        }
        Line line = singleLine(file);
        try {
            return new AuthorizedClient(name.substring(0, name.length() - AUTH_SUFFIX.length()), parseAuthLine(line.text()));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "line " + line.number() + ": " + e.getMessage());
        }
    }

    /**
     * Every {@code *.auth} file of a folder (tor's {@code authorized_clients/}), sorted by name;
     * other files are skipped, as tor skips them.
     */
    public static List<AuthorizedClient> readFolder(Path dir) throws KeyFileException {
        if (!Files.isDirectory(dir)) {
            throw new KeyFileException(dir, Files.exists(dir) ? "is not a folder of .auth files" : "folder does not exist");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + AUTH_SUFFIX)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new KeyFileException(dir, "cannot list the folder: " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<AuthorizedClient> out = new ArrayList<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                out.add(readAuthFile(f));
            }
        }
        return out;
    }

    /** Reads an {@code .auth_private} file: the key of a client (here: the balancer's for a restricted backend). */
    public static ClientKey readAuthPrivateFile(Path file) throws KeyFileException {
        Line line = singleLine(file);
        try {
            return parseAuthPrivateLine(line.text());
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "line " + line.number() + ": " + e.getMessage());
        }
    }

    /** Writes a new {@code .auth} file (0600, atomically, never over an existing file). */
    public static void writeAuthFile(Path file, X25519PublicKey key) throws KeyFileException {
        KeyFiles.writeAtomically(file, (authLine(key) + "\n").getBytes(StandardCharsets.US_ASCII), false);
    }

    /** Writes a new {@code .auth_private} file (0600, atomically, never over an existing file). */
    public static void writeAuthPrivateFile(Path file, OnionAddress service, X25519PrivateKey key) throws KeyFileException {
        byte[] content = (authPrivateLine(service, key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            KeyFiles.writeAtomically(file, content, false);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The one non-empty line of a small file; a second one is an error naming its line. */
    private record Line(String text, int number) {}

    private static Line singleLine(Path file) throws KeyFileException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, FileKind.CLIENT_AUTH_FILE);
        } catch (BoundedFileException e) {
            throw new KeyFileException(e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        Arrays.fill(bytes, (byte) 0);
        String[] lines = text.split("\n", -1);
        Line found = null;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (found != null) {
                throw new KeyFileException(file, "line " + (i + 1) + ": a second entry; tor reads one key per file");
            }
            found = new Line(lines[i], i + 1);
        }
        if (found == null) {
            throw new KeyFileException(file, "line 1: the file is empty");
        }
        return found;
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) : s;
    }
}
