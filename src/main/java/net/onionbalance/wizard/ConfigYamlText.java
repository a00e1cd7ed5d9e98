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
            // Keys sorted as PyYAML dumps them: authorized-clients, instances, intro-points-per-instance, key.
            if (!s.clients().isEmpty()) {
                b.append("- authorized-clients: ").append(scalar(s.clientsFolderText())).append('\n');
                b.append("  instances:\n");
            } else {
                b.append("- instances:\n");
            }
            for (InstanceBundle i : s.instances()) {
                b.append("  - address: ").append(scalar(i.address().withOnionSuffix())).append('\n');
                b.append("    name: ").append(scalar(i.instanceName())).append('\n');
                if (i.balancerClientKey().isPresent()) {
                    b.append("    client-key: ").append(scalar(DeploymentPlan.clientKeyPath(i))).append('\n');
                }
            }
            if (s.introPointsPerInstance() != Answers.INTRO_POINTS_PER_INSTANCE) {
                b.append("  intro-points-per-instance: ").append(s.introPointsPerInstance()).append('\n');
            }
            b.append("  key: ").append(scalar(s.keyFileName())).append('\n');
        }
        return b.toString();
    }

    /** What PyYAML writes plain here: names, and relative paths such as backend-keys/srv1.auth_private. */
    private static final Pattern SAFE_CHARS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");
    /** PyYAML's YAML 1.1 implicit resolvers (resolver.py) for int and float. */
    private static final Pattern PYYAML_INT = Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern PYYAML_FLOAT = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    /** SnakeYAML also reads "1e5" (no dot) as a float; quoting it too keeps both readers seeing a string. */
    private static final Pattern SNAKEYAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9_]+(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
    /** YAML 1.1 booleans and null as both libraries resolve them. */
    private static final Set<String> RESERVED = Set.of("yes", "no", "true", "false", "on", "off", "null", "~");

    /**
     * Plain when PyYAML writes it plain; single-quoted when a YAML 1.1 reader would take it for a
     * number, boolean or null (as PyYAML quotes such strings), or when it holds other characters.
     */
    static String scalar(String s) {
        boolean otherType = PYYAML_INT.matcher(s).matches() || PYYAML_FLOAT.matcher(s).matches()
                || SNAKEYAML_FLOAT.matcher(s).matches() || RESERVED.contains(s.toLowerCase(Locale.ROOT));
        if (SAFE_CHARS.matcher(s).matches() && !otherType) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }
}
