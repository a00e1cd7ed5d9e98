package net.onionbalance.cli.docs;

import net.onionbalance.cli.CommandTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The man pages and completion list exactly what the command model (the parser) accepts. */
class ManPageTest {
    @TempDir
    Path tmp;

    /** The page a command is documented on: its top-level subcommand's page, or onionbalance.1. */
    private static String pageOf(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null && s.parent().parent() != null) {
            s = s.parent();
        }
        return s.qualifiedName("-") + ".1";
    }

    private static void all(CommandSpec spec, List<CommandSpec> out) {
        out.add(spec);
        for (CommandLine c : ManPage.distinct(spec)) {
            all(c.getCommandSpec(), out);
        }
    }

    /** Option names as troff writes them, then read back: "\-\-config" is "--config". */
    private static String plain(String troff) {
        return troff.replace("\\-", "-").replace("\\e", "\\");
    }

    @Test
    void everyOptionOfEveryCommandIsOnItsPage() throws Exception {
        GenerateDocs.write(tmp, "1.2.3");
        List<CommandSpec> commands = new ArrayList<>();
        all(CommandTree.newCommandLine().getCommandSpec(), commands);
        assertTrue(commands.size() > 8, "root, subcommands and their subcommands: " + commands.size());
        int options = 0;
        for (CommandSpec c : commands) {
            Path page = tmp.resolve("man").resolve(pageOf(c));
            assertTrue(Files.exists(page), "page for " + c.qualifiedName() + ": " + page);
            String text = plain(Files.readString(page));
            for (OptionSpec o : c.options()) {
                for (String name : o.names()) {
                    boolean shown = text.contains("\\fB" + name + "\\fR");
                    assertEquals(!o.hidden(), shown, c.qualifiedName() + " " + name + (o.hidden() ? " is hidden" : " is missing") + " in " + page);
                }
                if (!o.hidden()) {
                    options++;
                    String description = String.join(" ", o.description());
                    assertTrue(text.contains(description), c.qualifiedName() + " " + o.longestName() + ": " + description);
                }
            }
            if (c.parent() != null) {
                assertTrue(text.contains(c.qualifiedName(" ").replace("onionbalance ", "")), "synopsis of " + c.qualifiedName());
            }
        }
        assertTrue(options > 30, "options documented: " + options);
        String root = plain(Files.readString(tmp.resolve("man/onionbalance.1")));
        assertTrue(root.startsWith(".\\\" Generated") && root.contains(".TH ONIONBALANCE 1 \"\" \"onionbalance 1.2.3\""), root);
        assertTrue(root.contains("\\fBonionbalance-key\\fR(1)"), "see also the subcommand pages");
    }

    @Test
    void pagesAreValidTroff() throws Exception {
        GenerateDocs.write(tmp, "1.2.3");
        if (!Files.isExecutable(Path.of("/usr/bin/man"))) {
            System.out.println("SKIPPED: man not installed: pages not rendered");
            return;
        }
        try (var pages = Files.list(tmp.resolve("man"))) {
            for (Path p : pages.toList()) {
                // groff's warnings (bad macros, unknown escapes) go to stderr; the page to nowhere.
                Process pr = new ProcessBuilder("man", "--warnings", "-E", "UTF-8", "-l", p.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                pr.getOutputStream().close();
                String out = new String(pr.getErrorStream().readAllBytes());
                assertTrue(pr.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, pr.exitValue(), p + ":\n" + out);
                assertEquals("", out, p + ": groff warnings");
            }
        }
    }

    @Test
    void bashCompletionKnowsEverySubcommandAndOption() throws Exception {
        GenerateDocs.write(tmp, "1.2.3");
        String script = Files.readString(tmp.resolve("completion/onionbalance"));
        assertTrue(script.contains("complete -F _complete_onionbalance") && script.contains("onionbalance"), "bash completion");
        for (CommandLine c : ManPage.distinct(CommandTree.newCommandLine().getCommandSpec())) {
            assertTrue(script.contains(c.getCommandName()), c.getCommandName());
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertTrue(script.contains(o.longestName()), c.getCommandName() + " " + o.longestName());
                }
            }
        }
    }
}
