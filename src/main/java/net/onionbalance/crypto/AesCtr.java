package net.onionbalance.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** AES-CTR with a 128-bit big-endian counter starting at the IV (tor's "STREAM"). */
final class AesCtr {
    private AesCtr() {}

    static Cipher cipher(byte[] key, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available in this JVM", e);
        }
    }

    static byte[] apply(byte[] key, byte[] iv, byte[] data, int off, int len) {
        try {
            return cipher(key, iv).doFinal(data, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }
}
