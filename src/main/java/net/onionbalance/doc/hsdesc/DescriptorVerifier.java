package net.onionbalance.doc.hsdesc;

import java.util.Arrays;
import net.onionbalance.crypto.Ed25519Batch;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.cert.CertVerificationException;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Full verification of a descriptor fetched for {@code address}, before any of it is used.
 * Runs the {@link Check}s in order and stops at the first that fails. onionbalance 0.2.x
 * skipped all of the cryptographic ones, so a malicious HSDir could hand it a forged backend
 * descriptor and steer the master's clients to its own intro points.
 */
public final class DescriptorVerifier {
    /** How far around each acceptable period to look when naming a wrong-period blinded key. */
    private static final int NEIGHBOUR_PERIODS = 2;

    private DescriptorVerifier() {}

    public static VerifiedDescriptor verify(String descriptorText, OnionAddress address,
                                            Collection<TimePeriod> acceptablePeriods, Instant now) throws DescriptorException {
        return verify(descriptorText, address, acceptablePeriods, now, Optional.empty());
    }

    /** For a service with client authorization: {@code clientKey} opens the second layer. */
    public static VerifiedDescriptor verify(String descriptorText, OnionAddress address, Collection<TimePeriod> acceptablePeriods,
                                            Instant now, X25519PrivateKey clientKey) throws DescriptorException {
        return verify(descriptorText, address, acceptablePeriods, now, Optional.of(clientKey));
    }

    /**
     * As {@link #verify(String, OnionAddress, Collection, Instant)} for a descriptor fetched again,
     * {@code previous} being the last one verified for this address.
     *
     * <p>A backend's tor encrypts its descriptor afresh for every HSDir it uploads to (new salts in
     * both layers, new fake auth-client lines: rend-spec-v3 §2.5.1.1, §2.5.2.1), so a refetch from
     * another HSDir brings other bytes for the same plaintext. What names the plaintext is the
     * signing key and the revision counter under it: tor sets the counter once per upload round
     * (§2.4, its value only ever grows), HSDirs keep only a higher counter, and only the holder of
     * the signing key can sign a document. So when the refetched text carries the blinded key, the
     * signing key and the revision counter of {@code previous}, its two signatures are checked
     * (certificate and document) and the decrypted layers and intro points of
     * {@code previous} are kept: no layer decryptions and no 2n intro-point certificate checks,
     * which are most of a balancer's idle CPU. The checks that depend on the clock and the
     * consensus run again in every case: the time period is still acceptable, and neither the
     * signing-key certificate nor an intro-point certificate has expired. Anything else gets
     * {@link #verify(String, OnionAddress, Collection, Instant)} in full.
     */
    public static VerifiedDescriptor verifyRefetched(String text, OnionAddress address, Collection<TimePeriod> acceptable,
                                                     Instant now, Optional<VerifiedDescriptor> previous)
            throws DescriptorException {
        return verifyRefetched(text, address, acceptable, now, previous, Optional.empty());
    }

