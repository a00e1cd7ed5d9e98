package net.onionbalance.testsupport;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.RouterStatus;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.RandomIntroPoints;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark fixture, not a tor: a control port that answers the balancer's commands the way
 * a tor on the public network would, from recorded answers: the public-size documents of
 * ../shared/vectors/netdoc as {@code GETINFO} answers (the consensus's times moved to the current
 * hour, so that the balancer takes it as live), md/id and md/all from the same microdescriptors,
 * and for each backend a descriptor it built for the current time period, delivered as
 * {@code HS_DESC_CONTENT} after {@code HSFETCH}. {@code HSPOST} is answered 250 and followed by
 * {@code HS_DESC UPLOADED} for each HSDir named. So the real balancer runs headless on the public
 * network's sizes, without a network: {@code scripts/bench-memory} measures its memory that way.
 * Every command it receives is written to {@code conversation.txt} (long lines cut).
 *
 * <pre>
 *   ReplayControlPort --vectors DIR --dir WORK [--network full2022|real2017] [--backends N] [--md-all]
 * </pre>
 * Writes WORK/master.key, WORK/config.yaml and WORK/port (the TCP port it listens on, 127.0.0.1),
 * then serves until killed.
 */
public final class ReplayControlPort implements AutoCloseable {
    private final Map<String, String> answers = new HashMap<>();
    private final Map<String, String> mdById = new HashMap<>();
    private final Map<String, String> backendDescriptors = new LinkedHashMap<>();
    private final Map<String, String> nicknames = new HashMap<>();
    private final ServerSocket server;
    private final PrintStream transcript;
    private volatile int hsPosts;
    /** Answer md/id with an error, as a tor that refuses it, so the balancer asks for md/all. */
    private volatile boolean refuseMdId;

    /**
     * @param docs     the documents, already moved in time ({@link PublicDocuments#validFrom})
     * @param backends backend keys whose descriptors HSFETCH delivers
     */
    public ReplayControlPort(PublicDocuments docs, List<IdentityKey> backends, Path transcriptFile) throws Exception {
        String consensusText = new String(docs.consensus(), StandardCharsets.ISO_8859_1);
        String mdText = new String(docs.microdescs(), StandardCharsets.ISO_8859_1);
        MicrodescConsensus consensus = MicrodescConsensus.parse(docs.consensus());
        List<RelayFingerprint> all = new ArrayList<>();
        for (RouterStatus r : consensus.routers()) {
            all.add(r.fingerprint());
            nicknames.put(r.fingerprint().hex(), r.nickname());
        }
        for (Map.Entry<RelayFingerprint, String> e : MicrodescAnswers.forRelays(consensus, mdText, all).entrySet()) {
            mdById.put(e.getKey().hex(), e.getValue());
        }
        answers.put("version", "0.4.8.12 (replayed)");
        answers.put("dir/status-vote/current/consensus-microdesc", consensusText);
        answers.put("md/all", mdText);
        answers.put("net/listeners/socks", "");
        answers.put("status/bootstrap-phase", "NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"");
        SecureRandom rng = new SecureRandom();
        TimePeriod tp = TimePeriod.containing(consensus.validAfter());
        Instant now = Instant.now();
        for (IdentityKey b : backends) {
            backendDescriptors.put(b.onionAddress().toString(), MasterDescriptorBuilder.build(b, tp, 1,
                    RandomIntroPoints.generate(3, rng, now.plus(Duration.ofHours(50))), now, rng).text());
        }
        this.transcript = new PrintStream(Files.newOutputStream(transcriptFile), true, StandardCharsets.UTF_8);
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "replay-control-port");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void refuseMdId(boolean refuse) {
        this.refuseMdId = refuse;
    }

    public int hsPosts() {
        return hsPosts;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "replay-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream raw = s.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                record(line);
                StringBuilder out = new StringBuilder();
                String word = line.split(" ", 2)[0].toUpperCase();
                String rest = line.indexOf(' ') < 0 ? "" : line.substring(line.indexOf(' ') + 1);
                switch (word) {
                    case "PROTOCOLINFO" -> out.append("250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n")
                            .append("250-VERSION Tor=\"0.4.8.12\"\r\n250 OK\r\n");
                    case "AUTHENTICATE", "SETEVENTS", "SIGNAL", "SETCONF", "RESETCONF", "TAKEOWNERSHIP" -> out.append("250 OK\r\n");
                    case "GETINFO" -> getInfo(rest.split(" "), out);
                    case "HSFETCH" -> hsFetch(rest.split(" ")[0], out);
                    case "+HSPOST" -> hsPost(rest, in, out);
                    case "QUIT" -> {
                        raw.write("250 closing connection\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        return;
                    }
                    default -> out.append("510 Unrecognized command \"").append(word).append("\"\r\n");
                }
                synchronized (this) {
                    raw.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
                    raw.flush();
                }
            }
        } catch (IOException e) {
            // the balancer went away
        }
    }

