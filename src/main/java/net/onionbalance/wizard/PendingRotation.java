package net.onionbalance.wizard;

import net.onionbalance.config.BalancerConfig;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigException;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.config.LoadedConfig;
import net.onionbalance.config.ServiceConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backend being replaced by a rotated one: both are in config.yaml, under one service, named
 * {@code X} (or {@code X-vK}) and {@code X-vN} with N the highest. The pairing is read from the
 * names in config.yaml, so it survives restarts, SIGHUP reloads and hand edits without any
 * state file. Once the engine has seen a valid descriptor of {@link #replacement()}, it retires
 * {@link #retiring()}: {@link #retire(ConfigWriter, Path)} removes it from config.yaml.
 */
public record PendingRotation(Path serviceKey, InstanceConfig retiring, InstanceConfig replacement) {
    private static final Pattern VERSIONED = Pattern.compile("(.+)-v(\\d+)");

    public PendingRotation {
        Objects.requireNonNull(serviceKey, "serviceKey");
        Objects.requireNonNull(retiring, "retiring");
        Objects.requireNonNull(replacement, "replacement");
    }

    /** Every backend waiting to be retired, in config order. */
    public static List<PendingRotation> find(BalancerConfig config) {
        List<PendingRotation> out = new ArrayList<>();
        for (ServiceConfig s : config.services()) {
            Map<String, List<InstanceConfig>> byBase = new LinkedHashMap<>();
            for (InstanceConfig i : s.instances()) {
                i.name().ifPresent(n -> byBase.computeIfAbsent(baseName(n), k -> new ArrayList<>()).add(i));
            }
            for (List<InstanceConfig> group : byBase.values()) {
                if (group.size() < 2) {
                    continue;
                }
                InstanceConfig newest = group.get(0);
                for (InstanceConfig i : group) {
                    if (version(i.name().orElseThrow()) > version(newest.name().orElseThrow())) {
                        newest = i;
                    }
                }
                for (InstanceConfig i : group) {
                    if (i != newest && !i.address().equals(newest.address())) {
                        out.add(new PendingRotation(s.key(), i, newest));
                    }
                }
            }
        }
        return out;
    }

    /** node1 for node1 and node1-v3. */
    public static String baseName(String name) {
        Matcher m = VERSIONED.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /** 1 for node1, 3 for node1-v3. */
    public static int version(String name) {
        Matcher m = VERSIONED.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(2)) : 1;
    }

    /** The replacement's name for version {@code v} of a backend named {@code name}. */
    public static String versionedName(String name, int v) {
        return baseName(name) + "-v" + v;
    }

    /** The pure config change that retires the old backend (for {@link ConfigWriter#edit} or {@link ConfigWriter#apply}). */
    public ConfigEdit retireEdit() {
        return new ConfigEdit.RemoveInstance(serviceKey, retiring.address());
    }

    /** config.yaml's text with the old backend removed; nothing is written. */
    public String retiredText(ConfigWriter writer, Path configFile, String text) throws ConfigException {
        return writer.edit(configFile, text, List.of(retireEdit()));
    }

    /** Removes the old backend from config.yaml (atomically, comments kept); the config it now holds. */
    public LoadedConfig retire(ConfigWriter writer, Path configFile) throws ConfigException, IOException {
        return writer.apply(configFile, List.of(retireEdit()));
    }

    public Optional<String> retiringName() {
        return retiring.name();
    }
}
