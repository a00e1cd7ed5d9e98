package net.onionbalance.doc.hsdesc;

import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.util.List;
import java.util.Optional;

/** Reads one intro-point block of the second layer (rend-spec-v3 §2.5.2.2). */
final class IntroPointParser {
    private IntroPointParser() {}

    /** {@code items} start with the {@code introduction-point} item and run to the next one. */
    static IntroPoint parse(List<NetdocItem> items) throws DescriptorParseException {
        NetdocItem head = items.get(0);
        NetdocSection s = new NetdocSection(items, Check.INNER_LAYER_FORMAT, head.lineNumber());
        List<LinkSpecifier> specifiers;
        try {
            specifiers = LinkSpecifier.decodeList(s.decodeBase64(head, s.arg(head, 0, "link specifiers"), "link specifiers"));
        } catch (IllegalArgumentException e) {
            throw s.error(head, "bad link specifiers: " + e.getMessage());
        }
        if (specifiers.isEmpty()) {
            throw s.error(head, "the intro point has no link specifiers");
        }

        // "onion-key" may be repeated with other key types; the ntor one is the one clients use.
        byte[] onionKey = null;
        for (NetdocItem ok : s.atLeastOnce("onion-key")) {
            if ("ntor".equals(s.arg(ok, 0, "key type"))) {
                if (onionKey != null) {
                    throw s.error(ok, "more than one \"onion-key ntor\" line");
                }
                onionKey = s.base64Arg(ok, 1, 32, "ntor onion key");
            }
        }
        if (onionKey == null) {
            throw s.error(head, "the intro point has no \"onion-key ntor\" line");
        }

        Ed25519Cert authCert = s.ed25519Cert(s.exactlyOnce("auth-key"), CertType.HS_V3_INTRO_AUTH);
        NetdocItem encKeyItem = s.exactlyOnce("enc-key");
        if (!"ntor".equals(s.arg(encKeyItem, 0, "key type"))) {
            throw s.error(encKeyItem, "unsupported enc-key type \""
                    + NetdocReader.abbreviate(encKeyItem.arguments().get(0)) + "\" (only ntor exists)");
        }
        byte[] encKey = s.base64Arg(encKeyItem, 1, 32, "ntor enc key");
        Ed25519Cert encCert = s.ed25519Cert(s.exactlyOnce("enc-key-cert"), CertType.HS_V3_NTOR_ENC);

        Optional<NetdocItem> legacyKey = s.atMostOnce("legacy-key");
        Optional<NetdocItem> legacyCert = s.atMostOnce("legacy-key-cert");
        Optional<LegacyIntroKey> legacy = Optional.empty();
        if (legacyKey.isPresent() != legacyCert.isPresent()) {
            NetdocItem present = legacyKey.orElseGet(legacyCert::get);
            throw s.error(present, "\"legacy-key\" and \"legacy-key-cert\" must appear together");
        }
        if (legacyKey.isPresent()) {
            legacy = Optional.of(new LegacyIntroKey(s.object(legacyKey.get(), "RSA PUBLIC KEY"),
                    s.object(legacyCert.get(), "CROSSCERT")));
        }
        return new IntroPoint(specifiers, onionKey, authCert, encKey, encCert, legacy);
    }
}
