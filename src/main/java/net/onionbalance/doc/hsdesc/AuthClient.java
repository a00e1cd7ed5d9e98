package net.onionbalance.doc.hsdesc;

import java.util.Arrays;

/**
 * One {@code auth-client} line of the first layer (rend-spec-v3 §2.5.1.2): an 8-byte client
 * id, a 16-byte IV and the 16-byte descriptor cookie encrypted for that client. Without
 * client authorization these are random fakes.
 */
public record AuthClient(byte[] clientId, byte[] iv, byte[] encryptedCookie) {
    public static final int CLIENT_ID_LENGTH = 8;
    public static final int IV_LENGTH = 16;
    public static final int COOKIE_LENGTH = 16;

    public AuthClient {
        clientId = copyOfLength(clientId, CLIENT_ID_LENGTH, "client id");
        iv = copyOfLength(iv, IV_LENGTH, "iv");
        encryptedCookie = copyOfLength(encryptedCookie, COOKIE_LENGTH, "encrypted cookie");
    }

    private static byte[] copyOfLength(byte[] b, int len, String what) {
        if (b.length != len) {
            throw new IllegalArgumentException(what + " must be " + len + " bytes, got " + b.length);
        }
        return b.clone();
    }

    @Override public byte[] clientId() { return clientId.clone(); }
    @Override public byte[] iv() { return iv.clone(); }
    @Override public byte[] encryptedCookie() { return encryptedCookie.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthClient a && Arrays.equals(clientId, a.clientId) && Arrays.equals(iv, a.iv)
                && Arrays.equals(encryptedCookie, a.encryptedCookie);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(clientId) * 961 + Arrays.hashCode(iv) * 31 + Arrays.hashCode(encryptedCookie);
    }

    @Override
    public String toString() {
        return "AuthClient[id " + NetdocWriter.base64Unpadded(clientId) + "]";
    }
}
