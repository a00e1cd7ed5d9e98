package net.onionbalance.crypto;

/** The onion-service MAC, rend-spec-v3 §0.3: MAC(key, msg) = H(INT_8(len(key)) ‖ key ‖ msg). */
public final class HsMac {
    private HsMac() {}

    public static byte[] compute(byte[] key, byte[] message) {
        return Digests.sha3_256(Digests.int8(key.length), key, message);
    }
}
