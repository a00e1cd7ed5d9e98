package net.onionbalance.doc.keys;

import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Loads what config.yaml's {@code key:} names: a master key file in any format, or an offline key bundle. */
public final class ServiceKeys {
    private ServiceKeys() {}

    public static ServiceIdentity load(Path path) throws KeyFileException {
        Optional<KeyBundle> bundle = bundleIfOne(path);
        if (bundle.isPresent()) {
            return bundle.get();
        }
        // A key file has its own, smaller limit and its own parser.
        return new FullKeyIdentity(KeyFiles.load(path));
    }

    /** The bundle (checked whole) when the file is one, empty when it is something else (a key file?). */
    public static Optional<KeyBundle> bundleIfOne(Path path) throws KeyFileException {
        byte[] content;
        try {
            content = BoundedFiles.read(path, FileKind.KEY_BUNDLE);
        } catch (BoundedFileException e) {
            throw new KeyFileException(e);
        }
        try {
            if (!KeyBundleFile.looksLikeBundle(content)) {
                return Optional.empty();
            }
            KeyBundle bundle = KeyBundleFile.parse(path, content);
            checkNamedAddress(path, bundle);
            return Optional.of(bundle);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * A bundle whose file name starts with an onion address (the wizard's {@code <address>.bundle},
     * the renewal's {@code <address>-<date>.bundle}) must be that service's: a bundle of another
     * service copied over it would otherwise quietly make config.yaml's service another one.
     */
    static void checkNamedAddress(Path path, KeyBundle bundle) throws KeyFileException {
        Path name = path.getFileName();
        if (name == null || name.toString().length() < OnionAddress.LENGTH) {
            return;
        }
        String prefix = name.toString().substring(0, OnionAddress.LENGTH);
        OnionAddress named;
        try {
            named = OnionAddress.parse(prefix);
        } catch (IllegalArgumentException e) {
            return; // not named after an address
        }
        if (!named.equals(bundle.onionAddress())) {
            throw new KeyFileException(path, "the key bundle is for " + bundle.onionAddress().withOnionSuffix()
                    + ", but its name says " + named.withOnionSuffix() + ": another service's bundle? (key info shows "
                    + "whose it is)");
        }
    }

    /** A bundle only (key info, tests): a key file is an error naming that. */
    public static KeyBundle loadBundle(Path path) throws KeyFileException {
        ServiceIdentity id = load(path);
        if (id instanceof KeyBundle b) {
            return b;
        }
        throw new KeyFileException(path, "is a master key file, not a key bundle");
    }
}
