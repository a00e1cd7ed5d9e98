package net.onionbalance.crypto;

import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Our counter mode against Bouncy Castle's SICBlockCipher, an independent CTR (rend-spec-v3 §0.3 "STREAM"). */
class AesCtrTest {
    private static byte[] bouncyCastle(byte[] key, byte[] iv, byte[] data) {
        StreamCipher c = SICBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[data.length];
        c.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    @Test
    void sameBytesAsSicBlockCipherForRandomKeysIvsAndLengths() {
        Random rng = new Random(21);
        for (int i = 0; i < 300; i++) {
            byte[] key = new byte[32];
            byte[] iv = new byte[16];
            rng.nextBytes(key);
            rng.nextBytes(iv);
            if (i % 3 == 0) {
                Arrays.fill(iv, 8, 16, (byte) 0xff); // the carry runs across the low 64 bits
            }
            if (i % 7 == 0) {
                Arrays.fill(iv, (byte) 0xff); // and wraps round 2^128
            }
            byte[] data = new byte[i < 40 ? i : rng.nextInt(5000)];
            rng.nextBytes(data);
            int off = data.length > 3 ? rng.nextInt(3) : 0;
            byte[] slice = Arrays.copyOfRange(data, off, data.length);
            assertArrayEquals(bouncyCastle(key, iv, slice), AesCtr.apply(key, iv, data, off, data.length - off), "case " + i);
        }
    }

    @Test
    void keystreamBlocksAndSkipsMatchTheStream() {
        Random rng = new Random(22);
        for (int i = 0; i < 100; i++) {
            byte[] key = new byte[32];
            byte[] iv = new byte[16];
            rng.nextBytes(key);
            rng.nextBytes(iv);
            if (i % 2 == 0) {
                Arrays.fill(iv, 4, 16, (byte) 0xff);
            }
            int blocks = 1 + rng.nextInt(600);
            byte[] expected = bouncyCastle(key, iv, new byte[blocks * 16]);
            byte[] all = new byte[blocks * 16];
            AesCtr.keystream(key, iv).nextBlocks(all, 0, blocks);
            assertArrayEquals(expected, all, "blocks, case " + i);
            int skip = rng.nextInt(blocks);
            AesCtr later = AesCtr.keystream(key, iv);
            later.skipBlocks(skip);
            byte[] rest = new byte[(blocks - skip) * 16];
            later.nextBlocks(rest, 0, blocks - skip);
            assertArrayEquals(Arrays.copyOfRange(expected, skip * 16, expected.length), rest, "skip " + skip + ", case " + i);
        }
    }
}
