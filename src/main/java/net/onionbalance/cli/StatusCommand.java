package net.onionbalance.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
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
        Path path = socket != null ? socket : Path.of(envOr("ONIONBALANCE_STATUS_SOCKET_LOCATION", DEFAULT_SOCKET));
        String doc;
        try {
            doc = read(path);
        } catch (IOException e) {
            err.println("onionbalance status: cannot read the status socket " + path + ": " + e.getMessage()
                    + " (is the balancer running with status-socket-location set? try --socket PATH)");
            return 1;
        }
        if (json) {
            out.print(doc);
            out.println();
            return 0;
        }
        try {
            printTable(out, doc);
        } catch (RuntimeException e) {
            err.println("onionbalance status: the status socket sent something that is not its JSON document: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    static String read(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (ch.read(b) >= 0) {
                buf.write(b.array(), 0, b.position());
                b.clear();
                if (buf.size() > 16 * 1024 * 1024) {
                    throw new IOException("status document larger than 16 MiB");
                }
            }
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    static void printTable(PrintWriter out, String doc) {
        Map<String, Object> root = (Map<String, Object>) new Yaml(new LoaderOptions()).load(doc);
        List<Map<String, Object>> services = (List<Map<String, Object>>) root.get("services");
        for (Map<String, Object> s : services) {
            out.println("service " + s.get("onionAddress"));
            out.println("  first descriptor:  last publish attempt " + orDash(s.get("publishAttemptFirstDescriptor")));
            out.println("  second descriptor: last publish attempt " + orDash(s.get("publishAttemptSecondDescriptor")));
            out.printf("  %-62s  %-19s  %-19s  %s%n", "instance", "descriptor received", "intro set modified", "intro points");
            for (Map<String, Object> i : (List<Map<String, Object>>) s.get("instances")) {
                Object received = i.containsKey("descriptorReceived") ? i.get("descriptorReceived") : i.get("received");
                out.printf("  %-62s  %-19s  %-19s  %s%n", i.get("onionAddress"), orDash(received),
                        orDash(i.get("introSetModified")), orDash(i.get("introPointsNum")));
            }
        }
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
