package net.onionbalance.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * A service's master identity key as loaded from a key file. Besides the signing key it keeps
 * the private bytes exactly as loaded ({@link #opeSecret()}), because onionbalance 0.2.x derives
 * the revision counter from them (rend-spec-v3 F.2): the 32-byte seed of a PEM key, the 64-byte
 * expanded key of a tor key. The same service loaded from the two formats thus yields different
 * counters, as it does in Python. Never prints secret bytes.
 */
public final class IdentityKey {
    private final Ed25519ExpandedSecretKey secretKey;
    private final byte[] loadedBytes;
    private final KeyFormat format;

    private IdentityKey(Ed25519ExpandedSecretKey secretKey, byte[] loadedBytes, KeyFormat format) {
        this.secretKey = secretKey;
        this.loadedBytes = loadedBytes;
        this.format = format;
    }

    /** A key held as a 32-byte seed (PKCS#8 PEM form). */
    public static IdentityKey fromSeed(byte[] seed) {
        return new IdentityKey(Ed25519ExpandedSecretKey.fromSeed(seed), seed.clone(), KeyFormat.PEM_PKCS8);
    }

    /** A key held as 64 expanded bytes, in tor's file or ADD_ONION form. */
    public static IdentityKey fromExpanded(byte[] expanded, KeyFormat format) {
        if (format != KeyFormat.TOR_SECRET && format != KeyFormat.ADD_ONION) {
            throw new IllegalArgumentException(format + " does not hold an expanded key");
        }
        return new IdentityKey(Ed25519ExpandedSecretKey.of(expanded), expanded.clone(), format);
    }

    /** A new random key, to be written in {@code format} (PEM keeps the seed; tor form the expanded key). */
    public static IdentityKey generate(SecureRandom rng, KeyFormat format) {
        byte[] seed = new byte[32];
        rng.nextBytes(seed);
        try {
            IdentityKey k = fromSeed(seed);
            return switch (format) {
                case PEM_PKCS8 -> k;
                case TOR_SECRET, ADD_ONION -> fromExpanded(k.secretKey.expandedBytes(), format);
                case TOR_PUBLIC -> throw new IllegalArgumentException("a public-key file cannot hold a new secret key");
            };
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }

    public Ed25519ExpandedSecretKey secretKey() {
        return secretKey;
    }

    public Ed25519PublicKey publicKey() {
        return secretKey.publicKey();
    }

    public OnionAddress onionAddress() {
        return OnionAddress.of(publicKey());
    }

    /** The private-key bytes as loaded (a copy): the revision-counter secret S of onionbalance 0.2.x. */
    public byte[] opeSecret() {
        return loadedBytes.clone();
    }

    /** The 32-byte seed when the key came from (or will be written as) PEM. */
    public Optional<byte[]> seed() {
        return format == KeyFormat.PEM_PKCS8 ? Optional.of(loadedBytes.clone()) : Optional.empty();
    }

    public KeyFormat format() {
        return format;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityKey k && format == k.format && MessageDigest.isEqual(loadedBytes, k.loadedBytes);
    }

    @Override
    public int hashCode() {
        return publicKey().hashCode();
    }

    @Override
    public String toString() {
        return "IdentityKey[" + format.description() + ", " + onionAddress().withOnionSuffix() + "]";
    }
}