    /**
     * As {@link #verifyRefetched(String, OnionAddress, Collection, Instant, Optional)} for a backend
     * whose descriptor may be restricted to the balancer: {@code clientKey} (the balancer's x25519
     * client key for this backend, rend-spec-v3 §2.5.1.2) opens its second layer. A refetch of the
     * same signed document keeps the layers decrypted before, as without a key.
     */
    public static VerifiedDescriptor verifyRefetched(String text, OnionAddress address, Collection<TimePeriod> acceptable,
                                                     Instant now, Optional<VerifiedDescriptor> previous,
                                                     Optional<X25519PrivateKey> clientKey)
            throws DescriptorException {
        Objects.requireNonNull(clientKey, "clientKey");
        if (previous.isEmpty() || !previous.get().address().equals(address)) {
            return verify(text, address, acceptable, now, clientKey);
        }
        VerifiedDescriptor d = previous.get();
        OuterDocument doc = d.outer();
        boolean reencoded = !doc.text().equals(text);
        if (reencoded) {
            doc = OuterDocument.parse(text);
            Ed25519Cert cert = doc.layer().signingKeyCert();
            if (!cert.signingKeyExtension().orElseThrow().equals(d.blindedKey())
                    || !Arrays.equals(cert.certifiedKeyBytes(), d.signingKey().bytes())
                    || cert.certKeyType() != Ed25519Cert.KEY_TYPE_ED25519
                    || doc.layer().revisionCounter() != d.revisionCounter()) {
                return verify(doc, address, acceptable, now, clientKey, d);
            }
            checkCertSignature(cert, d.blindedKey());
        }
        // The checks in Check's order, as a full verification would make them.
        checkSigningKeyExpiry(doc.layer().signingKeyCert(), now);
        if (!acceptable.contains(d.timePeriod())) {
            matchTimePeriod(address, acceptable, d.blindedKey()); // throws, saying which period it is for
        }
        if (reencoded) {
            checkDocumentSignature(doc, d.signingKey());
            d = new VerifiedDescriptor(address, d.timePeriod(), d.blindedKey(), d.signingKey(), doc, d.middle(), d.inner());
        }
        List<IntroPoint> intros = d.introPoints();
        for (int i = 0; i < intros.size(); i++) {
            IntroPoint ip = intros.get(i);
            checkIntroExpiry(ip.authKeyCert(), now, Check.INTRO_AUTH_KEY_CERT, "auth-key", i, ip);
            checkIntroExpiry(ip.encKeyCert(), now, Check.INTRO_ENC_KEY_CERT, "enc-key-cert", i, ip);
        }
        return d;
    }

    private static void checkCertSignature(Ed25519Cert cert, Ed25519PublicKey blinded) throws DescriptorException {
        try {
            cert.verifySignature(blinded);
        } catch (CertVerificationException e) {
            throw new DescriptorException(Check.SIGNING_KEY_CERT_SIGNATURE,
                    e.reason() == CertVerificationException.Reason.WRONG_KEY_TYPE
                            ? "descriptor-signing-key-cert does not certify an ed25519 signing key: " + e.getMessage()
                            : "descriptor-signing-key-cert is not validly signed by the blinded key it names: " + e.getMessage());
        }
    }

    private static void checkDocumentSignature(OuterDocument doc, Ed25519PublicKey signingKey) throws DescriptorException {
        if (!doc.signatureHolds(signingKey)) {
            throw new DescriptorException(Check.DESCRIPTOR_SIGNATURE,
                    "the descriptor signature does not verify under the descriptor signing key " + signingKey.base64()
                            + ": the document was altered after signing");
        }
    }

    private static void checkSigningKeyExpiry(Ed25519Cert cert, Instant now) throws DescriptorException {
        if (now.isAfter(cert.expiration())) {
            throw new DescriptorException(Check.SIGNING_KEY_CERT_EXPIRY,
                    "descriptor-signing-key-cert expired at " + cert.expiration() + " (now " + now + ")");
        }
    }

    private static void checkIntroExpiry(Ed25519Cert cert, Instant now, Check check, String what, int index,
                                         IntroPoint ip) throws DescriptorException {
        if (now.isAfter(cert.expiration())) {
            throw introCertRejected(check, what, index, ip, "expired at " + cert.expiration());
        }
    }

    private static VerifiedDescriptor verify(String text, OnionAddress address, Collection<TimePeriod> acceptable,
                                             Instant now, Optional<X25519PrivateKey> clientKey) throws DescriptorException {
        Objects.requireNonNull(text, "text");
        return verify(OuterDocument.parse(text), address, acceptable, now, clientKey, null);
    }

