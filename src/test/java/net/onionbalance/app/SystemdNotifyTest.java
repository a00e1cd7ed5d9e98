package net.onionbalance.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * systemd's side played by a datagram socket bound as NOTIFY_SOCKET (Python: the JDK cannot bind
 * one), the messages sent by the real {@code systemd-notify}: READY=1 at start, WATCHDOG=1 while the
 * loop ticks, none while it is stuck, and again once it ticks.
 */
class SystemdNotifyTest {
    private Process receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private SystemdNotify notify;

    @AfterEach
    void stop() {
        loop.shutdownNow();
        if (notify != null) {
            notify.close();
        }
        if (receiver != null) {
            receiver.destroyForcibly();
        }
    }

    private Path startReceiver() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "obnotify");
        Path socket = dir.resolve("notify.sock");
        String py = "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
                + "s.bind(sys.argv[1])\n"
                + "print('bound',flush=True)\n"
                + "while True:\n"
                + "    print(s.recv(4096).decode(),flush=True)\n";
        receiver = new ProcessBuilder("/usr/bin/python3", "-c", py, socket.toString()).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("bound", r.readLine());
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    received.add(line);
                }
            } catch (java.io.IOException e) {
                // receiver gone
            }
        });
        t.setDaemon(true);
        t.start();
        return socket;
    }

    private long count(String message) {
        return received.stream().filter(message::equals).count();
    }

    @Test
    void readyAtStartAndWatchdogOnlyWhileTheLoopTicks() throws Exception {
        Path socket = startReceiver();
        AtomicLong lastTick = new AtomicLong(System.nanoTime());
        var ticking = loop.scheduleAtFixedRate(() -> lastTick.set(System.nanoTime()), 0, 100, TimeUnit.MILLISECONDS);
        notify = new SystemdNotify(socket.toString(), Optional.of(Duration.ofMillis(200)), lastTick::get,
                List.of("systemd-notify"), Duration.ofMillis(600));
        notify.ready();
        Thread.sleep(1500);
        assertEquals(1, count("READY=1"), received.toString());
        long fed = count("WATCHDOG=1");
        assertTrue(fed >= 3, "fed while the loop ticks: " + received);

        ticking.cancel(false); // the loop hangs
        Thread.sleep(1000);    // past the 600 ms that count as stuck
        long atStall = count("WATCHDOG=1");
        Thread.sleep(1500);
        assertEquals(atStall, count("WATCHDOG=1"), "no WATCHDOG=1 while the loop is stuck: " + received);
        assertTrue(received.stream().anyMatch(m -> m.startsWith("STATUS=engine loop stuck")), received.toString());

        loop.scheduleAtFixedRate(() -> lastTick.set(System.nanoTime()), 0, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(1000);
        assertTrue(count("WATCHDOG=1") > atStall, "fed again once it ticks: " + received);
    }

    @Test
    void theEnvironmentDecides() {
        assertTrue(SystemdNotify.fromEnvironment(Map.of(), () -> 0).isEmpty(), "not under systemd: nothing");
        assertTrue(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/x"), () -> 0).isPresent());
    }
}
