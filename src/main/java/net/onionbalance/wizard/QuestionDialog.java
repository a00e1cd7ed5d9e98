package net.onionbalance.wizard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.GridLayout;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.gui2.dialogs.DialogWindow;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One wizard question: the prompt, a one-line answer box, and the reason a refused answer was
 * refused, shown in place under the box. Enter answers, Escape leaves.
 */
final class QuestionDialog extends DialogWindow {
    static final int WIDTH = 64;

    private final Function<String, Optional<String>> check;
    private final TextBox box;
    private final Label refusal;
    private String answer;

    QuestionDialog(String title, String prompt, Function<String, Optional<String>> check) {
        super(title);
        this.check = check;
        Panel panel = new Panel(new GridLayout(1));
        panel.addComponent(new Label(WizardScreen.wrap(prompt, WIDTH)));
        box = new TextBox(new TerminalSize(WIDTH, 1)) {
            @Override
            public Result handleKeyStroke(KeyStroke key) {
                if (key.getKeyType() == KeyType.Enter) {
                    submit();
                    return Result.HANDLED;
                }
                return super.handleKeyStroke(key);
            }
        };
        panel.addComponent(box);
        refusal = new Label("");
        refusal.setForegroundColor(TextColor.ANSI.RED);
        panel.addComponent(refusal);
        Panel buttons = new Panel(new LinearLayout(com.googlecode.lanterna.gui2.Direction.HORIZONTAL));
        buttons.addComponent(new Button("OK", this::submit));
        buttons.addComponent(new Button("Leave", this::close));
        panel.addComponent(buttons);
        setComponent(panel);
        setHints(List.of(Window.Hint.CENTERED));
        setFocusedInteractable(box);
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            answer = null;
            close();
            return true;
        }
        return super.handleInput(key);
    }

    private void submit() {
        String text = box.getText();
        Optional<String> refused = check.apply(text);
        if (refused.isPresent()) {
            refusal.setText(WizardScreen.wrap("Refused: " + refused.get(), WIDTH));
            setFocusedInteractable(box);
            return;
        }
        answer = text;
        close();
    }

    /** The accepted answer; null when the operator left. */
    @Override
    public String showDialog(WindowBasedTextGUI gui) {
        answer = null;
        super.showDialog(gui);
        return answer;
    }
}
