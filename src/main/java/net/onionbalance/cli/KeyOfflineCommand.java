package net.onionbalance.cli;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.keys.KeyBundle;
import net.onionbalance.doc.keys.KeyBundleFile;
import net.onionbalance.time.CivilTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance key offline --key MASTER --output BUNDLE [--start DATE] [--days N]}: on the
 * machine that keeps the master key, a key bundle for the obhosts (rend-spec-v3 §1.7).
 */
@Command(
        name = "offline",
        mixinStandardHelpOptions = true,
        description = {"Write an offline key bundle: from the master key, what an obhost needs to publish the service "
                + "for the time periods from --start for --days days (a descriptor signing key per period, certified "
                + "by the period's blinded key, and the revision-counter key), without the master key. Name the "
                + "bundle as the service's key: in the obhost's config.yaml. Run it on the machine that keeps the "
                + "master key offline; the bundle is written mode 0600, never over an existing file.",
                "Cron-able: e.g. weekly with --days 30 and an --output named by date, then copy the bundle to the "
                        + "obhosts, point config.yaml at it and reload (SIGHUP)."})
public final class KeyOfflineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE",
            description = "The master key (PKCS#8 PEM or tor's hs_ed25519_secret_key).")
    Path key;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the bundle.")
    Path output;

    @Option(names = "--start", paramLabel = "DATE",
            description = "First day to cover (UTC, \"2026-12-07\", or a time as \"2026-12-07 10:30:00\"); default now.")
    String start;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "How many days to cover from --start (default 30).")
    int days;

    @Option(names = "--time-period-length", paramLabel = "MINUTES", defaultValue = "1440",
            description = "The network's time-period length: 1440 on the public network (periods start at 12:00 UTC); "
                    + "on a test network 24 voting intervals (e.g. 8 with a 20-second interval). Periods start half a "
                    + "length after a multiple of the length, as tor computes them.")
    long periodMinutes;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Instant from = start == null ? clock.instant() : parseStart(start);
            if (days < 1 || days > 3660) {
                throw new IllegalArgumentException("--days must be between 1 and 3660, not " + days);
            }
            if (periodMinutes < 1 || periodMinutes > TimePeriod.MAX_LENGTH.toMinutes()) {
                throw new IllegalArgumentException("--time-period-length must be between 1 and "
                        + TimePeriod.MAX_LENGTH.toMinutes() + " minutes, not " + periodMinutes);
            }
            Duration length = Duration.ofMinutes(periodMinutes);
            IdentityKey master = KeyFiles.load(key);
            KeyBundle bundle = KeyBundle.covering(master, from, from.plus(Duration.ofDays(days)), length, new SecureRandom());
            KeyBundleFile.write(output, bundle);
            out.println("wrote " + output + " (key bundle, mode 0600)");
            out.println("address: " + bundle.onionAddress().withOnionSuffix());
            out.println("periods: " + describe(bundle));
            out.println("publishes until: " + CivilTime.format(bundle.signsUntil().orElseThrow().getEpochSecond())
                    + " UTC (renew before then)");
            out.flush();
            return 0;
        } catch (KeyFileException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("onionbalance key offline: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** "20429 .. 20459 (31 periods of 1440 minutes, 2025-12-07 12:00:00 .. 2026-01-07 12:00:00 UTC)". */
    static String describe(KeyBundle b) {
        return b.firstPeriod().number() + " .. " + b.lastPeriod().number() + " (" + b.periodCount() + " periods of "
                + b.periodLength().toMinutes() + " minutes, " + CivilTime.format(b.firstPeriod().start().getEpochSecond())
                + " .. " + CivilTime.format(b.lastPeriod().end().getEpochSecond()) + " UTC)";
    }

    static Instant parseStart(String s) {
        String t = s.strip();
        try {
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Instant.parse(t + "T00:00:00Z");
            }
            if (t.length() == 19 && t.charAt(10) == ' ') {
                return Instant.parse(t.replace(' ', 'T') + "Z");
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start: expected a UTC date like \"2026-12-07\" or a time like "
                    + "\"2026-12-07 10:30:00\", got \"" + s + "\"");
        }
    }
}
