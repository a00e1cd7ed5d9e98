package net.onionbalance.crypto;

import java.nio.file.Path;

/** What a key file holds, without its secret: for {@code onionbalance key info}. */
public record KeyFileInfo(Path path, KeyFormat format, Ed25519PublicKey publicKey) {
    public OnionAddress onionAddress() {
        return OnionAddress.of(publicKey);
    }
}
