package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * What the balancer does when a consensus arrives: parse the consensus and the microdescriptors,
 * build both slots' rings, and find the HSDirs of 100 services for both slots.
 *
 * <p>Two networks: {@code real2017} is the real 2017 consensus with its full microdescriptor set
 * (7326 routers, but only 11 v3 HSDirs then); {@code full2022} is the real 2022 consensus (6088
 * routers, 2493 HSDirs) whose {@code m} lines are rewritten to point at generated
 * microdescriptors with ed25519 ids, giving a ring of today's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RingBenchmark {
    @Param({"real2017", "full2022"})
    public String network;

    private byte[] consensusBytes;
    private byte[] microdescBytes;
    private MicrodescConsensus consensus;
    private Microdescriptors microdescs;
    private NetworkView view;
    private OnionAddress[] services;
    private Ed25519PublicKey[][] blinded;

    @Setup
    public void setUp() throws Exception {
        Path netdoc = Path.of(System.getProperty("vectors", "../shared/vectors")).resolve("netdoc");
        if (network.equals("real2017")) {
            consensusBytes = Files.readAllBytes(netdoc.resolve("real_2017-03-10_cached-microdesc-consensus.txt"));
            microdescBytes = Files.readAllBytes(netdoc.resolve("real_2017-03-10_microdescs.txt"));
        } else {
            synthesize(Files.readString(netdoc.resolve("real_2022-11-19_cached-microdesc-consensus.txt"), StandardCharsets.ISO_8859_1));
        }
        consensus = MicrodescConsensus.parse(consensusBytes);
        microdescs = Microdescriptors.parse(microdescBytes);
        view = NetworkView.of(consensus, microdescs, TorNetwork.PUBLIC);
        services = new OnionAddress[100];
        blinded = new Ed25519PublicKey[100][2];
        for (int i = 0; i < services.length; i++) {
            byte[] seed = MessageDigest.getInstance("SHA-256").digest(("service " + i).getBytes(StandardCharsets.US_ASCII));
            services[i] = OnionAddress.of(net.onionbalance.crypto.Ed25519ExpandedSecretKey.fromSeed(seed).publicKey());
            for (DescriptorSlot slot : DescriptorSlot.values()) {
                blinded[i][slot.ordinal()] = view.blindedKey(slot, services[i]);
            }
        }
        System.out.println("\n[" + network + "] " + consensus.routers().size() + " routers, " + view.hsDirs());
    }

    /** Gives every router a generated microdescriptor with an ed25519 id; rewrites its m line. */
    private void synthesize(String text) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        StringBuilder cons = new StringBuilder(text.length());
        StringBuilder mds = new StringBuilder(text.length() * 2);
        int n = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("m ")) {
                n++;
                byte[] ed = sha.digest(("ed " + n).getBytes(StandardCharsets.US_ASCII));
                String md = "onion-key\n-----BEGIN RSA PUBLIC KEY-----\n" + b64.encodeToString(sha.digest(ed)).repeat(4)
                        + "\n-----END RSA PUBLIC KEY-----\nntor-onion-key " + b64.encodeToString(sha.digest(ed))
                        + "\nfamily $" + "0".repeat(40) + "\np accept 80,443\nid ed25519 " + b64.encodeToString(ed) + "\n";
                mds.append("@last-listed 2022-11-19 10:00:00\n").append(md);
                line = "m " + b64.encodeToString(sha.digest(md.getBytes(StandardCharsets.US_ASCII)));
            }
            cons.append(line).append('\n');
        }
        cons.setLength(cons.length() - 1);
        consensusBytes = cons.toString().getBytes(StandardCharsets.ISO_8859_1);
        microdescBytes = mds.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The whole job: parse both documents, build the rings, answer for 100 services × 2 slots. */
    @Benchmark
    public void consensusArrivedFor100Services(Blackhole bh) throws Exception {
        NetworkView v = NetworkView.of(MicrodescConsensus.parse(consensusBytes), Microdescriptors.parse(microdescBytes),
                TorNetwork.PUBLIC);
        for (Ed25519PublicKey[] keys : blinded) {
            bh.consume(v.responsibleHsDirs(DescriptorSlot.FIRST, keys[0]));
            bh.consume(v.responsibleHsDirs(DescriptorSlot.SECOND, keys[1]));
        }
    }

    @Benchmark
    public MicrodescConsensus parseConsensus() throws Exception {
        return MicrodescConsensus.parse(consensusBytes);
    }

    @Benchmark
    public Microdescriptors parseMicrodescs() throws Exception {
        return Microdescriptors.parse(microdescBytes);
    }

    /** Eligibility join plus both rings (the hsdir_index of every eligible relay, twice, and sorting). */
    @Benchmark
    public NetworkView buildRings() throws Exception {
        return NetworkView.of(consensus, microdescs, TorNetwork.PUBLIC);
    }

    /** 100 services × 2 slots on ready rings. */
    @Benchmark
    public void lookup100Services(Blackhole bh) {
        for (Ed25519PublicKey[] keys : blinded) {
            bh.consume(view.responsibleHsDirs(DescriptorSlot.FIRST, keys[0]));
            bh.consume(view.responsibleHsDirs(DescriptorSlot.SECOND, keys[1]));
        }
    }

    /** For scale: blinding 100 addresses for one period (done once per time period, not per consensus). */
    @Benchmark
    public void blind100Services(Blackhole bh) {
        for (OnionAddress a : services) {
            bh.consume(KeyBlinding.blindPublicKey(a.publicKey(), view.slots().first().timePeriod()));
        }
    }
}
