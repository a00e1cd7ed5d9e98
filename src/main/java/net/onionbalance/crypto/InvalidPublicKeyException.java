package net.onionbalance.crypto;

/** A public key whose bytes are not a usable curve point. Public keys are not secret: the message may show them. */
public final class InvalidPublicKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPublicKeyException(String message) {
        super(message);
    }
}
