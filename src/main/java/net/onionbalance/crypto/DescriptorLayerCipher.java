package net.onionbalance.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encryption of the two descriptor layers, rend-spec-v3 §2.5.3 [HS-DESC-ENCRYPTION-KEYS]:
 * <pre>
 *   secret_input = SECRET_DATA ‖ N_hs_subcred ‖ INT_8(revision_counter)
 *   keys = KDF(secret_input ‖ salt ‖ STRING_CONSTANT, 32 + 16 + 32) = SECRET_KEY ‖ SECRET_IV ‖ MAC_KEY
 *   blob = salt(16) ‖ AES-256-CTR(SECRET_KEY, SECRET_IV, plaintext) ‖ MAC
 *   MAC  = H(INT_8(32) ‖ MAC_KEY ‖ INT_8(16) ‖ salt ‖ ciphertext)
 * </pre>
 * The MAC is checked, in constant time, before anything is decrypted.
 */
public final class DescriptorLayerCipher {
    private DescriptorLayerCipher() {}

    public static final int SALT_LENGTH = 16;
    public static final int MAC_LENGTH = 32;
    /** STRING_CONSTANT of the first (outer, "superencrypted") layer, §2.5.1.1. */
    public static final String SUPERENCRYPTED = "hsdir-superencrypted-data";
    /** STRING_CONSTANT of the second (inner, "encrypted") layer, §2.5.2.1. */
    public static final String ENCRYPTED = "hsdir-encrypted-data";

    public static byte[] encrypt(byte[] secretData, byte[] subcredential, long revisionCounter,
                                 String stringConstant, byte[] plaintext, SecureRandom rng) {
        byte[] salt = new byte[SALT_LENGTH];
        rng.nextBytes(salt);
        return encryptWithSalt(secretData, subcredential, revisionCounter, stringConstant, plaintext, salt);
    }

    /** Deterministic form for tests and known answers; production code uses a random salt. */
    static byte[] encryptWithSalt(byte[] secretData, byte[] subcredential, long revisionCounter,
                                  String stringConstant, byte[] plaintext, byte[] salt) {
        byte[] keys = keys(secretData, subcredential, revisionCounter, salt, stringConstant);
        try {
            byte[] ciphertext = AesCtr.apply(Arrays.copyOfRange(keys, 0, 32), Arrays.copyOfRange(keys, 32, 48),
                    plaintext, 0, plaintext.length);
            byte[] mac = mac(Arrays.copyOfRange(keys, 48, 80), salt, ciphertext, 0, ciphertext.length);
            byte[] blob = new byte[SALT_LENGTH + ciphertext.length + MAC_LENGTH];
            System.arraycopy(salt, 0, blob, 0, SALT_LENGTH);
            System.arraycopy(ciphertext, 0, blob, SALT_LENGTH, ciphertext.length);
            System.arraycopy(mac, 0, blob, SALT_LENGTH + ciphertext.length, MAC_LENGTH);
            return blob;
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    /**
     * @throws LayerTooShortException when the blob cannot hold a salt and a MAC
     * @throws LayerMacMismatchException when the MAC does not match; nothing is decrypted then
     */
    public static byte[] decrypt(byte[] secretData, byte[] subcredential, long revisionCounter,
                                 String stringConstant, byte[] blob) throws LayerMacMismatchException {
        if (blob.length < SALT_LENGTH + MAC_LENGTH) {
            throw new LayerTooShortException("encrypted " + layerName(stringConstant) + " is " + blob.length
                    + " bytes; it must hold at least a 16-byte salt and a 32-byte MAC");
        }
        byte[] salt = Arrays.copyOfRange(blob, 0, SALT_LENGTH);
        int ctLen = blob.length - SALT_LENGTH - MAC_LENGTH;
        byte[] keys = keys(secretData, subcredential, revisionCounter, salt, stringConstant);
        try {
            byte[] expected = mac(Arrays.copyOfRange(keys, 48, 80), salt, blob, SALT_LENGTH, ctLen);
            byte[] found = Arrays.copyOfRange(blob, SALT_LENGTH + ctLen, blob.length);
            if (!MessageDigest.isEqual(expected, found)) {
                throw new LayerMacMismatchException("MAC of the " + layerName(stringConstant)
                        + " does not match: the descriptor was altered, or it belongs to another key, "
                        + "time period or revision counter");
            }
            return AesCtr.apply(Arrays.copyOfRange(keys, 0, 32), Arrays.copyOfRange(keys, 32, 48),
                    blob, SALT_LENGTH, ctLen);
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    private static String layerName(String stringConstant) {
        if (SUPERENCRYPTED.equals(stringConstant)) {
            return "superencrypted (first) layer";
        }
        if (ENCRYPTED.equals(stringConstant)) {
            return "encrypted (second) layer";
        }
        return "layer '" + stringConstant + "'";
    }

    private static byte[] keys(byte[] secretData, byte[] subcredential, long revisionCounter, byte[] salt,
                               String stringConstant) {
        return Shake256Kdf.derive(32 + 16 + 32, secretData, subcredential, Digests.int8(revisionCounter), salt,
                Digests.ascii(stringConstant));
    }

    private static byte[] mac(byte[] macKey, byte[] salt, byte[] ct, int off, int len) {
        byte[] ciphertext = Arrays.copyOfRange(ct, off, off + len);
        return Digests.sha3_256(Digests.int8(macKey.length), macKey, Digests.int8(salt.length), salt, ciphertext);
    }
}
