package net.onionbalance.cli;

import java.util.Optional;
import net.onionbalance.config.OnionbalanceEnvironment;
import net.onionbalance.status.StatusDocument;
import net.onionbalance.status.StatusReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code onionbalance status}: reads a running balancer's status socket (the same one
 * {@code socat - unix-connect:/var/run/onionbalance/control} reads) and prints it as a table.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a running balancer's state, read from its status socket.")
public final class StatusCommand implements Callable<Integer> {
    static final String DEFAULT_SOCKET = "/var/run/onionbalance/control";

    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "status socket (default: $ONIONBALANCE_STATUS_SOCKET_LOCATION or " + DEFAULT_SOCKET + ")")
    Path socket;

    @Option(names = "--json", description = "print the raw JSON document, as the socket sends it")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path path = socket != null ? socket : OnionbalanceEnvironment.system().statusSocketLocation()
                .filter(p -> !p.toString().isBlank()).orElse(Path.of(DEFAULT_SOCKET));
        String doc;
        try {
            doc = read(path);
        } catch (StatusReader.TooLargeException e) {
            err.println("onionbalance status: refused what " + path + " sent: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("onionbalance status: cannot read the status socket " + path + ": " + e.getMessage()
                    + " (is the balancer running with status-socket-location set? try --socket PATH)");
            return 1;
        }
        if (json) {
            // Raw control characters are never valid inside JSON; escaped, they cannot reach the terminal.
            out.print(jsonSafe(doc));
            out.println();
            return 0;
        }
        StatusDocument parsed;
        try {
            parsed = StatusDocument.parse(doc);
        } catch (StatusDocument.FormatException e) {
            err.println("onionbalance status: " + path + " sent something that is not the status document: " + e.getMessage());
            return 1;
        }
        printTable(out, parsed);
        return 0;
    }

    static String read(Path path) throws IOException {
        return StatusReader.read(path);
    }

    static void printTable(PrintWriter out, StatusDocument doc) {
        doc.internalErrors().ifPresent(e -> out.println("internal errors since start: " + p(e.count())
                + " (logged, the component restarted); the last at " + orDash(e.lastAt()) + ": " + orDash(e.last())));
        for (StatusDocument.Service s : doc.services()) {
            out.println("service " + p(s.onionAddress()));
            out.println("  first descriptor:  last publish attempt " + orDash(s.publishAttemptFirst()));
            out.println("  second descriptor: last publish attempt " + orDash(s.publishAttemptSecond()));
            out.printf("  %-62s  %-19s  %-19s  %s%n", "instance", "descriptor received", "intro set modified", "intro points");
            for (StatusDocument.Instance i : s.instances()) {
                out.printf("  %-62s  %-19s  %-19s  %s%n", p(i.onionAddress()), orDash(i.descriptorReceived()),
                        orDash(i.introSetModified()), orDash(i.introPointsNum()));
            }
        }
    }

    private static String p(String s) {
        return StatusDocument.printable(s);
    }

    private static String orDash(Optional<String> o) {
        return o.map(StatusDocument::printable).orElse("-");
    }

    static String jsonSafe(String doc) {
        StringBuilder sb = new StringBuilder(doc.length());
        for (int i = 0; i < doc.length(); i++) {
            char c = doc.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
