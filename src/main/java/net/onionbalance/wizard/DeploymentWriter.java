package net.onionbalance.wizard;

import java.util.Arrays;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.io.AtomicFiles;
import net.onionbalance.io.PrivateFiles;
import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.wizard.DeploymentPlan.PlannedService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link DeploymentPlan} all or nothing. Everything is first written into a private
 * temporary folder beside its destination; only a complete set is renamed into place:
 * <ul>
 * <li>a new output folder: the temporary folder is renamed to it (one atomic rename);</li>
 * <li>an existing output folder (onionbalance-config writes into one if it has no config.yaml):
 *     the entries are moved in one by one, config.yaml last, and moved back if a move fails.</li>
 * </ul>
 * Nothing is ever overwritten: names in the way are refused, or with {@code force} moved aside
 * into {@code replaced-<UTC time>/} in the output folder (keys are never deleted).
 */
public final class DeploymentWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final WriteObserver observer;
    private final Clock clock;

    public DeploymentWriter() {
        this(WriteObserver.NONE, Clock.systemUTC());
    }

    DeploymentWriter(WriteObserver observer, Clock clock) {
        this.observer = observer;
        this.clock = clock;
    }

    public WrittenDeployment write(DeploymentPlan plan) throws DeploymentException {
        Path out = plan.output().toAbsolutePath().normalize();
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new DeploymentException(out, "The output " + out + " exists and is not a folder; choose another --output.", true);
        }
        List<String> entries = plan.entryNames();
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            return writeIntoExisting(plan, out, entries);
        }
        return writeNew(plan, out, entries);
    }

    private WrittenDeployment writeNew(DeploymentPlan plan, Path out, List<String> entries) throws DeploymentException {
        Path parent = out.getParent();
        Deque<Path> createdParents = new ArrayDeque<>();
        Path staging = null;
        try {
            for (Path p = parent; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                createdParents.push(p);
            }
            for (Path p : createdParents) {
                Files.createDirectory(p);
                observer.created(p);
            }
            staging = PrivateFiles.createTempDirectory(parent, "." + out.getFileName() + ".onionbalance-config-");
            observer.created(staging);
            writeContents(plan, staging);
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
            AtomicFiles.syncFolder(parent);
            return new WrittenDeployment(plan, out, Optional.empty(), entries);
        } catch (IOException e) {
            PrivateFiles.deleteTree(staging);
            while (!createdParents.isEmpty()) {
                try {
                    Files.deleteIfExists(createdParents.removeLast());
                } catch (IOException ignored) {
                    // not empty any more: someone else is using it
                }
            }
            throw failure(out, e);
        }
    }

    private WrittenDeployment writeIntoExisting(DeploymentPlan plan, Path out, List<String> entries) throws DeploymentException {
        List<String> inTheWay = entries.stream().filter(n -> Files.exists(out.resolve(n), LinkOption.NOFOLLOW_LINKS)).toList();
        if (!inTheWay.isEmpty() && !plan.force()) {
            throw new DeploymentException(out, "The output folder " + out + " already holds " + String.join(", ", inTheWay)
                    + " (from an earlier run?); refusing to overwrite. Choose another --output, or add --force to move "
                    + "the old files into " + out.resolve("replaced-<time>") + " first.", true);
        }
        Path staging = null;
        Path replaced = null;
        List<String> movedAside = new ArrayList<>();
        List<String> movedIn = new ArrayList<>();
        try {
            staging = PrivateFiles.createTempDirectory(out, ".onionbalance-config-");
            observer.created(staging);
            writeContents(plan, staging);
            if (!inTheWay.isEmpty()) {
                replaced = out.resolve("replaced-" + STAMP.format(clock.instant()));
                PrivateFiles.createDirectory(replaced);
                for (String n : inTheWay) {
                    Files.move(out.resolve(n), replaced.resolve(n), StandardCopyOption.ATOMIC_MOVE);
                    movedAside.add(n);
                }
            }
            for (String n : entries) {
                // A hard rename would replace a file created meanwhile; a move without REPLACE_EXISTING refuses.
                Files.move(staging.resolve(n), out.resolve(n));
                movedIn.add(n);
                observer.created(out.resolve(n));
            }
            Files.delete(staging);
            AtomicFiles.syncFolder(out);
            return new WrittenDeployment(plan, out, Optional.ofNullable(replaced), entries);
        } catch (IOException e) {
            for (String n : movedIn) {
                PrivateFiles.deleteTree(out.resolve(n));
            }
            for (String n : movedAside) {
                try {
                    Files.move(replaced.resolve(n), out.resolve(n), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            if (replaced != null && movedAside.size() == inTheWay.size()) {
                try {
                    Files.deleteIfExists(replaced);
                } catch (IOException ignored) {
                    // something could not be restored; the folder keeps it
                }
            }
            PrivateFiles.deleteTree(staging);
            throw failure(out, e);
        }
    }

    private void writeContents(DeploymentPlan plan, Path dir) throws IOException {
        for (PlannedService s : plan.services()) {
            Path key = dir.resolve(s.keyFileName());
            if (s.importedFrom().isPresent()) {
                // Byte for byte, as onionbalance-config does: a tor-format key stays in tor's format,
                // which keeps onionbalance's revision counters for this key (derived from the bytes loaded).
                byte[] imported = BoundedFiles.read(s.importedFrom().get(), FileKind.KEY_FILE);
                try {
                    PrivateFiles.writeNew(key, imported);
                } finally {
                    Arrays.fill(imported, (byte) 0);
                }
            } else {
                KeyFiles.writePem(key, s.masterKey(), false);
            }
            observer.created(key);
        }
        for (InstanceBundle b : plan.bundles()) {
            b.writeTo(dir.resolve(b.bundleName()), observer);
            if (b.balancerClientKey().isPresent()) {
                Path keys = dir.resolve(DeploymentPlan.BACKEND_KEYS_DIR);
                if (!Files.isDirectory(keys)) {
                    PrivateFiles.createDirectory(keys);
                    observer.created(keys);
                }
                Path k = dir.resolve(DeploymentPlan.clientKeyPath(b));
                ClientAuthFiles.writeAuthPrivateFile(k, b.address(), b.balancerClientKey().get());
                observer.created(k);
            }
        }
        for (PlannedService s : plan.services()) {
            // As onionbalance client-auth add lays them out, so that it and the console keep working on them.
            for (DeploymentPlan.PlannedClient c : s.clients()) {
                Path auth = ClientAuthorizations.defaultFolder(dir, s.master()).resolve(c.name() + ClientAuthFiles.AUTH_SUFFIX);
                if (c.privateKey().isPresent()) {
                    ClientAuthorizations.writePair(auth, ClientAuthorizations.defaultPrivateFile(dir, c.name(), s.master()),
                            s.master(), c.privateKey().get());
                } else {
                    ClientAuthorizations.ensurePrivateFolder(auth.getParent());
                    ClientAuthFiles.writeAuthFile(auth, c.key());
                }
                observer.created(auth);
            }
        }
        Path readme = dir.resolve(DeploymentPlan.README_FILE);
        PrivateFiles.writeNew(readme, ReadmeText.render(plan).getBytes(StandardCharsets.UTF_8));
        observer.created(readme);
        Path config = dir.resolve(DeploymentPlan.CONFIG_FILE);
        PrivateFiles.writeNew(config, ConfigYamlText.render(plan).getBytes(StandardCharsets.UTF_8));
        observer.created(config);
    }

    private static DeploymentException failure(Path out, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied on " + e.getMessage();
        } else if (e instanceof FileAlreadyExistsException) {
            why = e.getMessage() + " appeared meanwhile";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new DeploymentException(out, "Could not write the deployment to " + out + ": " + why
                + ". Nothing was written.", e);
    }
}
