package net.onionbalance.wizard;

import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.gui2.dialogs.MessageDialog;
import com.googlecode.lanterna.gui2.dialogs.MessageDialogButton;
import com.googlecode.lanterna.screen.Screen;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The wizard as Lanterna dialogs: the same questions as onionbalance-config, one dialog each;
 * an empty answer takes the default shown in brackets; a refused answer shows the reason under
 * the answer box, and the question stays. Escape leaves without writing anything. The console opens it with {@code w}.
 */
public final class WizardScreen {
    private static final String TITLE = "onionbalance config";

    private WizardScreen() {}

    /** Runs the wizard on a started screen, writes the deployment, shows what was written. Empty when left or failed (nothing written). */
    public static Optional<WrittenDeployment> run(Screen screen) {
        return run(new MultiWindowTextGUI(screen), WizardDefaults.ONIONBALANCE_CONFIG);
    }

    /** As {@link #run(Screen)}, on the caller's GUI (the console's), starting from {@code defaults}. */
    public static Optional<WrittenDeployment> run(WindowBasedTextGUI gui, WizardDefaults defaults) {
        Optional<DeploymentRequest> request = ask(gui, defaults);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        try {
            DeploymentPlan plan = DeploymentPlan.prepare(request.get(), new SecureRandom());
            WrittenDeployment written = new DeploymentWriter().write(plan);
            // Wrapped here: Lanterna sizes a message box by its lines, and cuts what it wraps itself.
            MessageDialog.showMessageDialog(gui, TITLE + ": done", wrap(summary(written), 76), MessageDialogButton.OK);
            return Optional.of(written);
        } catch (InvalidAnswerException | DeploymentException e) {
            MessageDialog.showMessageDialog(gui, TITLE + ": nothing written", e.getMessage(), MessageDialogButton.OK);
            return Optional.empty();
        }
    }

    /** Asks every question; empty when the operator leaves with Escape. */
    public static Optional<DeploymentRequest> ask(WindowBasedTextGUI gui, WizardDefaults defaults) {
        WizardConversation c = new WizardConversation(defaults);
        while (c.current().isPresent()) {
            WizardConversation.Question q = c.current().get();
            String answer = new QuestionDialog(q.service() == 0 ? TITLE : TITLE + ": service #" + q.service(), q.prompt().strip(), c::check)
                    .showDialog(gui);
            if (answer == null) {
                return Optional.empty();
            }
            Optional<String> refused = c.answer(answer);
            if (refused.isPresent()) {
                // The validator accepted it a moment ago; a file may have changed meanwhile.
                MessageDialog.showMessageDialog(gui, TITLE, wrap(refused.get(), 60), MessageDialogButton.OK);
            }
        }
        return Optional.of(c.request());
    }

    static String summary(WrittenDeployment w) {
        StringBuilder b = new StringBuilder("Wrote " + w.output() + "\n");
        w.replaced().ifPresent(r -> b.append("(old files moved to ").append(r).append(")\n"));
        for (DeploymentPlan.PlannedService s : w.plan().services()) {
            b.append("\nmaster ").append(s.master().withOnionSuffix()).append('\n');
            if (s.instances().size() <= Answers.ONE_DESCRIPTOR_INSTANCES) {
                b.append(s.instances().stream().map(i -> "  " + i.bundleName() + "/  " + i.instanceName() + "  " + i.address().withOnionSuffix())
                        .collect(Collectors.joining("\n"))).append('\n');
            } else {
                // A message box taller than the screen would be cut: the range, the addresses are in README.txt.
                InstanceBundle first = s.instances().get(0);
                InstanceBundle last = s.instances().get(s.instances().size() - 1);
                b.append("  ").append(first.bundleName()).append("/ .. ").append(last.bundleName()).append("/  ")
                        .append(first.instanceName()).append(" .. ").append(last.instanceName()).append("  (")
                        .append(s.instances().size()).append(" backends; addresses in config.yaml and README.txt)\n");
            }
            if (s.introPointsPerInstance() != Answers.INTRO_POINTS_PER_INSTANCE) {
                b.append("  intro-points-per-instance: ").append(s.introPointsPerInstance()).append('\n');
            }
            s.visitorNotes().forEach(l -> b.append("  ").append(l).append('\n'));
            w.clientNotes(s).forEach(l -> b.append("  ").append(l).append('\n'));
        }
        b.append("\nREADME.txt says which file goes where.");
        return b.toString();
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        for (String para : text.split("\n", -1)) {
            int col = 0;
            for (String word : para.split(" ")) {
                if (col > 0 && col + 1 + word.length() > width) {
                    out.append('\n');
                    col = 0;
                } else if (col > 0) {
                    out.append(' ');
                    col++;
                }
                out.append(word);
                col += word.length();
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
