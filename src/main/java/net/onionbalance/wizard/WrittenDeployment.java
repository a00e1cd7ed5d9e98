package net.onionbalance.wizard;

import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * What the operator must know about a service's clients, one line each (empty for a public
     * service): the folder config.yaml names, and each new client's private file, to hand over.
     */
    public List<String> clientNotes(DeploymentPlan.PlannedService s) {
        if (s.clients().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("restricted to " + s.clients().size() + " authorized client" + (s.clients().size() == 1 ? "" : "s") + " ("
                + s.clientsFolderText() + "/)");
        for (DeploymentPlan.PlannedClient c : s.clients()) {
            out.add(c.privateKey().isPresent()
                    ? "client " + c.name() + ": give " + output.relativize(ClientAuthorizations.defaultPrivateFile(output, c.name(), s.master()))
                            + " to that client only (its ClientOnionAuthDir)"
                    : "client " + c.name() + ": taken from the folder (its owner holds the key)");
        }
        return out;
    }
}
