package net.onionbalance.cli;

import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.doc.keys.KeyBundle;
import net.onionbalance.doc.keys.ServiceKeys;
import net.onionbalance.time.CivilTime;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFileInfo;
import net.onionbalance.crypto.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code onionbalance key info FILE}: the key's format and onion address. Prints no secret. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Print a key file's format and its onion address. Accepts PKCS#8 PEM keys "
                + "(onionbalance-config), tor's hs_ed25519_secret_key and hs_ed25519_public_key, and ED25519-V3: blobs; "
                + "for an offline key bundle (key offline), the time periods it covers and when it runs out.")
public final class KeyInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The key file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Optional<KeyBundle> asBundle = ServiceKeys.bundleIfOne(file);
            if (asBundle.isPresent()) {
                KeyBundle bundle = asBundle.get();
                // An offline key bundle: checked whole (checksum, every certificate) by the load.
                out.println("file:    " + file);
                out.println("format:  offline key bundle (version " + KeyBundle.FORMAT_VERSION + ")");
                out.println("address: " + bundle.onionAddress().withOnionSuffix());
                out.println("periods: " + KeyOfflineCommand.describe(bundle));
                out.println("publishes until: " + CivilTime.format(bundle.signsUntil().orElseThrow().getEpochSecond())
                        + " UTC");
                KeyFiles.exposure(file).ifPresent(w -> out.println("warning: " + w));
                out.flush();
                return 0;
            }
            KeyFileInfo info = KeyFiles.inspect(file);
            out.println("file:    " + file);
            out.println("format:  " + info.format().description());
            out.println("address: " + info.onionAddress().withOnionSuffix());
            if (info.format() != KeyFormat.TOR_PUBLIC) {
                KeyFiles.exposure(file).ifPresent(w -> out.println("warning: " + w));
            }
            out.flush();
            return 0;
        } catch (KeyFileException e) {
            spec.commandLine().getErr().println("onionbalance key info: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
