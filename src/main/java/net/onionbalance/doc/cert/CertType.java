package net.onionbalance.doc.cert;

/** Certificate types, cert-spec A.1 [CERT-TYPES]. Codes we do not know are kept as {@link #UNKNOWN} plus the raw code. */
public enum CertType {
    /** Ed25519 signing key with an identity key. */
    IDENTITY_V_SIGNING(0x04, true),
    /** TLS link certificate signed with the ed25519 signing key. */
    SIGNING_V_TLS_CERT(0x05, false),
    /** Ed25519 authentication key signed with the signing key. */
    SIGNING_V_LINK_AUTH(0x06, true),
    /** Onion service: short-term descriptor signing key, signed with the blinded key. */
    HS_V3_DESC_SIGNING(0x08, true),
    /** Onion service: intro point authentication key, signed with the descriptor signing key. */
    HS_V3_INTRO_AUTH(0x09, true),
    /** ntor onion key cross-certifying the ed25519 identity key. */
    NTOR_CC_IDENTITY(0x0A, true),
    /** Onion service: ntor-extra encryption key, signed with the descriptor signing key. */
    HS_V3_NTOR_ENC(0x0B, true),
    UNKNOWN(-1, false);

    private final int code;
    private final boolean certifiesEd25519;

    CertType(int code, boolean certifiesEd25519) {
        this.code = code;
        this.certifiesEd25519 = certifiesEd25519;
    }

    /**
     * Whether cert-spec A.1 defines this type's CERTIFIED_KEY as an ed25519 key (CERT_KEY_TYPE
     * 0x01). Type 05 certifies a SHA-256 digest of an X.509 certificate instead; for unknown
     * types we cannot say, so nothing is required of them.
     */
    public boolean certifiesEd25519() {
        return certifiesEd25519;
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
