package net.onionbalance.crypto;

import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * AES-CTR with a 128-bit big-endian counter starting at the IV (tor's "STREAM", rend-spec-v3
 * §0.3), with 256-bit keys: descriptor layers, client-auth cookies, the revision counter's keystream.
 * Bouncy Castle's engine rather than javax.crypto's: a JCA lookup of "AES/CTR" walks the provider
 * list and so loads and initialises the SunEC and SunJSSE providers on the way to SunJCE, about
 * a hundred classes (~0.9 MB of a balancer's memory) that nothing else in the balancer uses.
 */
public final class AesCtr {
    private AesCtr() {}

    static StreamCipher cipher(byte[] key, byte[] iv) {
        StreamCipher c = SICBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        return c;
    }

    /** {@code len} bytes of {@code data} from {@code off}, encrypted (or decrypted: the same thing). */
    public static byte[] apply(byte[] key, byte[] iv, byte[] data, int off, int len) {
        byte[] out = new byte[len];
        cipher(key, iv).processBytes(data, off, len, out, 0);
        return out;
    }
}
