package net.onionbalance.cli.docs;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A troff man page (man(7) macros) written from picocli's command model, so the page shows
 * exactly the flags the parser accepts. Hidden options (kept for onionbalance 0.2.x
 * compatibility) are left out, as {@code --help} leaves them out.
 */
public final class ManPage {
    private ManPage() {}

    /** The page of {@code spec}; its subcommands' subcommands become sections of it. */
    public static String render(CommandSpec spec, String version, List<String> seeAlso) {
        StringBuilder sb = new StringBuilder();
        String name = spec.qualifiedName("-");
        sb.append(".\\\" Generated from the picocli command model by ").append(ManPage.class.getName()).append("; do not edit.\n");
        sb.append(".TH ").append(name.toUpperCase(Locale.ROOT).replace("-", "\\-")).append(" 1 \"\" \"")
                .append(escape("onionbalance " + version)).append("\" \"User Commands\"\n");
        sb.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(firstSentence(description(spec)))).append('\n');
        command(sb, spec, true);
        if (!spec.subcommands().isEmpty() && spec.parent() == null) {
            sb.append(".SH COMMANDS\n");
            for (CommandLine sub : distinct(spec)) {
                sb.append(".TP\n.B ").append(escape(sub.getCommandName())).append('\n')
                        .append(escape(firstSentence(description(sub.getCommandSpec()))))
                        .append(" See \\fB").append(escape(sub.getCommandSpec().qualifiedName("-"))).append("\\fR(1).\n");
            }
        } else {
            for (CommandLine sub : distinct(spec)) {
                sb.append(".SH \"").append(escape(sub.getCommandSpec().qualifiedName(" ").toUpperCase(Locale.ROOT))).append("\"\n");
                sb.append(escape(description(sub.getCommandSpec()))).append('\n');
                command(sb, sub.getCommandSpec(), false);
            }
        }
        if (!seeAlso.isEmpty()) {
            sb.append(".SH SEE ALSO\n");
            List<String> refs = new ArrayList<>();
            for (String s : seeAlso) {
                refs.add("\\fB" + escape(s) + "\\fR(1)");
            }
            sb.append(String.join(",\n", refs)).append('\n');
        }
        return sb.toString();
    }

    /** SYNOPSIS, DESCRIPTION, OPTIONS and ARGUMENTS of one command; sub-sections when nested. */
    private static void command(StringBuilder sb, CommandSpec spec, boolean top) {
        String heading = top ? ".SH " : ".SS ";
        sb.append(heading).append("SYNOPSIS\n").append(".nf\n").append(escape(synopsis(spec))).append("\n.fi\n");
        if (top) {
            sb.append(".SH DESCRIPTION\n").append(escape(description(spec))).append('\n');
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            sb.append(heading).append("OPTIONS\n");
            for (OptionSpec o : options) {
                sb.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                sb.append(String.join(", ", names));
                if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
                    sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                sb.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
            }
        }
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            sb.append(heading).append("ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                sb.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n")
                        .append(escape(String.join(" ", p.description()))).append('\n');
            }
        }
    }

    /** picocli's own synopsis, without colours and the "Usage: " prefix. */
    static String synopsis(CommandSpec spec) {
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        String s = help.synopsis(0).strip();
        return s.startsWith("Usage: ") ? s.substring(7) : s;
    }

    static String description(CommandSpec spec) {
        return String.join(" ", spec.usageMessage().description()).strip();
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        String first = dot < 0 ? s : s.substring(0, dot + 1);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** Subcommands once each (an alias is registered under a second name). */
    static List<CommandLine> distinct(CommandSpec spec) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine c : spec.subcommands().values()) {
            if (!out.contains(c) && !c.getCommandSpec().usageMessage().hidden()) {
                out.add(c);
            }
        }
        return out;
    }

    /** troff: backslashes, hyphens (so they stay hyphens and search as such), leading dots and quotes. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            String t = line.replace("\\", "\\e").replace("-", "\\-");
            if (t.startsWith(".") || t.startsWith("'")) {
                t = "\\&" + t;
            }
            sb.append(t);
        }
        return sb.toString();
    }
}
