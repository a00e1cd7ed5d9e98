package net.onionbalance.crypto;

import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reading and writing the key files of an onion service:
 * <ul>
 * <li>PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), DER = {@code 302e020100300506032b657004220420} ‖ seed;
 * <li>tor's {@code hs_ed25519_secret_key} = "== ed25519v1-secret: type0 ==" NUL-padded to 32 bytes ‖ 64-byte expanded key;
 * <li>tor's {@code hs_ed25519_public_key} = "== ed25519v1-public: type0 ==" NUL-padded to 32 bytes ‖ 32-byte key;
 * <li>a file holding the ADD_ONION blob {@code ED25519-V3:<base64 of the expanded key>}.
 * </ul>
 * Writes are atomic (a temporary file in the same folder, then a rename), mode 0600, and never
 * replace an existing file unless asked to.
 */
public final class KeyFiles {
    private KeyFiles() {}

    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] TOR_SECRET_HEADER = header("== ed25519v1-secret: type0 ==");
    private static final byte[] TOR_PUBLIC_HEADER = header("== ed25519v1-public: type0 ==");
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final String ADD_ONION_PREFIX = "ED25519-V3:";

    private static byte[] header(String s) {
        return Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), 32);
    }

    /** Loads a secret key in any supported format. A public-key file is an error naming that. */
    public static IdentityKey load(Path path) throws KeyFileException {
        byte[] content = read(path);
        try {
            return parseSecret(path, content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * A warning when a secret key file can be read or written by anyone but its owner, e.g.
     * "key file /etc/onionbalance/m.key has mode 0644: ...". Whoever reads the master key can
     * publish descriptors for the service, so the operator must hear of it; loading goes on, as
     * onionbalance 0.2.x loads such files too. Empty where the file system has no POSIX modes.
     */
    public static Optional<String> exposure(Path path) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        others.retainAll(mode);
        if (others.isEmpty()) {
            return Optional.empty();
        }
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 = 0400 ... OTHERS_EXECUTE is 8 = 0001
        }
        return Optional.of(String.format("key file %s has mode %04o: other users can read the master key and publish"
                + " descriptors in the service's name; run chmod 600 %s", path, bits, path));
    }

    /** Format and public key of any supported key file, secret or public. */
    public static KeyFileInfo inspect(Path path) throws KeyFileException {
        byte[] content = read(path);
        try {
            if (startsWith(content, TOR_PUBLIC_HEADER)) {
                if (content.length != 64) {
                    throw new KeyFileException(path, "tor public key file is " + content.length
                            + " bytes; it should be 64 (32-byte header and 32-byte key)");
                }
                Ed25519PublicKey key = Ed25519PublicKey.of(Arrays.copyOfRange(content, 32, 64));
                // The rule an onion address's key must meet (OnionAddress.parse, tor's
                // ed25519_validate_pubkey): a secret key always gives one, 32 bytes in a file need not.
                if (!key.isValidPoint()) {
                    throw new KeyFileException(path, "tor public key file does not hold a valid ed25519 public key "
                            + "(not a point of the curve's prime-order group), so it names no onion service");
                }
                return new KeyFileInfo(path, KeyFormat.TOR_PUBLIC, key);
            }
            IdentityKey key = parseSecret(path, content);
            return new KeyFileInfo(path, key.format(), key.publicKey());
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static IdentityKey parseSecret(Path path, byte[] content) throws KeyFileException {
        if (startsWith(content, TOR_SECRET_HEADER)) {
            if (content.length != 96) {
                throw new KeyFileException(path, "tor secret key file is " + content.length
                        + " bytes; it should be 96 (32-byte header and 64-byte expanded key)");
            }
            return fromExpanded(path, Arrays.copyOfRange(content, 32, 96), KeyFormat.TOR_SECRET);
        }
        if (startsWith(content, TOR_PUBLIC_HEADER)) {
            throw new KeyFileException(path, "this is tor's hs_ed25519_public_key; the secret key is "
                    + "hs_ed25519_secret_key in the same folder");
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (text.startsWith(ADD_ONION_PREFIX)) {
            return fromExpanded(path, decodeAddOnion(path, text), KeyFormat.ADD_ONION);
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new KeyFileException(path, "the PEM key is password-protected; onionbalance needs an unencrypted key");
        }
        int b = text.indexOf(PEM_BEGIN);
        if (b >= 0) {
            return fromSeed(path, decodePem(path, text, b));
        }
        if (text.contains("-----BEGIN")) {
            throw new KeyFileException(path, "PEM file without a '" + PEM_BEGIN + "' block (an RSA or other key?)");
        }
        throw new KeyFileException(path, "not a key file onionbalance understands (expected a PKCS#8 PEM ed25519 "
                + "key, tor's hs_ed25519_secret_key, or an ED25519-V3: blob)");
    }

    private static IdentityKey fromExpanded(Path path, byte[] expanded, KeyFormat format) throws KeyFileException {
        try {
            return IdentityKey.fromExpanded(expanded, format);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(path, "the expanded key is not usable (scalar is zero)");
        } finally {
            Arrays.fill(expanded, (byte) 0);
        }
    }

    private static IdentityKey fromSeed(Path path, byte[] seed) {
        try {
            return IdentityKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static byte[] decodePem(Path path, String text, int begin) throws KeyFileException {
        // From after the BEGIN line: "-----BEGIN PRIVATE KEY-----END PRIVATE KEY-----" shares its dashes.
        int end = text.indexOf(PEM_END, begin + PEM_BEGIN.length());
        if (end < 0) {
            throw new KeyFileException(path, "PEM block has no '" + PEM_END + "' line");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end).strip());
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(path, "PEM body is not valid base64");
        }
        try {
            if (der.length != PKCS8_PREFIX.length + 32 || !startsWith(der, PKCS8_PREFIX)) {
                throw new KeyFileException(path, "PEM key is not an ed25519 private key in PKCS#8 form "
                        + "(" + der.length + " DER bytes; expected 48 starting with the ed25519 OID 1.3.101.112)");
            }
            return Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] decodeAddOnion(Path path, String text) throws KeyFileException {
        try {
            return parseAddOnionBlobBytes(text);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(path, e.getMessage());
        }
    }

    /** Parses {@code ED25519-V3:<base64>} (the ADD_ONION key argument) into the expanded key. */
    public static Ed25519ExpandedSecretKey parseAddOnionBlob(String blob) {
        byte[] raw = parseAddOnionBlobBytes(blob);
        try {
            return Ed25519ExpandedSecretKey.of(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] parseAddOnionBlobBytes(String blob) {
        String s = blob.strip();
        if (!s.startsWith(ADD_ONION_PREFIX)) {
            throw new IllegalArgumentException("ADD_ONION key blob must start with " + ADD_ONION_PREFIX);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(s.substring(ADD_ONION_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ED25519-V3 key blob is not valid base64");
        }
        if (raw.length != 64) {
            int n = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new IllegalArgumentException("ED25519-V3 key blob holds " + n + " bytes; it should hold 64");
        }
        return raw;
    }

    /** {@code ED25519-V3:<base64 of the 64-byte expanded key>}, padded base64 as tor prints it. Secret! */
    public static String addOnionBlob(Ed25519ExpandedSecretKey key) {
        byte[] raw = key.expandedBytes();
        try {
            return ADD_ONION_PREFIX + Base64.getEncoder().encodeToString(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Writes the PKCS#8 PEM form (needs a key that has a seed, i.e. format PEM_PKCS8). */
    public static void writePem(Path path, IdentityKey key, boolean overwrite) throws KeyFileException {
        byte[] seed = key.seed().orElseThrow(() -> new IllegalArgumentException(
                "a " + key.format().description() + " has no seed and cannot be written as PKCS#8 PEM; write it in tor format"));
        byte[] der = new byte[48];
        System.arraycopy(PKCS8_PREFIX, 0, der, 0, 16);
        System.arraycopy(seed, 0, der, 16, 32);
        String pem = PEM_BEGIN + "\n" + Base64.getEncoder().encodeToString(der) + "\n" + PEM_END + "\n";
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(der, (byte) 0);
        writeAtomically(path, pem.getBytes(StandardCharsets.US_ASCII), overwrite);
    }

    /** Writes tor's hs_ed25519_secret_key form. */
    public static void writeTorSecretKey(Path path, Ed25519ExpandedSecretKey key, boolean overwrite) throws KeyFileException {
        byte[] content = new byte[96];
        System.arraycopy(TOR_SECRET_HEADER, 0, content, 0, 32);
        byte[] raw = key.expandedBytes();
        System.arraycopy(raw, 0, content, 32, 64);
        Arrays.fill(raw, (byte) 0);
        try {
            writeAtomically(path, content, overwrite);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Writes tor's hs_ed25519_public_key form. */
    public static void writeTorPublicKey(Path path, Ed25519PublicKey key, boolean overwrite) throws KeyFileException {
        byte[] content = new byte[64];
        System.arraycopy(TOR_PUBLIC_HEADER, 0, content, 0, 32);
        System.arraycopy(key.bytes(), 0, content, 32, 32);
        writeAtomically(path, content, overwrite);
    }

    /** Writes {@code key} in its own format (PEM keeps the seed; tor and ADD_ONION forms the expanded key). */
    public static void write(Path path, IdentityKey key, boolean overwrite) throws KeyFileException {
        switch (key.format()) {
            case PEM_PKCS8 -> writePem(path, key, overwrite);
            case TOR_SECRET -> writeTorSecretKey(path, key.secretKey(), overwrite);
            case ADD_ONION -> writeAtomically(path,
                    (addOnionBlob(key.secretKey()) + "\n").getBytes(StandardCharsets.US_ASCII), overwrite);
            case TOR_PUBLIC -> throw new IllegalArgumentException("an identity key is never written as a public-key file");
        }
    }

    /** Writes an owner-only (0600) file atomically ({@link AtomicFiles#writeOwnerOnly}); never replaces an existing one unless {@code overwrite}. */
    public static void writeAtomically(Path path, byte[] content, boolean overwrite) throws KeyFileException {
        if (path.toString().isEmpty()) {
            throw new KeyFileException(path, "no file name given (name the file to write, e.g. --output master.key)");
        }
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new KeyFileException(path, "is a folder; name a file inside it to write the key to");
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new KeyFileException(path, "already exists; refusing to overwrite it (use --force to replace it)");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new KeyFileException(path, "folder " + dir + " does not exist");
        }
        try {
            AtomicFiles.writeOwnerOnly(target, content, overwrite);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(path, "already exists; refusing to overwrite it (use --force to replace it)");
        } catch (AccessDeniedException e) {
            throw new KeyFileException(path, "cannot create a file in " + dir + ": permission denied");
        } catch (IOException e) {
            throw new KeyFileException(path, "cannot write: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path path) throws KeyFileException {
        try {
            return BoundedFiles.read(path, FileKind.KEY_FILE);
        } catch (BoundedFileException e) {
            throw new KeyFileException(e);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
