package net.onionbalance.wizard;

import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.keys.KeyBundle;
import net.onionbalance.doc.keys.KeyBundleFile;
import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.time.CivilTime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wizard's offline-key option (issue 26): after a deployment is written, each master key
 * moves into {@code offline/} (to leave the machine, with a README.txt saying what to keep where)
 * and config.yaml names a key bundle for the obhost instead ({@code key offline}'s, {@code days}
 * long). In an order that leaves a working deployment after a crash at any step: bundles, then
 * the keys' copies in offline/, then config.yaml (atomically), then the keys beside it removed.
 */
public final class OfflineKeySplit {
    public static final String FOLDER = "offline";
    public static final int DEFAULT_DAYS = 30;

    private OfflineKeySplit() {}

    /** The wizard's question (plain prompts), asked after the others; no answer or end of input keeps {@code dflt}. */
    public static boolean ask(java.io.BufferedReader in, java.io.PrintWriter out, boolean dflt) throws IOException {
        while (true) {
            out.print("Keep the master keys offline (move them into " + FOLDER + "/ to take off this machine, and give this "
                    + "obhost " + DEFAULT_DAYS + "-day key bundles instead)? [" + (dflt ? "Y/n" : "y/N") + "]: ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                out.flush();
                return dflt;
            }
            try {
                return Answers.yesNo("offline keys", line, dflt);
            } catch (InvalidAnswerException e) {
                out.println("  Refused: " + e.getMessage());
            }
        }
    }

    /** What was written: the offline folder and one bundle per service, next to config.yaml. */
    public record Split(Path offlineFolder, List<Path> bundles, Instant publishesUntil) {}

    public static Split apply(WrittenDeployment w, int days, Instant now, SecureRandom rng) throws IOException {
        if (days < 1 || days > 3660) {
            throw new IOException("--bundle-days must be between 1 and 3660, not " + days);
        }
        Path out = w.output();
        Path offline = out.resolve(FOLDER);
        List<Path> bundles = new ArrayList<>();
        Instant until = Instant.MAX;
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            KeyBundle bundle = KeyBundle.covering(s.masterKey(), now, now.plus(Duration.ofDays(days)), TimePeriod.DEFAULT_LENGTH,
                    rng);
            Path file = out.resolve(s.master() + ".bundle");
            KeyBundleFile.write(file, bundle);
            bundles.add(file);
            if (bundle.signsUntil().orElseThrow().isBefore(until)) {
                until = bundle.signsUntil().orElseThrow();
            }
        }
        PrivateFiles.createDirectory(offline);
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            byte[] key = BoundedFiles.read(out.resolve(s.keyFileName()), FileKind.KEY_FILE);
            try {
                AtomicFiles.writeOwnerOnly(offline.resolve(s.keyFileName()), key, false);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        AtomicFiles.writeOwnerOnly(offline.resolve("README.txt"), readme(w, days, until).getBytes(StandardCharsets.UTF_8), false);
        byte[] config = BoundedFiles.read(w.configFile(), FileKind.CONFIG_FILE);
        String text = new String(config, StandardCharsets.UTF_8);
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            text = text.replace("key: " + s.keyFileName() + "\n", "key: " + s.master() + ".bundle\n");
        }
        AtomicFiles.replace(w.configFile(), text.getBytes(StandardCharsets.UTF_8), config);
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            Files.delete(out.resolve(s.keyFileName()));
        }
        AtomicFiles.syncFolder(out);
        return new Split(offline, bundles, until);
    }

    static String readme(WrittenDeployment w, int days, Instant until) {
        StringBuilder t = new StringBuilder();
        t.append("OFFLINE MASTER KEYS: take this folder off the obhost.\n\n");
        t.append("The files here are the services' master keys. Whoever holds one can publish the service for ever.\n");
        t.append("Keep them on a machine that is not on the network (and a backup), then delete this folder here.\n\n");
        t.append("The obhost needs only the key bundles next to config.yaml (<address>.bundle, ").append(days)
                .append(" days, until ").append(CivilTime.format(until.getEpochSecond())).append(" UTC).\n");
        t.append("Before they run out, on the offline machine, for each service:\n\n");
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            t.append("  onionbalance key offline --key ").append(s.keyFileName()).append(" --days 30 --output ")
                    .append(s.master()).append("-$(date +%F).bundle\n");
        }
        t.append("\nthen copy the bundle to every obhost, name it as the service's key: in config.yaml, and reload\n");
        t.append("(systemctl reload onionbalance, or kill -HUP <pid>). The balancer warns 7 days and 1 day ahead.\n");
        return t.toString();
    }
}
