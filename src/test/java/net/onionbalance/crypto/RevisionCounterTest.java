package net.onionbalance.crypto;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevisionCounterTest {
    private static final byte[] SECRET = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            SECRET[i] = (byte) i;
        }
    }

    @Test
    void smallTByHandFromTheSpec() throws Exception {
        // K = SHA3-256("rev-counter-generation" || 00 01 .. 1f)
        byte[] k = Digests.sha3_256("rev-counter-generation".getBytes(), SECRET);
        assertEquals("ff6a3191519cd9e2f67072e890c51914811bff1d54e94e95865b8a35f1f92aa5", Hex.of(k));
        // First keystream block = AES-256_K(counter block 0), here via ECB, independent of our CTR code:
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
        assertEquals("03a7e7584f001e46ad269165d0b3a5ff", Hex.of(ecb.doFinal(new byte[16])));
        // words: w0 = 0x03 + 256*0xa7 + 1 = 42756; w1 = 0xe7 + 256*0x58 + 1 = 22760; w2 = 0x4f + 256*0x00 + 1 = 80
        Instant start = Instant.parse("2026-11-25T00:00:00Z");
        assertEquals(42756, RevisionCounter.compute(SECRET, start, start));                 // T = 1
        assertEquals(42756 + 22760, RevisionCounter.compute(SECRET, start, start.plusSeconds(1)));
        assertEquals(42756 + 22760 + 80, RevisionCounter.compute(SECRET, start, start.plusSeconds(2)));
        // Fractions of a second do not count (onionbalance truncates to whole seconds).
        assertEquals(42756, RevisionCounter.compute(SECRET, start, start.plusMillis(999)));
    }

    @Test
    void matchesPythonOnionbalanceFormula() {
        // Values from the onionbalance 0.2.x formula run under Python's 'cryptography' package
        // (crossing the AES block boundary at T = 9, and a full 48-hour SRV window).
        assertEquals(230930, RevisionCounter.encryptTime(SECRET, 8));
        assertEquals(236596, RevisionCounter.encryptTime(SECRET, 9));
        assertEquals(5659730919L, RevisionCounter.encryptTime(SECRET, 172800));
        byte[] expanded = new byte[64];
        for (int i = 0; i < 64; i++) {
            expanded[i] = (byte) i;
        }
        assertEquals(5671642411L, RevisionCounter.encryptTime(expanded, 172800));
    }

    @Test
    void strictlyIncreasingInTime() {
        Instant start = Instant.parse("2026-11-24T00:00:00Z");
        long prev = -1;
        for (int s = 0; s < 3000; s += 7) {
            long v = RevisionCounter.compute(SECRET, start, start.plusSeconds(s));
            assertTrue(v > prev, "counter at +" + s + "s");
            prev = v;
        }
    }

    @Test
    void clockBeforeRunStartIsRefused() {
        Instant start = Instant.parse("2026-11-24T00:00:00Z");
        var e = assertThrows(IllegalArgumentException.class,
                () -> RevisionCounter.compute(SECRET, start, start.minusSeconds(2)));
        assertTrue(e.getMessage().contains("clock"), e.getMessage());
    }

    /**
     * Guards the kept sums: whatever order the times come in (later, the same, earlier, another
     * run start, another key, more runs than are kept), compute equals the sum from scratch.
     */
    @Test
    void keptSumsGiveTheSameCounterAsASumFromScratch() {
        java.util.Random rng = new java.util.Random(7);
        byte[][] secrets = {SECRET, new byte[64], "another key of 32 bytes........".getBytes()};
        Instant base = Instant.parse("2026-11-24T00:00:00Z");
        RevisionCounter.forgetKept();
        for (int i = 0; i < 400; i++) {
            byte[] secret = secrets[rng.nextInt(secrets.length)];
            Instant start = base.plusSeconds(86400L * rng.nextInt(i < 300 ? 2 : 20));
            long t = 1 + switch (rng.nextInt(4)) {
                case 0 -> rng.nextInt(20);
                case 1 -> rng.nextInt(3000);
                default -> rng.nextInt(172800);
            };
            assertEquals(RevisionCounter.encryptTime(secret, t), RevisionCounter.compute(secret, start, start.plusSeconds(t - 1)),
                    "call " + i + ", T = " + t);
        }
        // The balancer's own pattern: one run, a rebuild every few seconds, odd and even T.
        RevisionCounter.forgetKept();
        for (long t = 129_601; t < 129_601 + 50; t += 1 + rng.nextInt(3)) {
            assertEquals(RevisionCounter.encryptTime(SECRET, t), RevisionCounter.compute(SECRET, base, base.plusSeconds(t - 1)));
        }
    }
}
