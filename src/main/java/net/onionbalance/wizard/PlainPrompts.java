package net.onionbalance.wizard;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * The wizard on plain stdin/stdout, one prompt per line as onionbalance-config asks, for scripts
 * and for terminals Lanterna cannot drive. A refused answer prints the reason and asks again.
 */
public final class PlainPrompts {
    private final BufferedReader in;
    private final PrintWriter out;

    public PlainPrompts(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /** Asks every question; the request made of the answers. */
    public DeploymentRequest ask(WizardConversation conversation) throws IOException {
        while (conversation.current().isPresent()) {
            WizardConversation.Question q = conversation.current().get();
            out.print(q.prompt());
            out.flush();
            String line = in.readLine();
            if (line == null && q.topic().ours()) {
                // onionbalance-config's scripts end after its own questions: ours take their defaults.
                out.println();
                out.flush();
                line = "";
            } else if (line == null) {
                out.println();
                out.flush();
                throw new EOFException("input ended before all questions were answered (at: " + q.prompt().strip() + ")");
            }
            Optional<String> refused = conversation.answer(line);
            if (refused.isPresent()) {
                out.println("  Refused: " + refused.get());
                out.flush();
            }
        }
        return conversation.request();
    }
}
