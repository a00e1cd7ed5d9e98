package net.onionbalance.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-CTR with a 128-bit big-endian counter starting at the IV (tor's "STREAM", rend-spec-v3
 * §0.3), with 256-bit keys: descriptor layers, client-auth cookies, the revision counter's keystream.
 *
 * <p>Bouncy Castle's AES engine rather than javax.crypto's: a JCA lookup of "AES/CTR" walks the
 * provider list and so loads and initialises the SunEC and SunJSSE providers on the way to SunJCE,
 * about a hundred classes (~0.9 MB of a balancer's memory) that nothing else in the balancer uses;
 * and under the launcher's C1-only JIT the JDK's AES gets no AES-NI intrinsic anyway (measured:
 * 3.2 ms against BC's 4.3 ms for 345 kB, with C2 0.9 ms). The counter mode is ours, whole blocks
 * at a time: BC's SICBlockCipher goes byte by byte, and JFR of a descriptor build put a third of
 * the AES time (12% of the build) in that loop rather than in the cipher.
 */
public final class AesCtr {
    private static final int BLOCK = 16;
    private final BlockCipher aes;
    private final byte[] counter;
    private final byte[] block = new byte[BLOCK];

    private AesCtr(byte[] key, byte[] iv) {
        if (iv.length != BLOCK) {
            throw new IllegalArgumentException("an AES-CTR IV is 16 bytes, got " + iv.length);
        }
        aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(key));
        counter = iv.clone();
    }

    /** A keystream at block 0 (the counter equal to {@code iv}). */
    static AesCtr keystream(byte[] key, byte[] iv) {
        return new AesCtr(key, iv);
    }

    /** Writes the next {@code blocks} keystream blocks to {@code out} from {@code off}. */
    void nextBlocks(byte[] out, int off, int blocks) {
        for (int b = 0; b < blocks; b++) {
            aes.processBlock(counter, 0, out, off + b * BLOCK);
            increment();
        }
    }

    /** Moves the counter on by {@code blocks} without computing them. */
    void skipBlocks(long blocks) {
        int carry = 0;
        for (int i = BLOCK - 1; i >= 0; i--) {
            int sum = (counter[i] & 0xff) + (int) (blocks & 0xff) + carry;
            counter[i] = (byte) sum;
            carry = sum >>> 8;
            blocks >>>= 8;
        }
    }

    private void increment() {
        for (int i = BLOCK - 1; i >= 0; i--) {
            if (++counter[i] != 0) {
                return;
            }
        }
    }

    /** {@code len} bytes of {@code in} from {@code inOff} XOR the keystream, to {@code out} from {@code outOff}. */
    void xor(byte[] in, int inOff, int len, byte[] out, int outOff) {
        int done = 0;
        while (done < len) {
            aes.processBlock(counter, 0, block, 0);
            increment();
            int n = Math.min(BLOCK, len - done);
            for (int i = 0; i < n; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ block[i]);
            }
            done += n;
        }
    }

    /** {@code len} bytes of {@code data} from {@code off}, encrypted (or decrypted: the same thing). */
    public static byte[] apply(byte[] key, byte[] iv, byte[] data, int off, int len) {
        byte[] out = new byte[len];
        new AesCtr(key, iv).xor(data, off, len, out, 0);
        return out;
    }
}