    /**
     * {@code earlier} (may be null) is a descriptor of {@code address} verified before: when the
     * new one names the same blinded key, its time period is known (the earlier verification
     * derived that key from the address's identity key for that period), so the blinding, a tenth
     * of a verification, is not done again; a backend that republishes with new intro points
     * keeps its blinded key for the whole period.
     */
    private static VerifiedDescriptor verify(OuterDocument doc, OnionAddress address, Collection<TimePeriod> acceptable,
                                             Instant now, Optional<X25519PrivateKey> clientKey, VerifiedDescriptor earlier)
            throws DescriptorException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(now, "now");
        if (acceptable.isEmpty()) {
            throw new IllegalArgumentException("at least one acceptable time period is needed");
        }
        OuterLayer outer = doc.layer();
        Ed25519Cert cert = outer.signingKeyCert();
        // The parser guarantees type 08 and the extension; the extension names the blinded key.
        Ed25519PublicKey blinded = cert.signingKeyExtension().orElseThrow();
        // Every signature of the descriptor is checked in one batch below, once the layers are
        // open (the intro points' certificates are inside them): the certificate's by the blinded
        // key, the document's and the intro points' by the signing key it certifies. The checks in
        // between still report in Check's order: when one fails, the signatures before it in that
        // order are checked singly first, so an altered descriptor is named as the signature
        // failure and not as whatever the alteration broke.
        if (cert.certKeyType() != Ed25519Cert.KEY_TYPE_ED25519) {
            checkCertSignature(cert, blinded); // throws: a bad signature, else the wrong key type
        }
        Ed25519PublicKey signingKey = cert.certifiedKey();
        TimePeriod period;
        try {
            checkSigningKeyExpiry(cert, now);
            period = earlier != null && earlier.address().equals(address) && earlier.blindedKey().equals(blinded)
                    && acceptable.contains(earlier.timePeriod())
                    ? earlier.timePeriod()
                    : matchTimePeriod(address, acceptable, blinded);
        } catch (DescriptorException e) {
            checkCertSignature(cert, blinded);
            throw e;
        }
        Layers layers;
        try {
            layers = openLayers(doc, address, blinded, clientKey);
        } catch (DescriptorException e) {
            checkCertSignature(cert, blinded);
            checkDocumentSignature(doc, signingKey);
            throw e;
        }
        MiddleLayer middle = layers.middle();
        InnerLayer inner = layers.inner();

