package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.RevisionCounter;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.keys.FullKeyIdentity;
import net.onionbalance.doc.keys.KeyBundle;
import net.onionbalance.doc.keys.ServiceIdentity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A descriptor built from an offline key bundle and one built from the key itself, for the same
 * period, intro points and second: the same revision counter and blinded key, both verified by
 * our verifier and by stem (signature, certificate by the blinded key, both layers decrypted).
 */
class OfflineKeyDescriptorTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private final SecureRandom rng = new SecureRandom();

    @Test
    void bundleAndKeyPublishTheSameCounterAndBothVerify(@TempDir Path tmp) throws Exception {
        for (KeyFormat format : List.of(KeyFormat.PEM_PKCS8, KeyFormat.TOR_SECRET)) {
            IdentityKey key = IdentityKey.generate(rng, format);
            OnionAddress address = key.onionAddress();
            Instant now = Instant.parse("2026-12-07T15:04:05Z");
            TimePeriod tp = TimePeriod.containing(now);
            Instant srvRunStart = Instant.parse("2026-12-07T00:00:00Z");
            KeyBundle bundle = KeyBundle.create(key, tp.previous(), 3, rng);
            List<IntroPoint> ips = RandomIntroPoints.generate(4, rng, now.plus(Duration.ofDays(2)));

            List<String> texts = new ArrayList<>();
            List<Long> counters = new ArrayList<>();
            for (ServiceIdentity id : List.of(new FullKeyIdentity(key), bundle)) {
                long counter = RevisionCounter.computeWithKey(id.revisionCounterKey(), srvRunStart, now);
                BuiltDescriptor built = MasterDescriptorBuilder.build(id, tp, counter, ips, BuildOptions.defaults(), now,
                        rng, new DescriptorSigningKey());
                VerifiedDescriptor v = DescriptorVerifier.verify(built.text(), address, List.of(tp), now);
                assertEquals(KeyBlinding.blindPublicKey(key.publicKey(), tp), v.blindedKey());
                assertEquals(counter, v.revisionCounter());
                assertEquals(4, v.introPoints().size());
                texts.add(built.text());
                counters.add(counter);
            }
            assertEquals(RevisionCounter.compute(key.opeSecret(), srvRunStart, now), counters.get(0));
            assertEquals(counters.get(0), counters.get(1), format + ": the same counter in the same second");
            assertEquals(bundle.signingKeyFor(tp, now, rng).signingKey().publicKey(),
                    DescriptorVerifier.verify(texts.get(1), address, List.of(tp), now).signingKey(),
                    "the bundle's signing key of the period signs");
            stemVerifies(tmp, address, texts, counters.get(0));
        }
    }

    @Test
    void aBundlesSigningKeyIsKeptForTheWholePeriod() {
        IdentityKey key = IdentityKey.generate(rng, KeyFormat.PEM_PKCS8);
        TimePeriod tp = TimePeriod.containing(Instant.parse("2026-12-07T15:04:05Z"));
        KeyBundle bundle = KeyBundle.create(key, tp, 2, rng);
        DescriptorSigningKey keeper = new DescriptorSigningKey();
        // From 12 h before the period (the next-period slot) to 12 h after it (the current-period slot).
        for (Instant at = tp.start().minus(Duration.ofHours(12)); at.isBefore(tp.end().plus(Duration.ofHours(12)));
             at = at.plus(Duration.ofHours(1))) {
            DescriptorSigningKey.Keys k = keeper.keysFor(bundle, tp, at, rng);
            assertEquals(bundle.signingKeyFor(tp, at, rng).signingKey(), k.signingKey(), "at " + at);
            assertFalse(at.isAfter(k.signingKeyCert().expiration()), "the certificate covers the whole use, at " + at);
        }
        assertEquals(1, keeper.rotations());
        keeper.keysFor(bundle, tp.next(), tp.end(), rng);
        assertEquals(2, keeper.rotations(), "a new period, the bundle's next key");
        // The identity key in the same keeper: a fresh key (fits no longer holds).
        keeper.keysFor(new FullKeyIdentity(key), tp.next(), tp.end(), rng);
        assertEquals(3, keeper.rotations());
    }

    private static void stemVerifies(Path tmp, OnionAddress address, List<String> texts, long counter) throws Exception {
        boolean ok = Files.isExecutable(PYTHON);
        if (ok) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import stem, cryptography").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) {
            System.err.println("SKIPPED: " + PYTHON + " cannot import stem (apt-get install python3-stem)");
            Assumptions.abort("stem not installed");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", String.join("\n",
                "import sys",
                "from stem.descriptor.hidden_service import HiddenServiceDescriptorV3",
                "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey",
                "address = sys.argv[1]",
                "for path in sys.argv[2:]:",
                "    d = HiddenServiceDescriptorV3.from_str(open(path).read(), validate=True)",
                "    d.signing_cert.validate(d)",
                "    cert = d.signing_cert",
                "    blinded = cert.signing_key()",
                "    Ed25519PublicKey.from_public_bytes(blinded).verify(cert.signature, cert.pack()[:-64])",
                "    inner = d.decrypt(address)",
                "    print(d.revision_counter, len(inner.introduction_points))",
                "")));
        cmd.add(address.toString());
        for (int i = 0; i < texts.size(); i++) {
            Path f = tmp.resolve("desc" + i + "-" + System.nanoTime());
            Files.writeString(f, texts.get(i), StandardCharsets.US_ASCII);
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "stem refused:\n" + out);
        assertEquals(List.of(counter + " 4", counter + " 4"), out.lines().toList(), "key, then bundle");
    }
}
