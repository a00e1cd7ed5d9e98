package net.onionbalance.crypto;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.onionbalance.testsupport.Fuzz;
import net.onionbalance.testsupport.Mutator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fuzzing of the key-file loaders (PEM, tor's secret and public key files, ADD_ONION blob): only {@link KeyFileException}. */
public class KeyFileFuzzTest {
    private static final String[] WORDS = {"-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----",
            "== ed25519v1-secret: type0 ==", "== ed25519v1-public: type0 ==", "ED25519-V3:", "MC4CAQAwBQYDK2VwBCIEI",
            "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----"};
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("fuzz-key", ".key");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @AfterContainer
    static void removeIt() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(Mutator.corpus("keys"));
    }

    @Property
    void keyFiles(@ForAll("seeds") byte[] seed, @ForAll long mutation) throws IOException {
        load(Mutator.mutate(seed, mutation, WORDS));
    }

    @Provide
    Arbitrary<byte[]> clientKeySeeds() {
        return Arbitraries.of(Mutator.corpus("clientkeys"));
    }

    @Property
    void clientKeyFiles(@ForAll("clientKeySeeds") byte[] seed, @ForAll long mutation) throws IOException {
        clientKeys(Mutator.mutate(seed, mutation, CLIENT_WORDS));
    }

    private static final String[] CLIENT_WORDS = {"descriptor:x25519:", ":descriptor:x25519:", "descriptor:ed25519:",
            "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd", ".onion", "\n", "#"};

    /**
     * The target (also scripts/fuzz's): a client key file's bytes read as a service's {@code .auth} (an authorized
     * client) and as a {@code .auth_private} (the balancer's key for a restricted backend).
     */
    public static void clientKeys(byte[] content) throws IOException {
        Files.write(FILE, content);
        Fuzz.onlyTypedErrors(() -> ClientAuthFiles.readAuthFile(FILE), KeyFileException.class);
        Fuzz.onlyTypedErrors(() -> ClientAuthFiles.readAuthPrivateFile(FILE), KeyFileException.class);
    }

    /** The target (also scripts/fuzz's): a key file's bytes, loaded and inspected as the program does. */
    public static void load(byte[] content) throws IOException {
        Files.write(FILE, content);
        Fuzz.onlyTypedErrors(() -> KeyFiles.load(FILE), KeyFileException.class);
        Fuzz.onlyTypedErrors(() -> KeyFiles.inspect(FILE), KeyFileException.class);
        // What config.yaml's key: loads: a key file or an offline key bundle; for a bundle, once more
        // with its sha3-256 line made again, so that mutations reach the checks behind the checksum.
        Fuzz.onlyTypedErrors(() -> net.onionbalance.doc.keys.ServiceKeys.load(FILE), KeyFileException.class);
        String text = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
        int sum = text.lastIndexOf("\nsha3-256 ");
        if (net.onionbalance.doc.keys.KeyBundleFile.looksLikeBundle(content) && sum >= 0) {
            byte[] body = java.util.Arrays.copyOf(content, sum + 1);
            String line = "sha3-256 " + java.util.HexFormat.of().formatHex(Digests.sha3_256(body)) + "\n";
            byte[] resummed = java.util.Arrays.copyOf(body, body.length + line.length());
            System.arraycopy(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, resummed, body.length, line.length());
            Files.write(FILE, resummed);
            Fuzz.onlyTypedErrors(() -> net.onionbalance.doc.keys.ServiceKeys.load(FILE), KeyFileException.class);
        }
    }
}