        List<IntroPoint> intros = inner.introPoints();
        Ed25519Batch batch = new Ed25519Batch()
                .add(blinded, cert.signedBody(), cert.signature())
                .add(signingKey, doc.signedMessage(), doc.signature());
        for (IntroPoint ip : intros) {
            batch.add(signingKey, ip.authKeyCert().signedBody(), ip.authKeyCert().signature());
            batch.add(signingKey, ip.encKeyCert().signedBody(), ip.encKeyCert().signature());
        }
        // All hold, or the single checks here and below find the first that does not, in Check's order.
        boolean allHold = batch.allHold();
        if (!allHold) {
            checkCertSignature(cert, blinded);
            checkDocumentSignature(doc, signingKey);
        }
        for (int i = 0; i < intros.size(); i++) {
            IntroPoint ip = intros.get(i);
            checkIntroCert(ip.authKeyCert(), signingKey, allHold, now, Check.INTRO_AUTH_KEY_CERT, "auth-key", i, ip);
            checkIntroCert(ip.encKeyCert(), signingKey, allHold, now, Check.INTRO_ENC_KEY_CERT, "enc-key-cert", i, ip);
        }
        return new VerifiedDescriptor(address, period, blinded, signingKey, doc, middle, inner);
    }

    private record Layers(MiddleLayer middle, InnerLayer inner) {}

    /** Both layers decrypted and parsed (rend-spec-v3 §2.5.1-2.5.2), with the client key if there is one. */
    private static Layers openLayers(OuterDocument doc, OnionAddress address, Ed25519PublicKey blinded,
                                     Optional<X25519PrivateKey> clientKey) throws DescriptorException {
        OuterLayer outer = doc.layer();
        Subcredential subcredential = Subcredential.of(address.publicKey(), blinded);
        MiddleLayer middle = MiddleLayer.parse(
                DescriptorLayers.decryptSuperencrypted(outer, blinded, subcredential.bytes()));
        Optional<byte[]> cookie = Optional.empty();
        if (clientKey.isPresent()) {
            try {
                cookie = Optional.of(DescriptorLayers.descriptorCookie(middle, subcredential, clientKey.get()));
            } catch (DescriptorException e) {
                // No auth-client line for our key: either the descriptor is restricted to others,
                // or it is open (tor writes fake lines then, §2.5.1.2) and needs no cookie.
                cookie = Optional.empty();
            }
        }
        InnerLayer inner;
        try {
            inner = InnerLayer.parse(DescriptorLayers.decryptEncrypted(
                    middle, blinded, subcredential.bytes(), outer.revisionCounter(), cookie));
        } catch (DescriptorException e) {
            if (e.check() != Check.ENCRYPTED_MAC || cookie.isPresent()) {
                throw e;
            }
            // The signature covers the first layer (the caller reports this only once it holds) and
            // its MAC holds, so the second layer is as the service wrote it: a MAC that fails
            // without a cookie means the descriptor cookie is
            // needed (rend-spec-v3 §2.5.2.1), i.e. the service restricts discovery to other clients.
            throw new DescriptorException(Check.CLIENT_AUTHORIZATION, "restricted to other clients: the backend's descriptor "
                    + "is encrypted for client authorization (rend-spec-v3 §2.5.1.2) and "
                    + (clientKey.isPresent() ? "none of its " + middle.authClients().size() + " auth-client lines is for "
                    + "the balancer's client key " + clientKey.get().publicKey().base64()
                    + " (check the backend's authorized_clients/ file)"
                    : "the balancer has no client key for it (give the instance a 'client-key:' in config.yaml)")
                    + "; or the backend wrote a second layer that does not decrypt", e);
        }

        return new Layers(middle, inner);
    }

    private static void checkIntroCert(Ed25519Cert cert, Ed25519PublicKey signingKey, boolean signatureChecked,
                                       Instant now, Check check, String what, int index, IntroPoint ip)
            throws DescriptorException {
        try {
            if (signatureChecked) {
                cert.verifyWithSignatureChecked(signingKey, now);
            } else {
                cert.verify(signingKey, now);
            }
        } catch (CertVerificationException e) {
            throw introCertRejected(check, what, index, ip, e.reason() == CertVerificationException.Reason.EXPIRED
                    ? "expired at " + cert.expiration()
                    : e.reason() == CertVerificationException.Reason.WRONG_KEY_TYPE
                    ? String.format("certifies a key of type 0x%02x, not an ed25519 key (cert-spec A.1)", cert.certKeyType())
                    : "is not signed by the descriptor signing key (" + e.reason() + ")");
        }
    }

    private static DescriptorException introCertRejected(Check check, String what, int index, IntroPoint ip, String why) {
        return new DescriptorException(check, "intro point " + (index + 1) + " (auth key " + ip.authKeyCert().certifiedKeyText()
                + "): " + what + " certificate " + why);
    }

    private static TimePeriod matchTimePeriod(OnionAddress address, Collection<TimePeriod> acceptable,
                                              Ed25519PublicKey blinded) throws DescriptorException {
        Ed25519PublicKey identity = address.publicKey();
        for (TimePeriod tp : acceptable) {
            if (KeyBlinding.blindPublicKey(identity, tp).equals(blinded)) {
                return tp;
            }
        }
        // Not acceptable. Say whether it is this service's key for a nearby period (a clock or
        // replay problem) or not this service's key at all (a forgery or a mix-up).
        Set<Long> tried = acceptable.stream().map(TimePeriod::number).collect(Collectors.toSet());
        Set<TimePeriod> neighbours = new LinkedHashSet<>();
        for (TimePeriod tp : acceptable) {
            TimePeriod before = tp;
            TimePeriod after = tp;
            for (int d = 1; d <= NEIGHBOUR_PERIODS; d++) {
                before = before.previous();
                after = after.next();
                neighbours.add(before);
                neighbours.add(after);
            }
        }
        String acceptableText = acceptable.stream().map(tp -> Long.toString(tp.number())).collect(Collectors.joining(", "));
        for (TimePeriod tp : neighbours) {
            if (!tried.contains(tp.number()) && KeyBlinding.blindPublicKey(identity, tp).equals(blinded)) {
                throw new DescriptorException(Check.BLINDED_KEY_TIME_PERIOD, "the descriptor is " + address
                        + "'s descriptor for " + tp + ", not for an acceptable time period (" + acceptableText
                        + "): an old or replayed descriptor, or a clock that is off");
            }
        }
        throw new DescriptorException(Check.BLINDED_KEY_IDENTITY, "the blinded key " + blinded.base64()
                + " in the signing-key certificate is not derived from the identity key of " + address
                + " for time periods " + acceptableText + " (nor the " + NEIGHBOUR_PERIODS
                + " around each): the descriptor belongs to another onion service or is forged");
    }
}
