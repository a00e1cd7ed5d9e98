package net.onionbalance.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyFilesTest {
    /** Written by Python's 'cryptography' (what onionbalance-config uses) for the seed 00 01 .. 1f. */
    private static final String PYTHON_PEM = "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f\n"
            + "-----END PRIVATE KEY-----\n";
    private static final String PYTHON_PUBLIC = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";

    private static byte[] seed() {
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) {
            s[i] = (byte) i;
        }
        return s;
    }

    @Test
    void loadsWhatPythonOnionbalanceConfigWrites(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("key.pem");
        Files.writeString(f, PYTHON_PEM);
        IdentityKey k = KeyFiles.load(f);
        assertEquals(KeyFormat.PEM_PKCS8, k.format());
        assertEquals(PYTHON_PUBLIC, k.publicKey().hex());
        assertArrayEquals(seed(), k.opeSecret(), "revision-counter secret of a PEM key is the seed");
    }

    @Test
    void writesPemByteForByteLikePython(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("new.key");
        KeyFiles.writePem(f, IdentityKey.fromSeed(seed()), false);
        assertEquals(PYTHON_PEM, Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void torFormatsRoundTrip(@TempDir Path dir) throws Exception {
        IdentityKey k = IdentityKey.generate(new SecureRandom(), KeyFormat.TOR_SECRET);
        Path sec = dir.resolve("hs_ed25519_secret_key");
        Path pub = dir.resolve("hs_ed25519_public_key");
        KeyFiles.writeTorSecretKey(sec, k.secretKey(), false);
        KeyFiles.writeTorPublicKey(pub, k.publicKey(), false);
        byte[] raw = Files.readAllBytes(sec);
        assertEquals(96, raw.length);
        assertEquals("== ed25519v1-secret: type0 ==\0\0\0", new String(raw, 0, 32, StandardCharsets.US_ASCII));
        assertEquals(64, Files.size(pub));
        IdentityKey back = KeyFiles.load(sec);
        assertEquals(k, back);
        assertEquals(KeyFormat.TOR_SECRET, back.format());
        assertArrayEquals(k.secretKey().expandedBytes(), back.opeSecret(), "tor key's counter secret is the 64 bytes");
        var info = KeyFiles.inspect(pub);
        assertEquals(KeyFormat.TOR_PUBLIC, info.format());
        assertEquals(k.onionAddress(), info.onionAddress());
        var e = assertThrows(KeyFileException.class, () -> KeyFiles.load(pub));
        assertTrue(e.getMessage().contains("hs_ed25519_secret_key"), e.getMessage());
        for (Path p : new Path[] {sec, pub}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
    }

    @Test
    void addOnionBlobRoundTrips(@TempDir Path dir) throws Exception {
        var k = Ed25519ExpandedSecretKey.fromSeed(seed());
        String blob = KeyFiles.addOnionBlob(k);
        assertTrue(blob.startsWith("ED25519-V3:"));
        assertEquals(k, KeyFiles.parseAddOnionBlob(blob));
        Path f = dir.resolve("blob");
        Files.writeString(f, blob + "\n");
        assertEquals(KeyFormat.ADD_ONION, KeyFiles.load(f).format());
        assertEquals(k.publicKey(), KeyFiles.load(f).publicKey());
        assertThrows(IllegalArgumentException.class, () -> KeyFiles.parseAddOnionBlob("ED25519-V3:AAAA"));
        assertThrows(IllegalArgumentException.class, () -> KeyFiles.parseAddOnionBlob("RSA1024:AAAA"));
    }

    @Test
    void refusesToOverwriteUnlessAsked(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("k");
        Files.writeString(f, "precious");
        var k = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        var e = assertThrows(KeyFileException.class, () -> KeyFiles.writePem(f, k, false));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("precious", Files.readString(f));
        KeyFiles.writePem(f, k, true);
        assertEquals(k.publicKey(), KeyFiles.load(f).publicKey());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void errorsNameTheFileAndTheProblemButNoKeyBytes(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.load(missing)).getMessage()
                .contains("key file " + missing + " does not exist"));

        Path shortTor = dir.resolve("short");
        byte[] content = Arrays.copyOf("== ed25519v1-secret: type0 ==".getBytes(StandardCharsets.US_ASCII), 90);
        Files.write(shortTor, content);
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.load(shortTor)).getMessage().contains("90 bytes"));

        Path rsa = dir.resolve("rsa");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.load(rsa)).getMessage().contains("RSA"));

        Path enc = dir.resolve("enc");
        Files.writeString(enc, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.load(enc)).getMessage().contains("password"));

        // A PKCS#8 key of another algorithm (X25519, OID 1.3.101.110): same length, different OID.
        Path x = dir.resolve("x25519.pem");
        Files.writeString(x, "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f\n-----END PRIVATE KEY-----\n");
        var e = assertThrows(KeyFileException.class, () -> KeyFiles.load(x));
        assertTrue(e.getMessage().contains("not an ed25519 private key"), e.getMessage());
        assertFalse(e.getMessage().contains("AAECAwQF"), "no key material in messages");

        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "hello");
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.load(garbage)).getMessage().contains("not a key file"));
    }

    @Test
    void identityKeyToStringShowsNoSecret() {
        IdentityKey k = IdentityKey.fromSeed(seed());
        assertFalse(k.toString().contains("000102030405"));
        assertTrue(k.toString().contains(k.onionAddress().toString()));
    }

    @Test
    void aPemWhoseEndMarkerSharesTheBeginMarkersDashesIsAKeyFileError(@TempDir Path dir) throws Exception {
        // Found by KeyFileFuzzTest: the END marker was searched from the start of the BEGIN marker.
        Path f = Files.writeString(dir.resolve("k"), "-----BEGIN PRIVATE KEY-----END PRIVATE KEY-----\n");
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.load(f));
        assertTrue(e.getMessage().startsWith("key file " + f + ": "), e.getMessage());
    }
}
