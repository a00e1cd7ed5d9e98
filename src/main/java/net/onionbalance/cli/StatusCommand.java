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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    @Option(names = "--summary", description = "one line per service (instances ok, without a descriptor, without intro points), no table")
    boolean summaryOnly;

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
        printTable(out, parsed, Instant.now(), summaryOnly);
        return 0;
    }

    static String read(Path path) throws IOException {
        return StatusReader.read(path);
    }

    /** The table's width: an 80-column terminal, at 60 or 120 instances a service. */
    static final int WIDTH = 80;
    /** instance (56 base32 characters, ".onion" in the header), intro points, and two ages: 80 columns. */
    private static final String ROW = "  %-56s %3s %8s %8s%n";

    static void printTable(PrintWriter out, StatusDocument doc, Instant now, boolean summaryOnly) {
        doc.internalErrors().ifPresent(e -> wrap(out, "internal errors since start: " + p(e.count())
                + " (logged, the component restarted); the last at " + orDash(e.lastAt()) + ": " + orDash(e.last()), ""));
        for (StatusDocument.Service s : doc.services()) {
            out.println("service " + p(s.onionAddress()));
            out.println("  " + summary(s));
            if (summaryOnly) {
                continue;
            }
            out.println("  first descriptor:  last publish attempt " + orDash(s.publishAttemptFirst()));
            out.println("  second descriptor: last publish attempt " + orDash(s.publishAttemptSecond()));
            if (s.keyBundle().isPresent()) {
                var k = s.keyBundle().get();
                wrap(out, "offline key bundle: publishes until " + orDash(k.signsUntil()) + " UTC" + (k.gaps().isEmpty() ? ""
                        : "; no key now for: " + k.gaps().stream().map(StatusCommand::p).collect(java.util.stream.Collectors.joining(", "))), "  ");
            }
            if (s.instances().isEmpty()) {
                continue;
            }
            out.printf(ROW, "instance (.onion)", "ips", "received", "modified");
            for (StatusDocument.Instance i : s.instances()) {
                out.printf(ROW, fit(p(i.onionAddress()).replaceFirst("\\.onion$", ""), 56), fit(orDash(i.introPointsNum()), 3),
                        age(i.descriptorReceived(), now), age(i.introSetModified(), now));
            }
        }
    }

    /**
     * What the status document can tell of a service's instances: ok (a descriptor with intro
     * points), without a descriptor (not fetched yet, missing, or refused as invalid: the document,
     * onionbalance 0.2.x's shape, does not say which), or a descriptor without intro points.
     */
    static String summary(StatusDocument.Service s) {
        int ok = 0;
        int none = 0;
        int empty = 0;
        for (StatusDocument.Instance i : s.instances()) {
            if (i.introSetModified().isEmpty()) {
                none++;
            } else if (i.introPointsNum().map(n -> n.equals("0")).orElse(true)) {
                empty++;
            } else {
                ok++;
            }
        }
        int n = s.instances().size();
        return n + " instance" + (n == 1 ? "" : "s") + ": " + ok + " ok, " + none + " without a descriptor"
                + (empty > 0 ? ", " + empty + " without intro points" : "");
    }

    /** Seconds to days, as a person reads them in a column of 8: "42s ago", "17m ago", "5h ago", "12d ago". */
    static String age(Optional<String> civil, Instant now) {
        if (civil.isEmpty()) {
            return "-";
        }
        Instant t;
        try {
            t = LocalDateTime.parse(civil.get(), CIVIL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return fit(p(civil.get()), 8);
        }
        long sec = Duration.between(t, now).getSeconds();
        if (sec < 0) {
            return "ahead";
        }
        String a = sec < 60 ? sec + "s" : sec < 3600 ? sec / 60 + "m" : sec < 48 * 3600 ? sec / 3600 + "h" : sec / 86400 + "d";
        return fit(a + " ago", 8);
    }

    private static final DateTimeFormatter CIVIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }

    /** Words to lines of at most {@link #WIDTH} columns; a word longer than that is cut, never spilled. */
    private static void wrap(PrintWriter out, String text, String indent) {
        StringBuilder line = new StringBuilder();
        for (String w : text.split(" ")) {
            String word = fit(w, WIDTH - indent.length() - 2);
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line.setLength(0);
                line.append(indent).append("  ");
            } else if (line.length() > 0) {
                line.append(' ');
            } else {
                line.append(indent);
            }
            line.append(word);
        }
        out.println(line);
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
