package net.onionbalance.wizard;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link DeploymentWriter} wrote.
 *
 * @param plan     what was written (addresses, bundle names)
 * @param output   the deployment folder, absolute
 * @param replaced with {@code --force}: the folder the previous files were moved to
 * @param entries  the names written directly in {@code output}
 */
public record WrittenDeployment(DeploymentPlan plan, Path output, Optional<Path> replaced, List<String> entries) {
    public WrittenDeployment {
        entries = List.copyOf(entries);
    }

    public Path configFile() {
        return output.resolve(DeploymentPlan.CONFIG_FILE);
    }
}
