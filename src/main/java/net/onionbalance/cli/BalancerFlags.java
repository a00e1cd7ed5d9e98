package net.onionbalance.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of a plain balancer run ({@code -c -i -p -s -v --is-testnet --no-tui --log-file
 * --hs-version}, each spelled as {@link RootCommand} declares it), read without picocli.
 *
 * <p>Why: a balancer runs for months and reads its flags once. picocli's model of even the root
 * command alone loads ~170 classes and builds its reflection data: ~1.4 MB of resident memory and
 * ~60 ms of CPU at every start, measured with scripts/bench-balancer (issue 7's budget is 48 MB).
 * Only the plain spellings are read here: {@code -c FILE}, {@code --config FILE} and
 * {@code --config=FILE}. Anything else (a subcommand, --help, --version, clustered or attached
 * short flags, a repeated flag, a value that starts with '-', a port that is not plain digits)
 * gives empty, and picocli parses the whole command tree and answers as it always has.
 * RootCommandTest checks that both read every line accepted here alike.
 */
final class BalancerFlags {
    private BalancerFlags() {}

    static Optional<RootCommand> parse(String[] args) {
        RootCommand r = new RootCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String flag = longName(name);
            if (flag == null || !seen.add(flag)) {
                return Optional.empty();
            }
            if (flag.equals("--is-testnet") || flag.equals("--no-tui")) {
                if (value != null) {
                    return Optional.empty();
                }
                if (flag.equals("--is-testnet")) {
                    r.testNetwork = true;
                } else {
                    r.noTui = true;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length || args[i + 1].startsWith("-")) {
                    return Optional.empty();
                }
                value = args[++i];
            }
            switch (flag) {
                case "--config" -> r.config = Path.of(value);
                case "--ip" -> r.control.ip = value;
                case "--port" -> {
                    if (!value.matches("[1-9][0-9]{0,4}")) {
                        return Optional.empty();
                    }
                    r.control.port = Integer.valueOf(value);
                }
                case "--socket" -> r.control.socket = Path.of(value);
                case "--verbosity" -> r.verbosity = value;
                case "--log-file" -> r.logFile = Path.of(value);
                case "--hs-version" -> r.hsVersion = value;
                default -> throw new AssertionError(flag);
            }
        }
        return Optional.of(r);
    }

    private static String longName(String name) {
        return switch (name) {
            case "-c", "--config" -> "--config";
            case "-i", "--ip" -> "--ip";
            case "-p", "--port" -> "--port";
            case "-s", "--socket" -> "--socket";
            case "-v", "--verbosity" -> "--verbosity";
            case "--is-testnet", "--no-tui", "--log-file", "--hs-version" -> name;
            default -> null;
        };
    }
}
