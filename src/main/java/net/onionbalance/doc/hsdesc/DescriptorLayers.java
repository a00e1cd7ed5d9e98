package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.DescriptorLayerCipher;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.LayerMacMismatchException;
import net.onionbalance.crypto.LayerTooShortException;
import net.onionbalance.crypto.Subcredential;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.crypto.X25519PublicKey;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * Opening the two encrypted layers (rend-spec-v3 §2.5.1.1, §2.5.2.1, keys as §2.5.3), one step
 * at a time. {@link DescriptorVerifier} chains these after the signature checks; the steps are
 * public so tools can show each layer's plaintext.
 */
public final class DescriptorLayers {
    /** Length of the descriptor cookie carried in auth-client lines (rend-spec-v3 §2.5.1.2). */
    public static final int DESCRIPTOR_COOKIE_LENGTH = 16;

    private DescriptorLayers() {}

    /** First-layer plaintext, NUL padding included. SECRET_DATA is the blinded key. */
    public static byte[] decryptSuperencrypted(OuterLayer outer, Ed25519PublicKey blindedKey, byte[] subcredential)
            throws DescriptorException {
        try {
            return DescriptorLayerCipher.decrypt(blindedKey.bytes(), subcredential, outer.revisionCounter(),
                    DescriptorLayerCipher.SUPERENCRYPTED, outer.superencrypted());
        } catch (LayerTooShortException e) {
            throw new DescriptorException(Check.OUTER_LAYER_FORMAT, e.getMessage());
        } catch (LayerMacMismatchException e) {
            throw new DescriptorException(Check.SUPERENCRYPTED_MAC, e.getMessage());
        }
    }

    /**
     * Second-layer plaintext. SECRET_DATA is the blinded key, followed by the descriptor
     * cookie when client authorization is in use.
     */
    public static byte[] decryptEncrypted(MiddleLayer middle, Ed25519PublicKey blindedKey, byte[] subcredential,
                                          long revisionCounter, Optional<byte[]> descriptorCookie) throws DescriptorException {
        byte[] blinded = blindedKey.bytes();
        byte[] secretData = blinded;
        if (descriptorCookie.isPresent()) {
            byte[] cookie = descriptorCookie.get();
            secretData = new byte[blinded.length + cookie.length];
            System.arraycopy(blinded, 0, secretData, 0, blinded.length);
            System.arraycopy(cookie, 0, secretData, blinded.length, cookie.length);
        }
        try {
            return DescriptorLayerCipher.decrypt(secretData, subcredential, revisionCounter,
                    DescriptorLayerCipher.ENCRYPTED, middle.encrypted());
        } catch (LayerTooShortException e) {
            throw new DescriptorException(Check.MIDDLE_LAYER_FORMAT, e.getMessage());
        } catch (LayerMacMismatchException e) {
            String hint = descriptorCookie.isPresent() ? ""
                    : " (if this service uses client authorization, a client key is needed to open this layer)";
            throw new DescriptorException(Check.ENCRYPTED_MAC, e.getMessage() + hint);
        }
    }

    /**
     * The descriptor cookie for {@code clientKey}: finds the auth-client line whose client id
     * matches and decrypts its cookie.
     */
    public static byte[] descriptorCookie(MiddleLayer middle, Subcredential subcredential, X25519PrivateKey clientKey)
            throws DescriptorException {
        ClientAuthKeys keys = ClientAuthKeys.derive(subcredential, clientKey, X25519PublicKey.of(middle.ephemeralKey()));
        for (AuthClient c : middle.authClients()) {
            if (MessageDigest.isEqual(c.clientId(), keys.clientId())) {
                return keys.cookieStream(c.iv(), c.encryptedCookie());
            }
        }
        throw new DescriptorException(Check.CLIENT_AUTHORIZATION, "none of the " + middle.authClients().size()
                + " auth-client lines is for client key " + clientKey.publicKey().base64()
                + ": this client is not authorized for the service");
    }
}
