package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.AesCtr;
import net.onionbalance.crypto.Shake256Kdf;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.crypto.X25519PublicKey;

import java.util.Arrays;

/**
 * Per-client keys of descriptor client authorization (rend-spec-v3 §2.5.1.2):
 * SECRET_SEED = X25519(one side's secret, other side's public);
 * KEYS = KDF(N_hs_subcred ‖ SECRET_SEED, 40); CLIENT-ID = KEYS[0..8]; COOKIE-KEY = KEYS[8..40];
 * the descriptor cookie travels as STREAM(COOKIE-KEY, iv) of the cookie.
 */
record ClientAuthKeys(byte[] clientId, byte[] cookieKey) {
    static ClientAuthKeys derive(Subcredential subcredential, X25519PrivateKey secret, X25519PublicKey peer) {
        byte[] seed = secret.sharedSecret(peer);
        byte[] keys = Shake256Kdf.derive(40, subcredential.bytes(), seed);
        Arrays.fill(seed, (byte) 0);
        ClientAuthKeys k = new ClientAuthKeys(Arrays.copyOfRange(keys, 0, 8), Arrays.copyOfRange(keys, 8, 40));
        Arrays.fill(keys, (byte) 0);
        return k;
    }

    /** Encrypts or decrypts a cookie: AES-256-CTR is its own inverse. */
    byte[] cookieStream(byte[] iv, byte[] cookie) {
        return AesCtr.apply(cookieKey, iv, cookie, 0, cookie.length);
    }

    @Override
    public String toString() {
        return "ClientAuthKeys[id " + NetdocWriter.base64Unpadded(clientId) + "]";
    }
}
