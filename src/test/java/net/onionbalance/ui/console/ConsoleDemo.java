package net.onionbalance.ui.console;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The console on the real terminal with the fixture snapshot, for trying it by hand or in tmux:
 * {@code java -cp target/classes:target/test-classes:<deps> net.onionbalance.ui.console.ConsoleDemo [N]};
 * with N, a service of N instances in front of the fixture's ({@link ManyInstances}).
 */
public final class ConsoleDemo {
    private ConsoleDemo() {}

    public static void main(String[] args) throws Exception {
        FakeControl control = new FakeControl(args.length > 0 ? ManyInstances.snapshot(Integer.parseInt(args[0]))
                : Fixtures.snapshot(), Fixtures.log());
        int code;
        try {
            code = ConsoleApp.runOnTerminal(control, Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
        } catch (ConsoleUnavailableException e) {
            System.err.println("onionbalance: " + e.getMessage());
            code = 2;
        }
        System.out.println("console returned " + code + ", commands: " + control.submitted);
        System.exit(code);
    }
}
