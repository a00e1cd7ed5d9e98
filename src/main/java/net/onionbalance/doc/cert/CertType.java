package net.onionbalance.doc.cert;

/** Certificate types, cert-spec A.1 [CERT-TYPES]. Codes we do not know are kept as {@link #UNKNOWN} plus the raw code. */
public enum CertType {
    /** Ed25519 signing key with an identity key. */
    IDENTITY_V_SIGNING(0x04),
    /** TLS link certificate signed with the ed25519 signing key. */
    SIGNING_V_TLS_CERT(0x05),
    /** Ed25519 authentication key signed with the signing key. */
    SIGNING_V_LINK_AUTH(0x06),
    /** Onion service: short-term descriptor signing key, signed with the blinded key. */
    HS_V3_DESC_SIGNING(0x08),
    /** Onion service: intro point authentication key, signed with the descriptor signing key. */
    HS_V3_INTRO_AUTH(0x09),
    /** ntor onion key cross-certifying the ed25519 identity key. */
    NTOR_CC_IDENTITY(0x0A),
    /** Onion service: ntor-extra encryption key, signed with the descriptor signing key. */
    HS_V3_NTOR_ENC(0x0B),
    UNKNOWN(-1);

    private final int code;

    CertType(int code) {
        this.code = code;
    }

    /** The byte on the wire; -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    public static CertType fromCode(int code) {
        for (CertType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
