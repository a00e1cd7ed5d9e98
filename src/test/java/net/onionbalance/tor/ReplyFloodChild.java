package net.onionbalance.tor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ReplyFloodTest} in a JVM with the launcher's heap: connects a controller to
 * the test's control port, asks {@code GETINFO version} (answered with a flood), waits for the
 * reconnection and asks again. Prints what happened, one fact per line.
 */
public final class ReplyFloodChild {
    private ReplyFloodChild() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        CompletableFuture<TorEvent.Reconnected> reconnected = new CompletableFuture<>();
        ControlSettings settings = ControlSettings.of(new ControlEndpoint.Tcp("127.0.0.1", port))
                .withCommandTimeout(Duration.ofSeconds(60))
                .withReconnectBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
        try (TorController c = TorController.open(settings)) {
            c.addListener(e -> {
                if (e instanceof TorEvent.ConnectionLost lost) {
                    System.out.println("lost: " + lost.reason() + " internal=" + lost.internalError());
                } else if (e instanceof TorEvent.Reconnected r) {
                    reconnected.complete(r);
                }
            });
            try {
                System.out.println("first answer: " + c.getInfo("version"));
            } catch (ControlException e) {
                System.out.println("first call failed: " + e.getMessage());
            }
            reconnected.get(30, TimeUnit.SECONDS);
            System.out.println("reconnected");
            System.out.println("second answer: " + c.getInfo("version"));
        }
        System.out.flush();
        System.exit(0);
    }
}
