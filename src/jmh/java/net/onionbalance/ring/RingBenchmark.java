package net.onionbalance.ring;

import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.testsupport.MicrodescAnswers;
import net.onionbalance.testsupport.PublicDocuments;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the balancer does when a consensus arrives: parse the consensus, parse the microdescriptors
 * of the HSDir candidates as {@code GETINFO md/id/<fp>} answers them (what the engine asks tor
 * for), build both slots' rings, and find the HSDirs of 100 services for both slots.
 *
 * <p>Two networks ({@link PublicDocuments}): {@code real2017} is the real 2017 consensus with its
 * full microdescriptor set (7326 routers, but only 11 v3 HSDirs then); {@code full2022} is the
 * real 2022 consensus (6088 routers, 2493 HSDirs) with generated microdescriptors, giving a ring
 * of today's size.
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
    /** What tor answers to md/id for the HSDir candidates of the consensus. */
    private Map<RelayFingerprint, String> mdIdAnswers;
    private MicrodescConsensus consensus;
    private Microdescriptors microdescs;
    private NetworkView view;
    private OnionAddress[] services;
    private Ed25519PublicKey[][] blinded;

    @Setup
    public void setUp(BenchmarkParams params) throws Exception {
        load();
        String row = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (row.equals("consensusArrivedFor100Services") || row.equals("nextConsensusArrivedFor100Services")) {
            // The heap as the engine's when a consensus arrives: its text, the md/id answers and the
            // view before. Not md/all's text or a second parsed network: with the launcher's 1 MB young
            // generation every collection of the old one would walk them too (~8 MB more).
            microdescBytes = null;
            consensus = null;
            microdescs = null;
        }
    }

    /** Every document and result the rows use (RingCpuTime runs them all on one instance). */
    public void load() throws Exception {
        Path netdoc = Path.of(System.getProperty("vectors", "../shared/vectors")).resolve("netdoc");
        PublicDocuments docs = PublicDocuments.load(network, netdoc);
        consensusBytes = docs.consensus();
        microdescBytes = docs.microdescs();
        consensus = MicrodescConsensus.parse(consensusBytes);
        mdIdAnswers = MicrodescAnswers.forRelays(consensus, new String(microdescBytes, StandardCharsets.ISO_8859_1),
                EligibleHsDirs.candidates(consensus));
        microdescs = Microdescriptors.ofRelays(mdIdAnswers);
        view = NetworkView.of(consensus, microdescs, TorNetwork.PUBLIC);
        if (!view.hsDirs().equals(NetworkView.of(consensus, Microdescriptors.parse(microdescBytes), TorNetwork.PUBLIC).hsDirs())) {
            throw new IllegalStateException("md/id answers and md/all give different rings");
        }
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

    /**
     * The whole job as the engine does it: parse the consensus, list the HSDir candidates to ask
     * md/id for, parse the answers, build the rings, answer for 100 services × 2 slots.
     */
    @Benchmark
    public void consensusArrivedFor100Services(Blackhole bh) throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parseForRing(consensusBytes);
        bh.consume(EligibleHsDirs.candidates(c));
        NetworkView v = NetworkView.of(c, Microdescriptors.ofRelays(mdIdAnswers), TorNetwork.PUBLIC);
        lookups(v, bh);
    }

    /**
     * The next consensus of the same time period and SRV (most of them: the SRV and the period each
     * change once a day): as above, the rings taking the hsdir_index values of the view before. The
     * benchmark gives the same consensus again, so every relay is shared (an hour's consensus keeps
     * nearly all of them).
     */
    @Benchmark
    public void nextConsensusArrivedFor100Services(Blackhole bh) throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parseForRing(consensusBytes);
        bh.consume(EligibleHsDirs.candidates(c));
        NetworkView v = NetworkView.of(c, Microdescriptors.ofRelays(mdIdAnswers), TorNetwork.PUBLIC, view);
        lookups(v, bh);
    }

    /** The same from every microdescriptor, joined by SHA-256 digest (md/all: the fallback, the cached files). */
    @Benchmark
    public void consensusArrivedFor100ServicesMdAll(Blackhole bh) throws Exception {
        NetworkView v = NetworkView.of(MicrodescConsensus.parseForRing(consensusBytes), Microdescriptors.parse(microdescBytes),
                TorNetwork.PUBLIC);
        lookups(v, bh);
    }

    private void lookups(NetworkView v, Blackhole bh) {
        for (Ed25519PublicKey[] keys : blinded) {
            bh.consume(v.responsibleHsDirs(DescriptorSlot.FIRST, keys[0]));
            bh.consume(v.responsibleHsDirs(DescriptorSlot.SECOND, keys[1]));
        }
    }

    @Benchmark
    public MicrodescConsensus parseConsensus() throws Exception {
        return MicrodescConsensus.parse(consensusBytes);
    }

    /** md/all: every microdescriptor, each with an ed25519 id hashed (SHA-256). */
    @Benchmark
    public Microdescriptors parseMicrodescs() throws Exception {
        return Microdescriptors.parse(microdescBytes);
    }

    /** The md/id answers of the HSDir candidates: no hashing. */
    @Benchmark
    public Microdescriptors parseMicrodescsByRelay() throws Exception {
        return Microdescriptors.ofRelays(mdIdAnswers);
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
