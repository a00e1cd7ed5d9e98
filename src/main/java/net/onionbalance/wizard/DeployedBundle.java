package net.onionbalance.wizard;

import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.OnionAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bundle folder found in a deployment (written by the wizard or a rotation): its name, its
 * torrc lines and the address of the key it holds. Found by what is on disk, not by a list
 * kept elsewhere, so a deployment copied or edited by hand is still understood.
 *
 * @param name             srvN or srvN.vK
 * @param dir              the bundle folder
 * @param hiddenServiceDir the HiddenServiceDir its instance_torrc names
 * @param portLines        its HiddenServicePort lines, verbatim
 * @param address          the backend address of the key in it
 */
public record DeployedBundle(String name, Path dir, Path hiddenServiceDir, List<String> portLines, OnionAddress address) {
    static final Pattern NAME = Pattern.compile("(srv\\d+)(?:\\.v(\\d+))?");

    public DeployedBundle {
        portLines = List.copyOf(portLines);
    }

    /** srv3 for srv3 and srv3.v2. */
    public String baseName() {
        Matcher m = NAME.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /** 1 for srv3, 2 for srv3.v2. */
    public int version() {
        return versionOf(name);
    }

    static int versionOf(String bundleName) {
        Matcher m = NAME.matcher(bundleName);
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
    }

    /**
     * The clients its HiddenServiceDir's {@code authorized_clients/} lists (tor then restricts the
     * backend's descriptor to them, rend-spec-v3 §2.5.1.2); empty when it has none.
     */
    public List<ClientAuthFiles.AuthorizedClient> authorizedClients() throws KeyFileException {
        Path folder = dir.resolve(hiddenServiceDir.getFileName().toString()).resolve(InstanceBundle.AUTHORIZED_CLIENTS);
        return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) ? ClientAuthFiles.readFolder(folder) : List.of();
    }

    /** Every readable bundle in {@code deployment}; folders that are not bundles, or broken ones, are left out. */
    public static List<DeployedBundle> scan(Path deployment) throws IOException {
        List<DeployedBundle> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(deployment)) {
            for (Path d : ds) {
                if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && NAME.matcher(d.getFileName().toString()).matches()) {
                    read(d).ifPresent(found::add);
                }
            }
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /** All names in {@code deployment} that a bundle could have taken (also broken bundles): the next version must be new. */
    static List<String> takenNames(Path deployment) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(deployment)) {
            for (Path d : ds) {
                names.add(d.getFileName().toString());
            }
        }
        return names;
    }

    static Optional<DeployedBundle> read(Path dir) throws IOException {
        Path torrc = dir.resolve(InstanceBundle.TORRC);
        if (!Files.isRegularFile(torrc)) {
            return Optional.empty();
        }
        Path hsDir = null;
        List<String> ports = new ArrayList<>();
        for (String raw : new String(BoundedFiles.read(torrc, FileKind.TORRC), StandardCharsets.UTF_8).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            // torrc keywords are case-insensitive (tor's config_find_option).
            switch (kv[0].toLowerCase(Locale.ROOT)) {
                case "hiddenservicedir" -> hsDir = kv.length > 1 ? Path.of(kv[1].strip()) : null;
                case "hiddenserviceport" -> ports.add("HiddenServicePort " + (kv.length > 1 ? kv[1].strip() : ""));
                default -> { }
            }
        }
        if (hsDir == null || hsDir.getFileName() == null || ports.isEmpty()) {
            return Optional.empty();
        }
        Path key = dir.resolve(hsDir.getFileName().toString()).resolve(InstanceBundle.SECRET_KEY);
        try {
            OnionAddress address = KeyFiles.inspect(key).onionAddress();
            return Optional.of(new DeployedBundle(dir.getFileName().toString(), dir, hsDir, ports, address));
        } catch (KeyFileException e) {
            return Optional.empty();
        }
    }
}
