package net.onionbalance.testsupport;

import net.onionbalance.io.AtomicFiles;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by the kill -9 test: rewrites one file for ever, alternating two contents,
 * through the writer under test ({@code key} or {@code config}). Prints "ready" once the first
 * write is done, so the parent kills it in the middle of later writes.
 */
public final class AtomicWriteChild {
    /** Two configs of very different sizes: a torn write would show as neither. */
    public static final String CONFIG_A = "services: []\n";
    public static final String CONFIG_B = "# " + "x".repeat(200_000) + "\nservices: []\n";

    public static IdentityKey key(int which) {
        byte[] seed = new byte[32];
        seed[0] = (byte) which;
        return IdentityKey.fromSeed(seed);
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        boolean key = args[0].equals("key");
        for (long i = 0; ; i++) {
            if (key) {
                KeyFiles.writePem(file, key((int) (i % 2)), true);
            } else {
                AtomicFiles.replace(file, (i % 2 == 0 ? CONFIG_B : CONFIG_A).getBytes(StandardCharsets.UTF_8), null);
            }
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
