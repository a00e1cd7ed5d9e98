package net.onionbalance.doc.hsdesc;

import net.onionbalance.doc.cert.CertParseException;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A run of items of one layer (a whole layer, or one intro-point block) with the
 * "exactly once / at most once / at least once" rules of rend-spec-v3 and typed argument
 * access. Every failure is a {@link DescriptorParseException} naming layer, line and keyword.
 */
final class NetdocSection {
    private final List<NetdocItem> items;
    private final Check layer;
    private final int fallbackLine;

    NetdocSection(List<NetdocItem> items, Check layer, int fallbackLine) {
        this.items = List.copyOf(items);
        this.layer = layer;
        this.fallbackLine = fallbackLine;
    }

    List<NetdocItem> items() {
        return items;
    }

    List<NetdocItem> all(String keyword) {
        List<NetdocItem> found = new ArrayList<>(1);
        for (NetdocItem it : items) {
            if (it.keyword().equals(keyword)) {
                found.add(it);
            }
        }
        return Collections.unmodifiableList(found);
    }

    NetdocItem exactlyOnce(String keyword) throws DescriptorParseException {
        List<NetdocItem> found = all(keyword);
        if (found.isEmpty()) {
            throw error(fallbackLine, keyword, "required item \"" + keyword + "\" is missing");
        }
        if (found.size() > 1) {
            throw error(found.get(1), "\"" + keyword + "\" appears " + found.size()
                    + " times but must appear exactly once (first on line " + found.get(0).lineNumber() + ")");
        }
        return found.get(0);
    }

    Optional<NetdocItem> atMostOnce(String keyword) throws DescriptorParseException {
        List<NetdocItem> found = all(keyword);
        if (found.size() > 1) {
            throw error(found.get(1), "\"" + keyword + "\" appears " + found.size()
                    + " times but may appear at most once (first on line " + found.get(0).lineNumber() + ")");
        }
        return found.stream().findFirst();
    }

    List<NetdocItem> atLeastOnce(String keyword) throws DescriptorParseException {
        List<NetdocItem> found = all(keyword);
        if (found.isEmpty()) {
            throw error(fallbackLine, keyword, "required item \"" + keyword + "\" is missing (at least one expected)");
        }
        return found;
    }

    String arg(NetdocItem item, int index, String what) throws DescriptorParseException {
        if (item.arguments().size() <= index) {
            throw error(item, "missing argument " + (index + 1) + " (" + what + ")");
        }
        return item.arguments().get(index);
    }

    /** Base64 with or without padding (tor prints both kinds), of an exact decoded length. */
    byte[] base64Arg(NetdocItem item, int index, int length, String what) throws DescriptorParseException {
        String value = arg(item, index, what);
        byte[] decoded = decodeBase64(item, value, what);
        if (decoded.length != length) {
            throw error(item, what + " must be " + length + " bytes but decodes to " + decoded.length);
        }
        return decoded;
    }

    byte[] decodeBase64(NetdocItem item, String value, String what) throws DescriptorParseException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw error(item, what + " is not valid base64");
        }
    }

    byte[] object(NetdocItem item, String label) throws DescriptorParseException {
        NetdocObject object = item.object().orElseThrow(
                () -> error(item, "expected a \"-----BEGIN " + label + "-----\" object after the keyword line"));
        if (!object.label().equals(label)) {
            throw error(item, "expected a \"" + label + "\" object but found \"" + object.label() + "\"");
        }
        return object.content();
    }

    void noObject(NetdocItem item) throws DescriptorParseException {
        if (item.object().isPresent()) {
            throw error(item, "unexpected \"" + item.object().get().label() + "\" object");
        }
    }

    /** An "ED25519 CERT" object of the expected type carrying the signed-with-ed25519-key extension. */
    Ed25519Cert ed25519Cert(NetdocItem item, CertType expected) throws DescriptorParseException {
        byte[] raw = object(item, "ED25519 CERT");
        Ed25519Cert cert;
        try {
            cert = Ed25519Cert.parse(raw);
        } catch (CertParseException e) {
            throw error(item, "certificate is malformed: " + e.getMessage());
        }
        if (cert.certType() != expected) {
            throw error(item, String.format("certificate has type %s but must be %s (0x%02X)",
                    cert.certType(), expected, expected.code()));
        }
        if (cert.signingKeyExtension().isEmpty()) {
            throw error(item, "certificate lacks the signed-with-ed25519-key extension (cert-spec §2.2.1)");
        }
        return cert;
    }

    DescriptorParseException error(NetdocItem item, String problem) {
        return new DescriptorParseException(layer, item.lineNumber(), item.keyword(), problem);
    }

    DescriptorParseException error(int line, String keyword, String problem) {
        return new DescriptorParseException(layer, line, keyword, problem);
    }
}
