package net.onionbalance.doc.hsdesc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext of the first (superencrypted) layer, rend-spec-v3 §2.5.1.2: client
 * authorization data and the second layer's ciphertext.
 *
 * @param authType            {@code desc-auth-type}; always "x25519" in practice
 * @param ephemeralKey        {@code desc-auth-ephemeral-key}, the service's X25519 public key for this descriptor (32 bytes)
 * @param authClients         the {@code auth-client} lines, in order (at least one)
 * @param encrypted           the {@code encrypted} MESSAGE: salt ‖ ciphertext ‖ MAC of the second layer
 */
public record MiddleLayer(String authType, byte[] ephemeralKey, List<AuthClient> authClients, byte[] encrypted) {
    public static final String AUTH_TYPE_X25519 = "x25519";

    public MiddleLayer {
        if (ephemeralKey.length != 32) {
            throw new IllegalArgumentException("desc-auth-ephemeral-key must be 32 bytes");
        }
        if (authClients.isEmpty()) {
            throw new IllegalArgumentException("at least one auth-client line is required");
        }
        ephemeralKey = ephemeralKey.clone();
        authClients = List.copyOf(authClients);
        encrypted = encrypted.clone();
    }

    @Override public byte[] ephemeralKey() { return ephemeralKey.clone(); }
    @Override public byte[] encrypted() { return encrypted.clone(); }

    /**
     * Parses decrypted first-layer bytes. The plaintext ends at the first NUL: the rest is
     * the padding to a multiple of 10,000 bytes (§2.5.1.1), as tor reads it.
     */
    public static MiddleLayer parse(byte[] plaintext) throws DescriptorParseException {
        return parse(decodePlaintext(plaintext, Check.MIDDLE_LAYER_FORMAT));
    }

    public static MiddleLayer parse(String text) throws DescriptorParseException {
        Check layer = Check.MIDDLE_LAYER_FORMAT;
        NetdocSection s = new NetdocSection(NetdocReader.read(text, layer), layer, 1);
        NetdocItem type = s.exactlyOnce("desc-auth-type");
        String authType = s.arg(type, 0, "auth type");
        if (!AUTH_TYPE_X25519.equals(authType)) {
            throw s.error(type, "unsupported auth type \"" + NetdocReader.abbreviate(authType) + "\" (only x25519 exists)");
        }
        NetdocItem eph = s.exactlyOnce("desc-auth-ephemeral-key");
        byte[] ephemeral = s.base64Arg(eph, 0, 32, "ephemeral x25519 key");
        List<AuthClient> clients = new ArrayList<>();
        for (NetdocItem ac : s.atLeastOnce("auth-client")) {
            clients.add(new AuthClient(
                    s.base64Arg(ac, 0, AuthClient.CLIENT_ID_LENGTH, "client id"),
                    s.base64Arg(ac, 1, AuthClient.IV_LENGTH, "iv"),
                    s.base64Arg(ac, 2, AuthClient.COOKIE_LENGTH, "encrypted cookie")));
        }
        NetdocItem enc = s.exactlyOnce("encrypted");
        byte[] encrypted = s.object(enc, "MESSAGE");
        return new MiddleLayer(authType, ephemeral, clients, encrypted);
    }

    /**
     * The text as C tor writes it: no newline after the final "-----END MESSAGE-----"
     * (rend-spec-v3 §2.5.1.2 compatibility note), not yet padded.
     */
    public String toText() {
        NetdocWriter w = new NetdocWriter()
                .item("desc-auth-type", authType)
                .item("desc-auth-ephemeral-key", NetdocWriter.base64(ephemeralKey));
        for (AuthClient c : authClients) {
            w.item("auth-client", NetdocWriter.base64Unpadded(c.clientId()),
                    NetdocWriter.base64Unpadded(c.iv()), NetdocWriter.base64Unpadded(c.encryptedCookie()));
        }
        return w.item("encrypted").object("MESSAGE", encrypted, false).toString();
    }

    /**
     * Cuts decrypted bytes at the first NUL and reads them as ASCII text: one pass that finds the
     * NUL and refuses any byte above 0x7f on the way (the reader then checks the characters).
     */
    static String decodePlaintext(byte[] plaintext, Check layer) throws DescriptorParseException {
        int end = 0;
        while (end < plaintext.length) {
            byte b = plaintext[end];
            if (b == 0) {
                break;
            }
            if (b < 0) {
                throw new DescriptorParseException(layer, 0, null,
                        "decrypted plaintext is not ASCII (byte " + end + " is 0x" + Integer.toHexString(b & 0xff) + ")");
            }
            end++;
        }
        // ASCII already checked: ISO-8859-1 is then the same text, copied without another check.
        return new String(plaintext, 0, end, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MiddleLayer m && authType.equals(m.authType) && Arrays.equals(ephemeralKey, m.ephemeralKey)
                && authClients.equals(m.authClients) && Arrays.equals(encrypted, m.encrypted);
    }

    @Override
    public int hashCode() {
        return authType.hashCode() * 31 + authClients.hashCode() * 17 + Arrays.hashCode(encrypted);
    }

    @Override
    public String toString() {
        return "MiddleLayer[" + authClients.size() + " auth-client lines, encrypted " + encrypted.length + " bytes]";
    }
}
