package net.onionbalance.app;

import net.onionbalance.ui.console.Text;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.ui.console.ConsolePage;
import net.onionbalance.wizard.DeploymentException;
import net.onionbalance.wizard.DeploymentPlan;
import net.onionbalance.wizard.DeploymentRequest;
import net.onionbalance.wizard.DeploymentWriter;
import net.onionbalance.wizard.InstanceBundle;
import net.onionbalance.wizard.InvalidAnswerException;
import net.onionbalance.wizard.WizardConversation;
import net.onionbalance.wizard.WizardDefaults;
import net.onionbalance.wizard.WrittenDeployment;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * The setup wizard as a console page ({@code w}): onionbalance-config's questions, one at a time,
 * checked as they are answered (the same {@link WizardConversation} as {@code onionbalance config}),
 * then the new deployment is written on the worker thread and summed up. It writes a NEW
 * deployment: a folder holding a config.yaml (the running one included) is refused, so the
 * running balancer's files are never touched. Esc leaves at any time; nothing is written before
 * the last answer.
 */
final class WizardPage implements ConsolePage {
    private static final Logger LOG = Logger.getLogger(WizardPage.class.getName());
    /** Long enough for any path; a paste beyond it is cut rather than grown without end. */
    private static final int MAX_ANSWER = 1024;

    /** Where the page is; replaced as a whole, from the worker thread too. */
    private sealed interface Phase {
        record Asking() implements Phase {}

        record Writing() implements Phase {}

        record Done(List<String> lines) implements Phase {}

        record Failed(String message) implements Phase {}
    }

    private final WizardConversation conversation;
    private final SecureRandom rng;
    private final Executor worker;
    private final StringBuilder input = new StringBuilder();
    /** The questions answered so far, with their answers, to show above the current one. */
    private final List<String> answered = new ArrayList<>();
    private Optional<String> refusal = Optional.empty();
    private volatile Phase phase = new Phase.Asking();

    WizardPage(WizardDefaults defaults, SecureRandom rng, Executor worker) {
        this.conversation = new WizardConversation(defaults);
        this.rng = rng;
        this.worker = worker;
    }

    @Override
    public String title() {
        return "setup wizard";
    }

    @Override
    public String footerKeys() {
        Phase p = phase;
        if (p instanceof Phase.Asking) {
            return "Enter answer   Backspace erase   Esc leave (nothing is written)";
        }
        if (p instanceof Phase.Writing) {
            return "writing...   Esc back to the console (the result goes to the log)";
        }
        return "Enter or Esc: back to the console";
    }

    @Override
    public boolean onKey(KeyStroke key) {
        Phase p = phase;
        if (!(p instanceof Phase.Asking)) {
            return p instanceof Phase.Writing
                    ? key.getKeyType() != KeyType.Escape
                    : key.getKeyType() != KeyType.Escape && key.getKeyType() != KeyType.Enter;
        }
        switch (key.getKeyType()) {
            case Escape -> {
                return false;
            }
            case Backspace -> {
                if (input.length() > 0) {
                    input.setLength(input.length() - 1);
                }
                refusal = Optional.empty();
            }
            case Enter -> answer();
            case Character -> {
                char c = key.getCharacter();
                if (input.length() < MAX_ANSWER && c >= 0x20 && c != 0x7f && !key.isCtrlDown() && !key.isAltDown()) {
                    input.append(c);
                    refusal = Optional.empty();
                }
            }
            default -> { }
        }
        return true;
    }

    private void answer() {
        WizardConversation.Question q = conversation.current().orElseThrow();
        String text = input.toString();
        Optional<String> refused = conversation.answer(text);
        if (refused.isPresent()) {
            refusal = refused;
            return;
        }
        String given = text.isBlank() ? q.defaultAnswer() : text.strip();
        answered.add(q.prompt().strip() + " " + (given.isEmpty() && q.topic() == WizardConversation.Topic.KEY ? "(a new key)" : given));
        input.setLength(0);
        refusal = Optional.empty();
        if (conversation.current().isEmpty()) {
            DeploymentRequest request = conversation.request();
            phase = new Phase.Writing();
            worker.execute(() -> phase = write(request));
        }
    }

