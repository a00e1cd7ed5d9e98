package net.onionbalance.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The fuzz tests' mutation engine: a seed from the checked-in corpus
 * ({@code src/test/resources/fuzz/<target>/}) changed 1 to 8 times, deterministically from one
 * {@code long}, so a failing case is reproduced from the seed jqwik reports.
 */
public final class Mutator {
    private static final byte[][] INTERESTING = {
            "0".getBytes(StandardCharsets.US_ASCII), "-1".getBytes(StandardCharsets.US_ASCII),
            "4294967296".getBytes(StandardCharsets.US_ASCII), "18446744073709551616".getBytes(StandardCharsets.US_ASCII),
            "99999999999999999999999".getBytes(StandardCharsets.US_ASCII), "\n".getBytes(StandardCharsets.US_ASCII),
            "\r\n".getBytes(StandardCharsets.US_ASCII), " ".getBytes(StandardCharsets.US_ASCII),
            "-----BEGIN ".getBytes(StandardCharsets.US_ASCII), "-----END ".getBytes(StandardCharsets.US_ASCII),
            "=".getBytes(StandardCharsets.US_ASCII), "\u00e9".getBytes(StandardCharsets.UTF_8), {0}, {(byte) 0xff},
            {0x1b, '['}, "\"".getBytes(StandardCharsets.US_ASCII), "<<: *a".getBytes(StandardCharsets.US_ASCII),
            "&a ".getBytes(StandardCharsets.US_ASCII), "[".getBytes(StandardCharsets.US_ASCII),
            "{".getBytes(StandardCharsets.US_ASCII), "+".getBytes(StandardCharsets.US_ASCII),
            ".\r\n".getBytes(StandardCharsets.US_ASCII),
    };

    private Mutator() {}

    /** The corpus of one target: every file of {@code src/test/resources/fuzz/<target>/}. */
    public static List<byte[]> corpus(String target) {
        Path dir = Path.of("src", "test", "resources", "fuzz", target);
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("fuzz corpus " + dir, e);
        }
    }

    /** {@code seed} changed 1..8 times; {@code dictionary} adds the target's own words (keywords). */
    public static byte[] mutate(byte[] seed, long randomSeed, String... dictionary) {
        Random r = new Random(randomSeed);
        byte[] b = seed.clone();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            b = once(b, r, dictionary);
        }
        return b;
    }

    public static String mutate(String seed, long randomSeed, String... dictionary) {
        return new String(mutate(seed.getBytes(StandardCharsets.ISO_8859_1), randomSeed, dictionary), StandardCharsets.ISO_8859_1);
    }

    private static byte[] once(byte[] b, Random r, String[] dictionary) {
        if (b.length == 0) {
            return token(r, dictionary);
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(9)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[at] = (byte) r.nextInt(256);
                return c;
            }
            case 2 -> {
                int len = Math.min(b.length - at, 1 + r.nextInt(r.nextBoolean() ? 4 : 200));
                return splice(b, at, at + len, new byte[0]);
            }
            case 3 -> {
                return splice(b, at, at, token(r, dictionary));
            }
            case 4 -> { // repeat a range: long lines, repeated items
                int len = Math.min(b.length - at, 1 + r.nextInt(100));
                byte[] range = Arrays.copyOfRange(b, at, at + len);
                int times = 1 + r.nextInt(r.nextInt(10) == 0 ? 500 : 4);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                for (int k = 0; k < times; k++) {
                    o.writeBytes(range);
                }
                return splice(b, at, at, o.toByteArray());
            }
            case 5 -> { // a line moved elsewhere
                int from = lineStart(b, at);
                int to = lineEnd(b, at);
                byte[] line = Arrays.copyOfRange(b, from, to);
                byte[] without = splice(b, from, to, new byte[0]);
                int dest = without.length == 0 ? 0 : lineStart(without, r.nextInt(without.length));
                return splice(without, dest, dest, line);
            }
            case 6 -> { // a number replaced by an extreme one
                int s = at;
                while (s < b.length && (b[s] < '0' || b[s] > '9')) {
                    s++;
                }
                int e = s;
                while (e < b.length && b[e] >= '0' && b[e] <= '9') {
                    e++;
                }
                return splice(b, s, e, INTERESTING[r.nextInt(5)]);
            }
            case 7 -> {
                return Arrays.copyOf(b, at);
            }
            default -> {
                return splice(b, at, Math.min(b.length, at + 1), INTERESTING[r.nextInt(INTERESTING.length)]);
            }
        }
    }

    private static byte[] token(Random r, String[] dictionary) {
        if (dictionary.length > 0 && r.nextBoolean()) {
            return (dictionary[r.nextInt(dictionary.length)] + (r.nextBoolean() ? " " : "\n")).getBytes(StandardCharsets.ISO_8859_1);
        }
        return INTERESTING[r.nextInt(INTERESTING.length)];
    }

    private static int lineStart(byte[] b, int at) {
        int i = Math.min(at, b.length);
        while (i > 0 && b[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static int lineEnd(byte[] b, int at) {
        int i = at;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return Math.min(b.length, i + 1);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] c = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(insert, 0, c, from, insert.length);
        System.arraycopy(b, to, c, from + insert.length, b.length - to);
        return c;
    }
}
