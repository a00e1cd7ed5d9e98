package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A whole v3 descriptor as an HSDir stores it: the outer layer, the exact text that was
 * signed, and the signature (rend-spec-v3 §2.4). Parsing checks the syntax only; see
 * {@link DescriptorVerifier} for the checks that make it trustworthy.
 */
public final class OuterDocument {
    /** The prefix of the signed message, rend-spec-v3 §2.4 "signature". */
    public static final String SIGNATURE_PREFIX = "Tor onion service descriptor sig v3";

    private final OuterLayer layer;
    /** The signed text is the text's first {@code signedLength} characters: not a second copy of them. */
    private final int signedLength;
    private final byte[] signature;
    private final String text;

    private OuterDocument(OuterLayer layer, int signedLength, byte[] signature, String text) {
        this.layer = layer;
        this.signedLength = signedLength;
        this.signature = signature.clone();
        this.text = text;
    }

    public OuterLayer layer() {
        return layer;
    }

    /** The text the signature covers, exactly as received. */
    public String signedText() {
        return text.substring(0, signedLength);
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The whole document: as received when parsed, as written when signed here. */
    public String text() {
        return text;
    }

    /** The message the descriptor signing key signs: the prefix followed by the signed text. */
    public byte[] signedMessage() {
        return signedMessage(text, signedLength);
    }

    /**
     * The prefix and the first {@code length} characters of {@code text}, which is ASCII (the
     * parser checked it, or we wrote it): its ISO-8859-1 bytes are then a plain copy.
     */
    static byte[] signedMessage(String text, int length) {
        byte[] prefix = SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] msg = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, msg, 0, prefix.length);
        System.arraycopy(body, 0, msg, prefix.length, length);
        return msg;
    }

    public boolean signatureHolds(Ed25519PublicKey signingKey) {
        return signingKey.verify(signedMessage(), signature);
    }

    /** Signs a freshly built outer layer with the descriptor signing key. */
    public static OuterDocument sign(OuterLayer layer, Ed25519ExpandedSecretKey signingKey) {
        String signed = layer.toSignedText();
        byte[] signature = signingKey.sign(signedMessage(signed, signed.length()));
        return new OuterDocument(layer, signed.length(), signature,
                signed + "signature " + NetdocWriter.base64Unpadded(signature) + "\n");
    }

    /** Parses the outer document; syntax errors name the line and keyword. */
    public static OuterDocument parse(String text) throws DescriptorParseException {
        Check layerCheck = Check.OUTER_LAYER_FORMAT;
        List<NetdocItem> items = NetdocReader.read(text, layerCheck);
        if (items.isEmpty()) {
            throw new DescriptorParseException(layerCheck, 0, null, "the descriptor is empty");
        }
        NetdocSection s = new NetdocSection(items, layerCheck, 1);
        NetdocItem first = items.get(0);
        if (!first.keyword().equals("hs-descriptor")) {
            throw s.error(first, "a v3 descriptor must start with \"hs-descriptor 3\"");
        }
        NetdocItem version = s.exactlyOnce("hs-descriptor");
        if (!"3".equals(s.arg(version, 0, "version"))) {
            throw s.error(version, "unsupported descriptor version \"" + NetdocReader.abbreviate(version.arguments().get(0))
                    + "\" (only 3 is handled)");
        }
        NetdocItem last = items.get(items.size() - 1);
        NetdocItem sig = s.exactlyOnce("signature");
        if (sig != last) {
            throw s.error(last, "\"" + last.keyword() + "\" after \"signature\"; the signature must be the last item");
        }
        NetdocItem lifetimeItem = s.exactlyOnce("descriptor-lifetime");
        int lifetime = parseInt(s, lifetimeItem, s.arg(lifetimeItem, 0, "lifetime in minutes"));
        if (lifetime < OuterLayer.MIN_LIFETIME_MINUTES || lifetime > OuterLayer.MAX_LIFETIME_MINUTES) {
            throw s.error(lifetimeItem, "lifetime " + lifetime + " minutes is outside "
                    + OuterLayer.MIN_LIFETIME_MINUTES + ".." + OuterLayer.MAX_LIFETIME_MINUTES + " (rend-spec-v3 §2.4)");
        }
        Ed25519Cert cert = s.ed25519Cert(s.exactlyOnce("descriptor-signing-key-cert"), CertType.HS_V3_DESC_SIGNING);
        NetdocItem revItem = s.exactlyOnce("revision-counter");
        long revision;
        try {
            revision = Long.parseUnsignedLong(s.arg(revItem, 0, "revision counter"));
        } catch (NumberFormatException e) {
            throw s.error(revItem, "revision counter \"" + NetdocReader.abbreviate(revItem.arguments().get(0))
                    + "\" is not an unsigned 64-bit integer");
        }
        byte[] superencrypted = s.object(s.exactlyOnce("superencrypted"), "MESSAGE");
        byte[] signature = s.base64Arg(sig, 0, 64, "ed25519 signature");
        s.noObject(sig);
        OuterLayer layer = new OuterLayer(lifetime, cert, revision, superencrypted);
        return new OuterDocument(layer, sig.startOffset(), signature, text);
    }

    private static int parseInt(NetdocSection s, NetdocItem item, String value) throws DescriptorParseException {
        try {
            if (!value.matches("[0-9]{1,9}")) {
                throw new NumberFormatException();
            }
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw s.error(item, "\"" + NetdocReader.abbreviate(value) + "\" is not a non-negative integer");
        }
    }

    @Override
    public String toString() {
        return "OuterDocument[" + layer + "]";
    }
}