    private Phase write(DeploymentRequest request) {
        try {
            WrittenDeployment w = new DeploymentWriter().write(DeploymentPlan.prepare(request, rng));
            List<String> lines = summary(w);
            LOG.info(() -> "setup wizard: wrote a new deployment to " + w.output() + " (README.txt there says which file goes where)");
            return new Phase.Done(lines);
        } catch (InvalidAnswerException | DeploymentException | RuntimeException e) {
            LOG.warning(() -> "setup wizard: nothing written: " + e.getMessage());
            return new Phase.Failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    static List<String> summary(WrittenDeployment w) {
        List<String> out = new ArrayList<>();
        out.add("Wrote a new deployment to " + w.output());
        w.replaced().ifPresent(r -> out.add("(old files moved to " + r + ")"));
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            out.add("");
            out.add("master " + s.master().withOnionSuffix() + "   key " + s.keyFileName());
            for (InstanceBundle b : s.instances()) {
                out.add("  " + b.bundleName() + "/  " + b.instanceName() + "  " + b.address().withOnionSuffix());
            }
            s.visitorNotes().forEach(l -> out.add("  " + l));
            w.clientNotes(s).forEach(l -> out.add("  " + l));
        }
        out.add("");
        out.add("Copy each srvN/ folder to its backend host and include its " + InstanceBundle.TORRC
                + " (README.txt there says which file goes where). This balancer keeps running its own config; "
                + "run the new deployment with: onionbalance -c " + w.configFile());
        return out;
    }

    @Override
    public void render(TextGraphics g, TerminalSize size, EngineSnapshot snapshot) {
        int width = Math.max(10, size.getColumns() - 2);
        Phase p = phase;
        List<Styled> lines = new ArrayList<>();
        lines.add(new Styled("A new deployment: master key, config.yaml and a torrc bundle per instance,", Look.BOLD));
        lines.add(new Styled("written to a new folder; this balancer's own files are never changed.", Look.PLAIN));
        lines.add(new Styled("", Look.PLAIN));
        if (p instanceof Phase.Asking) {
            List<Styled> question = new ArrayList<>();
            WizardConversation.Question q = conversation.current().orElseThrow();
            wrap(q.prompt().strip(), width).forEach(l -> question.add(new Styled(l, Look.BOLD)));
            String shown = input.length() <= width - 3 ? input.toString()
                    : "..." + input.substring(input.length() - (width - 6));
            question.add(new Styled("> " + shown + "_", Look.PLAIN));
            refusal.ifPresent(r -> wrap("Refused: " + r, width).forEach(l -> question.add(new Styled(l, Look.BAD))));
            // The latest answers that fit above the question, oldest first.
            int room = size.getRows() - lines.size() - question.size() - 1;
            List<Styled> history = new ArrayList<>();
            for (int i = answered.size() - 1; i >= 0 && room > 0; i--) {
                List<String> w = wrap(answered.get(i), width);
                if (w.size() > room) {
                    break;
                }
                room -= w.size();
                List<Styled> block = w.stream().map(l -> new Styled(l, Look.DIM)).toList();
                history.addAll(0, block);
            }
            lines.addAll(history);
            if (!history.isEmpty()) {
                lines.add(new Styled("", Look.PLAIN));
            }
            lines.addAll(question);
        } else if (p instanceof Phase.Writing) {
            lines.add(new Styled("Writing the new deployment...", Look.BOLD));
        } else if (p instanceof Phase.Done d) {
            d.lines().forEach(l -> wrap(l, width).forEach(w -> lines.add(new Styled(w, Look.OK))));
        } else if (p instanceof Phase.Failed f) {
            lines.add(new Styled("Nothing was written:", Look.BAD));
            wrap(f.message(), width).forEach(w -> lines.add(new Styled(w, Look.BAD)));
        }
        for (int r = 0; r < Math.min(lines.size(), size.getRows()); r++) {
            Styled s = lines.get(r);
            g.setForegroundColor(s.look().color);
            g.setBackgroundColor(TextColor.ANSI.DEFAULT);
            g.clearModifiers();
            if (s.look().bold) {
                g.enableModifiers(SGR.BOLD);
            }
            g.putString(1, r, s.text());
        }
        g.clearModifiers();
    }

    private enum Look {
        PLAIN(TextColor.ANSI.DEFAULT, false),
        DIM(TextColor.ANSI.DEFAULT, false),
        BOLD(TextColor.ANSI.DEFAULT, true),
        OK(TextColor.ANSI.GREEN, false),
        BAD(TextColor.ANSI.RED, true);

        final TextColor color;
        final boolean bold;

        Look(TextColor color, boolean bold) {
            this.color = color;
            this.bold = bold;
        }
    }

    private record Styled(String text, Look look) {}

    /**
     * Words onto lines of at most {@code width}, keeping the text's indentation on every line; a
     * word longer than a line (a path) is cut.
     */
    static List<String> wrap(String text, int width) {
        int indent = 0;
        while (indent < text.length() && text.charAt(indent) == ' ') {
            indent++;
        }
        if (indent > 0 && indent < width / 2) {
            String pad = " ".repeat(indent);
            return wrap(text.substring(indent), width - indent).stream().map(l -> pad + l).toList();
        }
        return Text.wrap(text, width);
    }
}
