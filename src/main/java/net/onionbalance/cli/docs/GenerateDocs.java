package net.onionbalance.cli.docs;

import net.onionbalance.cli.CommandTree;
import picocli.AutoComplete;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step (exec-maven-plugin, phase prepare-package): writes {@code man/onionbalance.1}, one
 * {@code man/onionbalance-SUB.1} per subcommand and {@code completion/onionbalance} (bash, from
 * picocli's AutoComplete) under the folder given. Never loaded by a balancer run.
 */
public final class GenerateDocs {
    private GenerateDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: GenerateDocs OUTPUT_DIR VERSION");
            System.exit(2);
        }
        write(Path.of(args[0]), args[1]);
    }

    public static List<Path> write(Path out, String version) throws IOException {
        CommandLine root = CommandTree.newCommandLine();
        Path man = Files.createDirectories(out.resolve("man"));
        List<Path> written = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        for (CommandLine sub : ManPage.distinct(root.getCommandSpec())) {
            pages.add(sub.getCommandSpec().qualifiedName("-"));
        }
        List<String> rootSeeAlso = new ArrayList<>(pages);
        rootSeeAlso.add("tor");
        written.add(put(man.resolve("onionbalance.1"), ManPage.render(root.getCommandSpec(), version, rootSeeAlso)));
        for (CommandLine sub : ManPage.distinct(root.getCommandSpec())) {
            String name = sub.getCommandSpec().qualifiedName("-");
            written.add(put(man.resolve(name + ".1"), ManPage.render(sub.getCommandSpec(), version, List.of("onionbalance"))));
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        written.add(put(completion.resolve("onionbalance"), AutoComplete.bash("onionbalance", root)));
        return written;
    }

    private static Path put(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
