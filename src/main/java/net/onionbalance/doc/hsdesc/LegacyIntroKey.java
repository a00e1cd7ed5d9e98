package net.onionbalance.doc.hsdesc;

import java.util.Arrays;

/**
 * The obsolete {@code legacy-key} / {@code legacy-key-cert} pair of an intro point
 * (rend-spec-v3 §2.5.2.2), for intro points on relays older than 0.3.2. Accepted when
 * reading, never used and never written: the cross-certificate is an RSA signature over the
 * backend's descriptor signing key, which a master descriptor cannot carry over.
 */
public record LegacyIntroKey(byte[] rsaPublicKey, byte[] crossCert) {
    public LegacyIntroKey {
        rsaPublicKey = rsaPublicKey.clone();
        crossCert = crossCert.clone();
    }

    @Override public byte[] rsaPublicKey() { return rsaPublicKey.clone(); }
    @Override public byte[] crossCert() { return crossCert.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyIntroKey l && Arrays.equals(rsaPublicKey, l.rsaPublicKey) && Arrays.equals(crossCert, l.crossCert);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rsaPublicKey) * 31 + Arrays.hashCode(crossCert);
    }

    @Override
    public String toString() {
        return "LegacyIntroKey[RSA key " + rsaPublicKey.length + " bytes]";
    }
}
