package net.onionbalance.doc.cert;

import java.util.HexFormat;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Tor ed25519 certificate, cert-spec §2.1:
 * <pre>
 *   VERSION (1) = 0x01 | CERT_TYPE (1) | EXPIRATION_DATE (4, hours since the epoch) | CERT_KEY_TYPE (1)
 *   | CERTIFIED_KEY (32) | N_EXTENSIONS (1) | EXTENSIONS | SIGNATURE (64, over everything before it)
 * </pre>
 * Parsing keeps the exact bytes, so {@link #encoded()} of a parsed certificate is what was read.
 * Unknown extensions without the affects-validation flag are kept and ignored; with it, the
 * certificate is rejected (cert-spec §2.2.1).
 */
public final class Ed25519Cert {
    public static final int VERSION = 1;
    /** CERT_KEY_TYPE 0x01: the certified key is an ed25519 key. */
    public static final int KEY_TYPE_ED25519 = 0x01;
    private static final int HEADER = 1 + 1 + 4 + 1 + 32 + 1;
    private static final int SIGNATURE_LENGTH = 64;
    private static final String PEM_BEGIN = "-----BEGIN ED25519 CERT-----";
    private static final String PEM_END = "-----END ED25519 CERT-----";

    private final byte[] encoded;
    private final int typeCode;
    private final long expirationHours;
    private final int certKeyType;
    private final byte[] certifiedKey;
    private final List<CertExtension> extensions;
    private final Ed25519PublicKey signingKeyExtension;

    private Ed25519Cert(byte[] encoded, int typeCode, long expirationHours, int certKeyType, byte[] certifiedKey,
                        List<CertExtension> extensions, Ed25519PublicKey signingKeyExtension) {
        this.encoded = encoded;
        this.typeCode = typeCode;
        this.expirationHours = expirationHours;
        this.certKeyType = certKeyType;
        this.certifiedKey = certifiedKey;
        this.extensions = List.copyOf(extensions);
        this.signingKeyExtension = signingKeyExtension;
    }

    public static Ed25519Cert parse(byte[] data) throws CertParseException {
        if (data.length < 1) {
            throw new CertParseException(CertParseException.Reason.TRUNCATED, "ed25519 certificate is empty");
        }
        if ((data[0] & 0xff) != VERSION) {
            throw new CertParseException(CertParseException.Reason.UNKNOWN_VERSION,
                    "ed25519 certificate has version " + (data[0] & 0xff) + "; only version 1 exists");
        }
        if (data.length < HEADER + SIGNATURE_LENGTH) {
            throw new CertParseException(CertParseException.Reason.TRUNCATED,
                    "ed25519 certificate is " + data.length + " bytes; at least " + (HEADER + SIGNATURE_LENGTH)
                            + " are needed");
        }
        int type = data[1] & 0xff;
        long hours = ((data[2] & 0xffL) << 24) | ((data[3] & 0xffL) << 16) | ((data[4] & 0xffL) << 8) | (data[5] & 0xffL);
        int keyType = data[6] & 0xff;
        byte[] key = Arrays.copyOfRange(data, 7, 39);
        int n = data[39] & 0xff;
        int pos = HEADER;
        List<CertExtension> exts = new ArrayList<>(n);
        Ed25519PublicKey signer = null;
        for (int i = 0; i < n; i++) {
            if (pos + 4 > data.length - SIGNATURE_LENGTH) {
                throw new CertParseException(CertParseException.Reason.TRUNCATED,
                        "ed25519 certificate ends inside the header of extension " + (i + 1) + " of " + n);
            }
            int len = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            int extType = data[pos + 2] & 0xff;
            int flags = data[pos + 3] & 0xff;
            pos += 4;
            if (pos + len > data.length - SIGNATURE_LENGTH) {
                throw new CertParseException(CertParseException.Reason.TRUNCATED,
                        "ed25519 certificate extension " + (i + 1) + " (type " + extType + ") claims " + len
                                + " bytes but the certificate ends first");
            }
            byte[] extData = Arrays.copyOfRange(data, pos, pos + len);
            pos += len;
            if (extType == CertExtension.SIGNED_WITH_ED25519_KEY) {
                if (len != 32) {
                    throw new CertParseException(CertParseException.Reason.BAD_SIGNING_KEY_EXTENSION,
                            "signed-with-ed25519-key extension is " + len + " bytes; it must be 32");
                }
                if (signer != null) {
                    throw new CertParseException(CertParseException.Reason.BAD_SIGNING_KEY_EXTENSION,
                            "ed25519 certificate has two signed-with-ed25519-key extensions");
                }
                signer = Ed25519PublicKey.of(extData);
            } else if ((flags & CertExtension.AFFECTS_VALIDATION) != 0) {
                throw new CertParseException(CertParseException.Reason.UNKNOWN_CRITICAL_EXTENSION,
                        String.format("ed25519 certificate has unknown extension type 0x%02x marked affects-validation", extType));
            }
            exts.add(new CertExtension(extType, flags, extData));
        }
        if (pos != data.length - SIGNATURE_LENGTH) {
            throw new CertParseException(CertParseException.Reason.TRAILING_BYTES,
                    "ed25519 certificate has " + (data.length - SIGNATURE_LENGTH - pos)
                            + " unexpected bytes between its extensions and its signature");
        }
        return new Ed25519Cert(data.clone(), type, hours, keyType, key, exts, signer);
    }

    /** Parses a "-----BEGIN ED25519 CERT-----" block (surrounding text and line breaks allowed). */
    public static Ed25519Cert parsePem(String pem) throws CertParseException {
        int b = pem.indexOf(PEM_BEGIN);
        int e = pem.indexOf(PEM_END);
        if (b < 0 || e < b) {
            throw new CertParseException(CertParseException.Reason.BAD_PEM,
                    "no '" + PEM_BEGIN + "' ... '" + PEM_END + "' block");
        }
        String body = pem.substring(b + PEM_BEGIN.length(), e).replaceAll("\\s", "");
        try {
            return parse(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException ex) {
            throw new CertParseException(CertParseException.Reason.BAD_PEM, "ed25519 certificate block is not valid base64");
        }
    }

    /**
     * Creates and signs a version-1 certificate for an ed25519 key. The expiration is rounded up to
     * the next whole hour, so the certificate is valid at least until {@code expiration}.
     */
    public static Ed25519Cert create(CertType type, Ed25519PublicKey certified, Instant expiration,
                                     Ed25519ExpandedSecretKey signer, boolean withSigningKeyExtension) {
        Objects.requireNonNull(type, "type");
        if (type == CertType.UNKNOWN) {
            throw new IllegalArgumentException("cannot create a certificate of unknown type");
        }
        long hours = Math.floorDiv(expiration.getEpochSecond() + 3599, 3600);
        List<CertExtension> exts = withSigningKeyExtension
                ? List.of(new CertExtension(CertExtension.SIGNED_WITH_ED25519_KEY, 0, signer.publicKey().bytes()))
                : List.of();
        return create(type.code(), hours, KEY_TYPE_ED25519, certified.bytes(), exts, signer);
    }

    /** The general form: any type code, expiration in hours, key type and extensions. */
    public static Ed25519Cert create(int typeCode, long expirationHours, int certKeyType, byte[] certifiedKey,
                                     List<CertExtension> extensions, Ed25519ExpandedSecretKey signer) {
        if (typeCode < 0 || typeCode > 0xff || certKeyType < 0 || certKeyType > 0xff) {
            throw new IllegalArgumentException("type and key type are single bytes");
        }
        if (expirationHours < 0 || expirationHours > 0xffffffffL) {
            throw new IllegalArgumentException("expiration does not fit in 32 bits of hours: " + expirationHours);
        }
        if (certifiedKey.length != 32) {
            throw new IllegalArgumentException("certified key must be 32 bytes");
        }
        if (extensions.size() > 255) {
            throw new IllegalArgumentException("at most 255 extensions");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(typeCode);
        out.write((int) (expirationHours >>> 24));
        out.write((int) (expirationHours >>> 16));
        out.write((int) (expirationHours >>> 8));
        out.write((int) expirationHours);
        out.write(certKeyType);
        out.writeBytes(certifiedKey);
        out.write(extensions.size());
        for (CertExtension ext : extensions) {
            byte[] d = ext.data();
            out.write(d.length >>> 8);
            out.write(d.length);
            out.write(ext.type());
            out.write(ext.flags());
            out.writeBytes(d);
        }
        byte[] signed = out.toByteArray();
        out.writeBytes(signer.sign(signed));
        try {
            return parse(out.toByteArray());
        } catch (CertParseException e) {
            throw new IllegalArgumentException("certificate we built does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The same certificate (type, expiration, key type, certified key) signed by {@code newSigner},
     * with a signed-with-ed25519-key extension naming it: what a balancer does to an intro point's
     * auth-key and enc-key certificates for its own descriptor signing key.
     */
    public Ed25519Cert recertify(Ed25519ExpandedSecretKey newSigner) {
        return create(typeCode, expirationHours, certKeyType, certifiedKey,
                List.of(new CertExtension(CertExtension.SIGNED_WITH_ED25519_KEY, 0, newSigner.publicKey().bytes())),
                newSigner);
    }

    /**
     * Checks the signature under {@code signer}, that the extension (if any) names the same key, and
     * that the certificate has not expired at {@code now}. The signature is checked first, so an
     * altered certificate is reported as such even when it has also expired.
     */
    public void verify(Ed25519PublicKey signer, Instant now) throws CertVerificationException {
        verifySignature(signer);
        checkExpiry(now);
    }

    private void checkExpiry(Instant now) throws CertVerificationException {
        if (now.isAfter(expiration())) {
            throw new CertVerificationException(CertVerificationException.Reason.EXPIRED,
                    "ed25519 certificate (type " + typeName() + ") expired at " + expiration() + "; now is " + now);
        }
    }

    /** As {@link #verify(Ed25519PublicKey, Instant)} with the key from the signed-with-ed25519-key extension. */
    public void verify(Instant now) throws CertVerificationException {
        if (signingKeyExtension == null) {
            throw new CertVerificationException(CertVerificationException.Reason.NO_SIGNING_KEY,
                    "ed25519 certificate (type " + typeName() + ") names no signing key and none was given");
        }
        verify(signingKeyExtension, now);
    }

    /**
     * Signature, signer and certified key type, ignoring the expiration. The key type is checked
     * after the signature (so an altered byte is reported as an alteration) and before anyone
     * reads the key: a well-signed certificate of type 08, 09 or 0B that certifies something
     * other than an ed25519 key does not hold (cert-spec A.1), and {@link #certifiedKey()} of
     * a certificate that passed this is safe.
     */
    public void verifySignature(Ed25519PublicKey signer) throws CertVerificationException {
        checkSigner(signer);
        if (!signer.verify(signedBody(), signature())) {
            throw new CertVerificationException(CertVerificationException.Reason.BAD_SIGNATURE,
                    "ed25519 certificate (type " + typeName() + ") signature does not verify under " + signer.base64());
        }
        checkKeyType();
    }

    /**
     * {@link #verify(Ed25519PublicKey, Instant)} for a certificate whose signature under {@code signer}
     * the caller has already found valid, with the other certificates of a descriptor in one batch
     * ({@link net.onionbalance.crypto.Ed25519Batch}): the same checks in the same order, the signature's
     * excepted. With a signature that does not hold, call {@code verify} instead.
     */
    public void verifyWithSignatureChecked(Ed25519PublicKey signer, Instant now) throws CertVerificationException {
        checkSigner(signer);
        checkKeyType();
        checkExpiry(now);
    }

    /** The bytes the signature covers: the whole certificate but its last 64 bytes (cert-spec §2.1). */
    public byte[] signedBody() {
        return Arrays.copyOf(encoded, encoded.length - SIGNATURE_LENGTH);
    }

    private void checkSigner(Ed25519PublicKey signer) throws CertVerificationException {
        if (signingKeyExtension != null && !signingKeyExtension.equals(signer)) {
            throw new CertVerificationException(CertVerificationException.Reason.WRONG_SIGNER,
                    "ed25519 certificate (type " + typeName() + ") says it was signed by " + signingKeyExtension.base64()
                            + ", expected " + signer.base64());
        }
    }

    private void checkKeyType() throws CertVerificationException {
        if (certType().certifiesEd25519() && certKeyType != KEY_TYPE_ED25519) {
            throw new CertVerificationException(CertVerificationException.Reason.WRONG_KEY_TYPE, String.format(
                    "ed25519 certificate (type %s) certifies a key of type 0x%02x; this type must certify an ed25519"
                            + " key (type 0x01, cert-spec A.1)", typeName(), certKeyType));
        }
    }

    private String typeName() {
        CertType t = certType();
        return String.format("0x%02x%s", typeCode, t == CertType.UNKNOWN ? "" : " " + t);
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    /** Base64 in 64-character lines between the BEGIN/END lines, ending with a newline. */
    public String toPem() {
        String b64 = Base64.getEncoder().encodeToString(encoded);
        StringBuilder sb = new StringBuilder(PEM_BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append(PEM_END).append('\n').toString();
    }

    public CertType certType() {
        return CertType.fromCode(typeCode);
    }

    public int typeCode() {
        return typeCode;
    }

    public long expirationHours() {
        return expirationHours;
    }

    public Instant expiration() {
        return Instant.ofEpochSecond(expirationHours * 3600);
    }

    public int certKeyType() {
        return certKeyType;
    }

    /** The certified key as an ed25519 key; throws when CERT_KEY_TYPE is not 0x01 (e.g. a TLS cert digest). */
    public Ed25519PublicKey certifiedKey() {
        if (certKeyType != KEY_TYPE_ED25519) {
            throw new IllegalStateException(String.format(
                    "certificate type 0x%02x certifies a key of type 0x%02x, not an ed25519 key", typeCode, certKeyType));
        }
        return Ed25519PublicKey.of(certifiedKey);
    }

    /**
     * The certified key for messages and displays, whatever its type: base64 of an ed25519 key,
     * else the key type and the bytes in hex (never throws, so error paths can name it).
     */
    public String certifiedKeyText() {
        return certKeyType == KEY_TYPE_ED25519
                ? Ed25519PublicKey.of(certifiedKey).base64()
                : String.format("(key type 0x%02x, not ed25519) %s", certKeyType, HexFormat.of().formatHex(certifiedKey));
    }

    public byte[] certifiedKeyBytes() {
        return certifiedKey.clone();
    }

    public Optional<Ed25519PublicKey> signingKeyExtension() {
        return Optional.ofNullable(signingKeyExtension);
    }

    public List<CertExtension> extensions() {
        return extensions;
    }

    public byte[] signature() {
        return Arrays.copyOfRange(encoded, encoded.length - SIGNATURE_LENGTH, encoded.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519Cert c && Arrays.equals(encoded, c.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Ed25519Cert[type " + typeName() + ", expires " + expiration() + ", certifies " + certifiedKeyText()
                + (signingKeyExtension == null ? "" : ", signed by " + signingKeyExtension.base64()) + "]";
    }
}
