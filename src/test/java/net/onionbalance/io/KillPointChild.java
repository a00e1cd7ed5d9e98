package net.onionbalance.io;

import net.onionbalance.cli.CommandTree;
import net.onionbalance.config.ConfigEdit;
import net.onionbalance.config.ConfigWriter;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.config.ServiceConfig;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.wizard.BundleRotation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run in a child JVM by {@link KillDuringEveryWriteTest}: does one real write of the program (a
 * command as the operator types it, or the console's config.yaml edit) and stops for ever at
 * the first {@link AtomicFiles.Step} named for the file named, after creating a marker file, so
 * that the parent kills it (SIGKILL) exactly there.
 *
 * <p>Arguments: {@code MARKER FILE_NAME STEP} then {@code cli ARGS...}, {@code add-instance CONFIG
 * ADDRESS NAME} or {@code remove-instance CONFIG ADDRESS}.
 */
public final class KillPointChild {
    private KillPointChild() {}

    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        String fileName = args[1];
        AtomicFiles.Step at = AtomicFiles.Step.valueOf(args[2]);
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicFiles.pauseForTest = (step, target) -> {
            if (step == at && target.getFileName().toString().equals(fileName) && stopped.compareAndSet(false, true)) {
                try {
                    Files.writeString(marker, target + "\n");
                    Thread.sleep(Long.MAX_VALUE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        List<String> rest = Arrays.asList(args).subList(3, args.length);
        int code = switch (rest.get(0)) {
            case "cli" -> CommandTree.newCommandLine().execute(rest.subList(1, rest.size()).toArray(String[]::new));
            case "add-instance", "remove-instance" -> {
                Path config = Path.of(rest.get(1));
                var loader = BundleRotation.defaultLoader();
                ServiceConfig s = loader.load(config).config().services().get(0);
                OnionAddress address = OnionAddress.parse(rest.get(2));
                ConfigEdit edit = rest.get(0).equals("add-instance")
                        ? new ConfigEdit.AddInstance(s.key(), InstanceConfig.of(address, rest.get(3)))
                        : new ConfigEdit.RemoveInstance(s.key(), address);
                new ConfigWriter(loader).apply(config, List.of(edit));
                yield 0;
            }
            default -> throw new IllegalArgumentException(rest.get(0));
        };
        // Reaching here means the write never came to the step asked for: the parent fails on it.
        System.out.println("finished without stopping, exit " + code);
        System.exit(3);
    }
}
