package net.onionbalance.cli;

import java.nio.file.InvalidPathException;
import java.util.Optional;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.io.BoundedFileException;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.crypto.InvalidOnionAddressException;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.Ed25519Cert;
import net.onionbalance.doc.hsdesc.Check;
import net.onionbalance.doc.hsdesc.DescriptorException;
import net.onionbalance.doc.hsdesc.DescriptorVerifier;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.LinkSpecifier;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.OuterDocument;
import net.onionbalance.doc.hsdesc.OuterLayer;
import net.onionbalance.doc.hsdesc.VerifiedDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code onionbalance descriptor show [--address ADDR] FILE|-}: decodes a descriptor. Without an
 * address only the outer layer can be read; with one, it is decrypted and fully verified and
 * the exit status says whether verification passed.
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Print a decoded v3 descriptor. With --address, decrypt it and verify it completely "
                + "(exit status 1 when a check fails); without, show the outer layer only.")
public final class DescriptorShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The descriptor file, or - for standard input.")
    String file;

    @Option(names = "--address", paramLabel = "ADDR", description = "Onion address the descriptor belongs to.")
    String address;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Check certificate expiry as of this ISO-8601 instant (default: now), e.g. 2023-02-10T00:00:00Z.")
    String at;

    @Option(names = "--client-key", paramLabel = "FILE",
            description = "A client's .auth_private file (tor's ClientOnionAuthDir format), to open a descriptor "
                    + "restricted to authorized clients.")
    Path clientKey;

    private static final long DEFAULT_PERIOD_MINUTES = 1440;

    /** Said of a backend with pow-params: why the master cannot pass puzzles on (hspow-spec §3.4.1). */
    static final String POW_THROUGH_MASTER = "clients reaching this backend through an onionbalance master will not "
            + "solve puzzles (a master descriptor never carries pow-params: the backend checks a solution against its own "
            + "seed and blinded key); under a PoW attack on this backend, balanced clients queue at effort 0";

    @Option(names = "--time-period-length", paramLabel = "MINUTES", defaultValue = "" + DEFAULT_PERIOD_MINUTES,
            description = "Time period length in minutes (default ${DEFAULT-VALUE}; a test network uses 24 voting intervals).")
    long periodMinutes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return show(out);
        } catch (UsageProblem e) {
            err.println("onionbalance descriptor show: " + e.getMessage());
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int show(PrintWriter out) throws UsageProblem {
        Instant now = now();
        OnionAddress onion = address == null ? null : parseAddress();
        if (periodMinutes < 1 || periodMinutes > TimePeriod.MAX_LENGTH.toMinutes()) {
            throw new UsageProblem("--time-period-length " + periodMinutes + " is not 1.." + TimePeriod.MAX_LENGTH.toMinutes()
                    + " minutes (tor clamps hsdir-interval to at most 10 days)");
        }
        String text = read();
        out.println("descriptor:        " + ("-".equals(file) ? "(standard input)" : file));
        out.println("size:              " + text.length() + " bytes");
        OuterDocument doc;
        try {
            doc = OuterDocument.parse(text);
        } catch (DescriptorException e) {
            out.println("verification:      FAILED (" + e.check().description() + ")");
            out.println("                   " + e.getMessage());
            return 1;
        }
        OuterLayer layer = doc.layer();
        Ed25519Cert cert = layer.signingKeyCert();
        out.println("lifetime:          " + layer.lifetimeMinutes() + " minutes");
        out.println("revision counter:  " + Long.toUnsignedString(layer.revisionCounter()));
        out.println("signing key:       " + cert.certifiedKeyText());
        out.println("signing key cert:  expires " + cert.expiration());
        out.println("blinded key:       " + cert.signingKeyExtension().map(k -> k.base64()).orElse("(none)"));
        if (onion == null) {
            out.println("verification:      not done (outer layer only; give --address to decrypt and verify)");
            return 0;
        }
        Set<TimePeriod> periods = candidatePeriods(cert.expiration(), now);
        try {
            Optional<X25519PrivateKey> key = Optional.empty();
            if (clientKey != null) {
                try {
                    key = Optional.of(ClientAuthFiles.readAuthPrivateFile(clientKey).key());
                } catch (IOException e) {
                    spec.commandLine().getErr().println("onionbalance descriptor show: " + e.getMessage());
                    spec.commandLine().getErr().flush();
                    return 1;
                }
            }
            VerifiedDescriptor v = DescriptorVerifier.verifyRefetched(text, onion, periods, now, Optional.empty(), key);
            out.println("address:           " + onion.withOnionSuffix());
            out.println("time period:       " + v.timePeriod());
            out.println("flow-control:      " + v.inner().flowControl().map(fc -> fc + " (clients use congestion control)")
                    .orElse("(none: clients run without congestion control)"));
            if (!v.inner().proto().isEmpty()) {
                out.println("proto:             " + v.inner().proto());
            }
            if (v.inner().singleOnionService()) {
                out.println("single onion:      yes");
            }
            for (var p : v.inner().powParams()) {
                out.println("pow-params:        " + p.type() + " " + String.join(" ", p.arguments()));
            }
            if (v.advertisesPow()) {
                out.println("note:              " + POW_THROUGH_MASTER);
            }
            printIntroPoints(out, v.introPoints());
            out.println("verification:      OK (signatures, certificates, blinded key, MACs all hold as of " + now + ")");
            return 0;
        } catch (DescriptorException e) {
            out.println("address:           " + onion.withOnionSuffix());
            out.println("verification:      FAILED (" + e.check().description() + ")");
            out.println("                   " + e.getMessage());
            if ((e.check() == Check.BLINDED_KEY_IDENTITY || e.check() == Check.BLINDED_KEY_TIME_PERIOD)
                    && periodMinutes == DEFAULT_PERIOD_MINUTES) {
                // Test networks (TestingTorNetwork) have periods of 24 voting intervals, not a day.
                out.println("hint:              from a test network? Its time periods are 24 voting intervals:"
                        + " add --time-period-length MINUTES");
            }
            return 1;
        }
    }

    /**
     * Periods in which this descriptor could have been made: tor certifies its signing key from
     * the next whole hour for {@link MasterDescriptorBuilder#CERT_LIFETIME}, for the current or next
     * period; plus the periods around the check time.
     */
    private Set<TimePeriod> candidatePeriods(Instant certExpiry, Instant now) {
        Duration length = Duration.ofMinutes(periodMinutes);
        Duration offset = length.dividedBy(2);
        Set<TimePeriod> periods = new LinkedHashSet<>();
        Instant from = certExpiry.minus(MasterDescriptorBuilder.CERT_LIFETIME).minus(Duration.ofHours(1));
        TimePeriod tp = TimePeriod.containing(from, length, offset);
        while (!tp.start().isAfter(certExpiry)) {
            periods.add(tp);
            tp = tp.next();
        }
        periods.add(tp);
        TimePeriod current = TimePeriod.containing(now, length, offset);
        periods.add(current.previous());
        periods.add(current);
        periods.add(current.next());
        return periods;
    }

    private static void printIntroPoints(PrintWriter out, List<IntroPoint> intros) {
        out.println("intro points:      " + intros.size());
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        for (int i = 0; i < intros.size(); i++) {
            IntroPoint ip = intros.get(i);
            out.println("  " + (i + 1) + ". auth key        " + ip.authKey().base64());
            out.println("     link specifiers " + ip.linkSpecifiers().stream().map(LinkSpecifier::toString)
                    .collect(Collectors.joining(", ")));
            out.println("     onion-key ntor  " + b64.encodeToString(ip.onionKeyNtor()));
            out.println("     enc-key ntor    " + b64.encodeToString(ip.encKeyNtor()));
            out.println("     certs expire    " + ip.authKeyCert().expiration()
                    + (ip.legacy().isPresent() ? "  (has obsolete legacy key)" : ""));
        }
    }

    private OnionAddress parseAddress() throws UsageProblem {
        try {
            return OnionAddress.parse(address.strip());
        } catch (InvalidOnionAddressException e) {
            throw new UsageProblem(e.getMessage());
        }
    }

    private Instant now() throws UsageProblem {
        if (at == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new UsageProblem("--at '" + at + "' is not an ISO-8601 instant such as 2023-02-10T00:00:00Z");
        }
    }

    private String read() throws UsageProblem {
        try {
            byte[] raw = "-".equals(file) ? BoundedFiles.read(System.in, FileKind.DESCRIPTOR_FILE, "(standard input)")
                    : BoundedFiles.read(Path.of(file), FileKind.DESCRIPTOR_FILE);
            // ISO-8859-1 keeps every byte visible, so the parser can name a stray non-ASCII one.
            return new String(raw, StandardCharsets.ISO_8859_1);
        } catch (BoundedFileException e) {
            throw new UsageProblem(e.getMessage());
        } catch (InvalidPathException e) {
            throw new UsageProblem("descriptor file name '" + file + "' is not a valid path: " + e.getReason());
        }
    }

    private static final class UsageProblem extends Exception {
        UsageProblem(String message) {
            super(message);
        }
    }
}