    private synchronized void record(String line) {
        transcript.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + (line.length() > 200
                ? line.substring(0, 200) + "... (" + line.length() + " chars)" : line));
    }

    private void getInfo(String[] keys, StringBuilder out) {
        if (refuseMdId && keys.length > 0 && keys[0].startsWith("md/id/")) {
            out.append("551 md/id refused by this replay (--md-all)\r\n");
            return;
        }
        StringBuilder unknown = new StringBuilder();
        List<String[]> found = new ArrayList<>();
        for (String k : keys) {
            String v = k.startsWith("md/id/") ? mdById.get(k.substring(6)) : answers.get(k);
            if (v == null) {
                unknown.append("552-Unrecognized key \"").append(k).append("\"\r\n");
            } else {
                found.add(new String[] {k, v});
            }
        }
        if (unknown.length() > 0) {
            // As tor: one missing key fails the whole command, one line per missing key.
            int last = unknown.lastIndexOf("552-");
            unknown.setCharAt(last + 3, ' ');
            out.append(unknown);
            return;
        }
        for (String[] kv : found) {
            if (kv[1].indexOf('\n') < 0) {
                out.append("250-").append(kv[0]).append('=').append(kv[1]).append("\r\n");
            } else {
                out.append("250+").append(kv[0]).append("=\r\n");
                dotEncode(kv[1], out);
            }
        }
        out.append("250 OK\r\n");
    }

    private void hsFetch(String address, StringBuilder out) {
        out.append("250 OK\r\n");
        String desc = backendDescriptors.get(address);
        String hsDir = "$" + "A".repeat(40) + "~replayed";
        if (desc == null) {
            out.append("650 HS_DESC FAILED ").append(address).append(" NO_AUTH ").append(hsDir).append(" REASON=NOT_FOUND\r\n");
            return;
        }
        out.append("650 HS_DESC RECEIVED ").append(address).append(" NO_AUTH ").append(hsDir).append("\r\n");
        out.append("650+HS_DESC_CONTENT ").append(address).append(" x ").append(hsDir).append("\r\n");
        dotEncode(desc, out);
        out.append("650 OK\r\n");
    }

    private void hsPost(String args, BufferedReader in, StringBuilder out) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            // the descriptor: not kept
        }
        hsPosts++;
        out.append("250 OK\r\n");
        String address = "";
        List<String> servers = new ArrayList<>();
        for (String a : args.split(" ")) {
            if (a.startsWith("SERVER=")) {
                servers.add(a.substring(7));
            } else if (a.startsWith("HSADDRESS=")) {
                address = a.substring(10);
            }
        }
        for (String fp : servers) {
            out.append("650 HS_DESC UPLOADED ").append(address).append(" UNKNOWN $").append(fp).append('~')
                    .append(nicknames.getOrDefault(fp, "unnamed")).append("\r\n");
        }
    }

    private static void dotEncode(String text, StringBuilder out) {
        for (String l : text.split("\n", -1)) {
            if (l.startsWith(".")) {
                out.append('.');
            }
            out.append(l).append("\r\n");
        }
        if (text.endsWith("\n")) {
            out.setLength(out.length() - 2); // the empty piece after the final '\n' is no line
        }
        out.append(".\r\n");
    }

    @Override
    public void close() throws IOException {
        server.close();
        transcript.close();
    }

    public static void main(String[] args) throws Exception {
        Path vectors = null;
        Path dir = null;
        String network = PublicDocuments.FULL_2022;
        int backendCount = 3;
        boolean mdAll = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vectors" -> vectors = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--network" -> network = args[++i];
                case "--backends" -> backendCount = Integer.parseInt(args[++i]);
                case "--md-all" -> mdAll = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (vectors == null || dir == null) {
            throw new IllegalArgumentException("usage: ReplayControlPort --vectors DIR --dir WORK [--network N] [--backends N]");
        }
        Files.createDirectories(dir);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        PublicDocuments docs = PublicDocuments.load(network, vectors.resolve("netdoc")).validFrom(hour);
        SecureRandom rng = new SecureRandom();
        IdentityKey master = IdentityKey.generate(rng, KeyFormat.PEM_PKCS8);
        KeyFiles.write(dir.resolve("master.key"), master, true);
        List<IdentityKey> backends = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("services:\n- key: master.key\n  instances:\n");
        for (int i = 1; i <= backendCount; i++) {
            IdentityKey b = IdentityKey.generate(rng, KeyFormat.TOR_SECRET);
            backends.add(b);
            yaml.append("  - address: ").append(b.onionAddress().withOnionSuffix()).append("\n    name: node").append(i).append('\n');
        }
        Files.writeString(dir.resolve("config.yaml"), yaml);
        ReplayControlPort port = new ReplayControlPort(docs, backends, dir.resolve("conversation.txt"));
        port.refuseMdId(mdAll);
        Files.writeString(dir.resolve("port.tmp"), port.port() + "\n");
        Files.move(dir.resolve("port.tmp"), dir.resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.err.println("replay control port on 127.0.0.1:" + port.port() + " (" + network + ", " + backendCount
                + " backends, consensus valid-after " + hour + ")");
        Thread.sleep(Long.MAX_VALUE);
    }
}
