package net.onionbalance.crypto;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Key blinding (rend-spec-v3 A.2) and signing with a blinded key, the two ed25519 operations that
 * Bouncy Castle's Ed25519 cannot do for us (an arbitrary point times a scalar; an unclamped scalar).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlindingBenchmark {
    private IdentityKey master;
    private TimePeriod period;
    private Ed25519ExpandedSecretKey blinded;
    private byte[] message;

    @Setup
    public void setUp() throws Exception {
        master = IdentityKey.fromSeed(MessageDigest.getInstance("SHA-256")
                .digest("onionbalance bench master".getBytes(StandardCharsets.US_ASCII)));
        period = TimePeriod.containing(Instant.parse("2017-08-13T12:00:00Z"));
        blinded = KeyBlinding.blindSecretKey(master.secretKey(), period);
        // A descriptor-signing-key certificate body is about this long (cert-spec §2.1).
        message = new byte[76];
    }

    /** A' = h·A for the master's public key: once per service and period, and once per verification. */
    @Benchmark
    public Ed25519PublicKey blindPublicKey() {
        return KeyBlinding.blindPublicKey(master.publicKey(), period);
    }

    /** The descriptor-signing-key certificate's signature, made with the blinded key. */
    @Benchmark
    public byte[] blindedSignature() {
        return blinded.sign(message);
    }
}
