package net.onionbalance.doc.cert;

import java.util.Arrays;
import java.util.HexFormat;

/** One certificate extension (cert-spec §2.2.1): type, flags, data. Content equality. */
public record CertExtension(int type, int flags, byte[] data) {
    /** Extension type 0x04: the 32-byte ed25519 key that signed the certificate. */
    public static final int SIGNED_WITH_ED25519_KEY = 0x04;
    /** Flag: a verifier that does not know this extension must reject the certificate. */
    public static final int AFFECTS_VALIDATION = 0x01;

    public CertExtension {
        if (type < 0 || type > 0xff || flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("extension type and flags are single bytes");
        }
        if (data.length > 0xffff) {
            throw new IllegalArgumentException("extension data longer than 65535 bytes");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertExtension e && type == e.type && flags == e.flags && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + flags) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CertExtension[type=" + type + ", flags=" + flags + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
