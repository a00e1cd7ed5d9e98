package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One introduction point of the second layer (rend-spec-v3 §2.5.2.2). Content equality over
 * every field, certificates included; {@link #authKey()} is the intro point's own identity.
 *
 * @param linkSpecifiers how to reach the intro relay, in the order given
 * @param onionKeyNtor   {@code onion-key ntor}: the relay's curve25519 ntor key (32 bytes)
 * @param authKeyCert    {@code auth-key}: cert type 09 certifying the intro point auth key, signed by the descriptor signing key
 * @param encKeyNtor     {@code enc-key ntor}: the service's curve25519 key for this intro point (32 bytes)
 * @param encKeyCert     {@code enc-key-cert}: cert type 0B certifying the ed25519 form of the enc key, signed by the descriptor signing key
 * @param legacy         obsolete {@code legacy-key}/{@code legacy-key-cert}, kept when read, never written
 */
public record IntroPoint(List<LinkSpecifier> linkSpecifiers, byte[] onionKeyNtor, Ed25519Cert authKeyCert,
                         byte[] encKeyNtor, Ed25519Cert encKeyCert, Optional<LegacyIntroKey> legacy) {
    public IntroPoint {
        linkSpecifiers = List.copyOf(linkSpecifiers);
        if (linkSpecifiers.isEmpty()) {
            throw new IllegalArgumentException("an intro point needs at least one link specifier");
        }
        onionKeyNtor = key32(onionKeyNtor, "onion-key ntor");
        encKeyNtor = key32(encKeyNtor, "enc-key ntor");
        Objects.requireNonNull(authKeyCert, "authKeyCert");
        Objects.requireNonNull(encKeyCert, "encKeyCert");
        Objects.requireNonNull(legacy, "legacy");
    }

    private static byte[] key32(byte[] k, String what) {
        if (k.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + k.length);
        }
        return k.clone();
    }

    @Override public byte[] onionKeyNtor() { return onionKeyNtor.clone(); }
    @Override public byte[] encKeyNtor() { return encKeyNtor.clone(); }

    /** The intro point's auth key (what the service and client use to identify this intro point). */
    public Ed25519PublicKey authKey() {
        return authKeyCert.certifiedKey();
    }

    /** The ed25519 key certified by the enc-key-cert. */
    public Ed25519PublicKey encKeyCertifiedKey() {
        return encKeyCert.certifiedKey();
    }

    /**
     * The same intro point with both certificates re-issued by {@code signingKey} over the same
     * certified keys (as a master descriptor needs them), expiring at {@code expiration}.
     * Legacy keys are dropped: their RSA cross-certificate cannot be re-issued.
     */
    public IntroPoint recertified(Ed25519ExpandedSecretKey signingKey, Instant expiration) {
        return new IntroPoint(linkSpecifiers, onionKeyNtor,
                Ed25519Cert.create(CertType.HS_V3_INTRO_AUTH, authKeyCert.certifiedKey(), expiration, signingKey, true),
                encKeyNtor,
                Ed25519Cert.create(CertType.HS_V3_NTOR_ENC, encKeyCert.certifiedKey(), expiration, signingKey, true),
                Optional.empty());
    }

    /** The block as tor writes it, every line newline-terminated. */
    String toText() {
        NetdocWriter w = new NetdocWriter()
                .item("introduction-point", NetdocWriter.base64(LinkSpecifier.encodeList(linkSpecifiers)))
                .item("onion-key", "ntor", NetdocWriter.base64(onionKeyNtor))
                .item("auth-key").object("ED25519 CERT", authKeyCert.encoded())
                .item("enc-key", "ntor", NetdocWriter.base64(encKeyNtor))
                .item("enc-key-cert").object("ED25519 CERT", encKeyCert.encoded());
        legacy.ifPresent(l -> w.item("legacy-key").object("RSA PUBLIC KEY", l.rsaPublicKey())
                .item("legacy-key-cert").object("CROSSCERT", l.crossCert()));
        return w.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntroPoint p && linkSpecifiers.equals(p.linkSpecifiers)
                && Arrays.equals(onionKeyNtor, p.onionKeyNtor) && authKeyCert.equals(p.authKeyCert)
                && Arrays.equals(encKeyNtor, p.encKeyNtor) && encKeyCert.equals(p.encKeyCert) && legacy.equals(p.legacy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(linkSpecifiers, Arrays.hashCode(onionKeyNtor), authKeyCert, Arrays.hashCode(encKeyNtor), encKeyCert);
    }

    @Override
    public String toString() {
        return "IntroPoint[auth key " + authKeyCert.certifiedKeyText() + ", " + linkSpecifiers + "]";
    }
}
