package net.onionbalance.engine;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.doc.cert.CertVerificationException;
import net.onionbalance.doc.cert.Ed25519Cert;
import net.onionbalance.doc.hsdesc.DescriptorParseException;
import net.onionbalance.doc.hsdesc.OuterDocument;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Judges what an HSDir served for our master descriptor against what it accepted from us. An HSDir
 * stores and serves the uploaded bytes unchanged (rend-spec-v3 §2.4), so the same text is ours;
 * anything else is read only as far as its outer layer: whether our blinded key certified its
 * signing key and that key signed it, and its revision counter.
 */
final class HsDirCheck {
    private HsDirCheck() {}

    /** The verdict, and the revision counter of what was served when it parsed. */
    record Judgement(HsDirVerdict verdict, OptionalLong revisionCounter) {}

    /**
     * @param served       the descriptor the HSDir served; empty when it had none (404)
     * @param sentText     what we uploaded to it and it accepted
     * @param sentRevision that upload's revision counter
     * @param blindedKey   our blinded key for the descriptor's time period
     */
    static Judgement judge(Optional<String> served, String sentText, long sentRevision, Ed25519PublicKey blindedKey) {
        if (served.isEmpty() || served.get().isBlank()) {
            return new Judgement(HsDirVerdict.ABSENT, OptionalLong.empty());
        }
        if (served.get().equals(sentText)) {
            return new Judgement(HsDirVerdict.HOLDS_OURS, OptionalLong.of(sentRevision));
        }
        OuterDocument doc;
        try {
            doc = OuterDocument.parse(served.get());
        } catch (DescriptorParseException | RuntimeException e) {
            return new Judgement(HsDirVerdict.FOREIGN, OptionalLong.empty());
        }
        long revision = doc.layer().revisionCounter();
        // Tor's control port may hand the text back re-encoded (line endings, a final newline): the
        // same signature over the same signed text is the same document.
        if (sameDocument(doc, sentText)) {
            return new Judgement(HsDirVerdict.HOLDS_OURS, OptionalLong.of(revision));
        }
        if (!signedBy(doc, blindedKey)) {
            return new Judgement(HsDirVerdict.FOREIGN, OptionalLong.of(revision));
        }
        // Revision counters compare unsigned (rend-spec-v3 §2.4: a 64-bit counter, only ever growing).
        if (Long.compareUnsigned(revision, sentRevision) < 0) {
            return new Judgement(HsDirVerdict.OLDER_REVISION, OptionalLong.of(revision));
        }
        return new Judgement(HsDirVerdict.OTHER_PUBLISHER, OptionalLong.of(revision));
    }

    private static boolean sameDocument(OuterDocument served, String sentText) {
        try {
            OuterDocument sent = OuterDocument.parse(sentText);
            return java.util.Arrays.equals(served.signature(), sent.signature()) && served.signedText().equals(sent.signedText());
        } catch (DescriptorParseException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code blindedKey} certified the descriptor's signing key and that key signed it. */
    private static boolean signedBy(OuterDocument doc, Ed25519PublicKey blindedKey) {
        Ed25519Cert cert = doc.layer().signingKeyCert();
        if (!cert.signingKeyExtension().map(blindedKey::equals).orElse(false)
                || cert.certKeyType() != Ed25519Cert.KEY_TYPE_ED25519) {
            return false;
        }
        try {
            cert.verifySignature(blindedKey);
            return doc.signatureHolds(cert.certifiedKey());
        } catch (CertVerificationException | RuntimeException e) {
            return false;
        }
    }
}
