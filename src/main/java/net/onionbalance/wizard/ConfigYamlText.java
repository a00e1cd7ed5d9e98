package net.onionbalance.wizard;

import net.onionbalance.wizard.DeploymentPlan.PlannedService;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * config.yaml in the shape onionbalance-config writes it: a "# Onionbalance Config File" line,
 * then PyYAML's {@code safe_dump(default_flow_style=False)} of {@code {services: [{key, instances:
 * [{address, name}]}]}} — keys sorted (instances before key), list items at the parent's
 * indentation. The difference: the real instance addresses instead of
 * "&lt;Enter the instance onion address here&gt;".
 */
public final class ConfigYamlText {
    private ConfigYamlText() {}

    public static final String HEADER = "# Onionbalance Config File\n";

    public static String render(DeploymentPlan plan) {
        StringBuilder b = new StringBuilder(HEADER).append("services:\n");
        for (PlannedService s : plan.services()) {
            b.append("- instances:\n");
            for (InstanceBundle i : s.instances()) {
                b.append("  - address: ").append(scalar(i.address().withOnionSuffix())).append('\n');
                b.append("    name: ").append(scalar(i.instanceName())).append('\n');
            }
            b.append("  key: ").append(scalar(s.keyFileName())).append('\n');
        }
        return b.toString();
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern NUMBER_LIKE = Pattern.compile(
            "[-+]?(\\.?[0-9][0-9_.]*([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0b[01_]+)");
    /** YAML 1.1 booleans and null, which PyYAML would read back as other than a string. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

    /** Plain when PyYAML would write it plain; otherwise single-quoted, as PyYAML quotes strings that resolve to another type. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        if (s.matches("[A-Za-z0-9_.-]+") && !NUMBER_LIKE.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }
}
