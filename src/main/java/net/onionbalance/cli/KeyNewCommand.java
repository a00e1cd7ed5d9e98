package net.onionbalance.cli;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/** {@code onionbalance key new --output FILE [--format pem|tor] [--force]}: a new master key. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Generate a new master key, write it (mode 0600) and print its onion address.")
public final class KeyNewCommand implements Callable<Integer> {
    /** The formats a new key can be written in. */
    enum Format { pem, tor }

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the key.")
    Path output;

    @Option(names = "--format", paramLabel = "pem|tor", defaultValue = "pem",
            description = "pem: PKCS#8 PEM as onionbalance-config writes (default); tor: hs_ed25519_secret_key.")
    Format format;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KeyFormat kf = format == Format.tor ? KeyFormat.TOR_SECRET : KeyFormat.PEM_PKCS8;
        IdentityKey key = IdentityKey.generate(new SecureRandom(), kf);
        try {
            KeyFiles.write(output, key, force);
        } catch (KeyFileException e) {
            spec.commandLine().getErr().println("onionbalance key new: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.println("wrote " + output + " (" + kf.description() + ")");
        out.println("address: " + key.onionAddress().withOnionSuffix());
        out.flush();
        return 0;
    }
}
