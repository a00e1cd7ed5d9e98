package net.onionbalance.cli;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;
import net.onionbalance.doc.hsdesc.BuiltDescriptor;
import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.LinkSpecifier;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class DescriptorShowCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aTestNetworkDescriptorFailsWithAHintAndVerifiesWithItsPeriodLength(@TempDir Path dir) throws Exception {
        SecureRandom rng = new SecureRandom();
        Instant now = Instant.now();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        // A test network voting every 20 s: periods of 24 x 20 s = 8 minutes, offset by 12 intervals.
        TimePeriod testnetPeriod = TimePeriod.containing(now, java.time.Duration.ofMinutes(8), java.time.Duration.ofMinutes(4));
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, testnetPeriod, 7, List.of(), now, rng);
        Path file = dir.resolve("testnet-desc.txt");
        Files.writeString(file, built.text());
        String addr = OnionAddress.of(master.publicKey()).toString();

        Run plain = run("descriptor", "show", "--address", addr, file.toString());
        assertEquals(1, plain.exit(), plain.out());
        assertTrue(plain.out().contains("hint:              from a test network?"), plain.out());
        Run withLength = run("descriptor", "show", "--address", addr, "--time-period-length", "8", file.toString());
        assertEquals(0, withLength.exit(), withLength.out());
        assertTrue(withLength.out().contains("verification:      OK"), withLength.out());
        assertFalse(withLength.out().contains("hint:"), withLength.out());
    }

    @Test
    void verifiesAMasterDescriptorAndListsItsIntroPoints(@TempDir Path dir) throws Exception {
        SecureRandom rng = new SecureRandom();
        Instant now = Instant.now();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        Ed25519ExpandedSecretKey backend = Ed25519ExpandedSecretKey.generate(rng);
        Ed25519ExpandedSecretKey auth = Ed25519ExpandedSecretKey.generate(rng);
        IntroPoint ip = new IntroPoint(
                List.of(new LinkSpecifier.IPv4((java.net.Inet4Address) java.net.InetAddress.getByName("10.0.0.7"), 5001),
                        new LinkSpecifier.LegacyId(new byte[20])),
                X25519PrivateKey.generate(rng).publicKey().bytes(),
                Ed25519Cert.create(CertType.HS_V3_INTRO_AUTH, auth.publicKey(), now.plusSeconds(7200), backend, true),
                X25519PrivateKey.generate(rng).publicKey().bytes(),
                Ed25519Cert.create(CertType.HS_V3_NTOR_ENC, Ed25519ExpandedSecretKey.generate(rng).publicKey(),
                        now.plusSeconds(7200), backend, true),
                Optional.empty());
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, TimePeriod.containing(now), 5, List.of(ip), now, rng);
        Path file = dir.resolve("desc.txt");
        Files.writeString(file, built.text());
        String addr = OnionAddress.of(master.publicKey()).withOnionSuffix();

        Run ok = run("descriptor", "show", "--address", addr, file.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("revision counter:  5"), ok.out());
        assertTrue(ok.out().contains("lifetime:          180 minutes"), ok.out());
        assertTrue(ok.out().contains("intro points:      1"), ok.out());
        assertTrue(ok.out().contains(auth.publicKey().base64()), ok.out());
        assertTrue(ok.out().contains("ipv4 10.0.0.7:5001"), ok.out());
        assertTrue(ok.out().contains("verification:      OK"), ok.out());

        Run outerOnly = run("descriptor", "show", file.toString());
        assertEquals(0, outerOnly.exit());
        assertTrue(outerOnly.out().contains("outer layer only"), outerOnly.out());

        String other = OnionAddress.of(Ed25519ExpandedSecretKey.generate(rng).publicKey()).toString();
        Run wrong = run("descriptor", "show", "--address", other, file.toString());
        assertEquals(1, wrong.exit(), wrong.out());
        assertTrue(wrong.out().contains("FAILED (the blinded key is derived from the identity key of the address)"), wrong.out());

        Run expired = run("descriptor", "show", "--address", addr, "--at", built.signingKeyExpiry().plusSeconds(60).toString(),
                file.toString());
        assertEquals(1, expired.exit());
        assertTrue(expired.out().contains("has not expired"), expired.out());

        Run bad = run("descriptor", "show", "--address", "not-an-address", file.toString());
        assertEquals(2, bad.exit());
    }

    @Test
    void showsTheOuterLayerOfASampleAndFailsVerificationWithoutItsClientKey() {
        Path file = SharedVectors.file("hsdesc/arti_hsdesc2.txt");
        Run outer = run("descriptor", "show", file.toString());
        assertEquals(0, outer.exit(), outer.err());
        assertTrue(outer.out().contains("revision counter:  1763078644"), outer.out());
        assertTrue(outer.out().contains("expires 2023-02-11T21:00:00Z"), outer.out());

        Run verify = run("descriptor", "show", "--address",
                "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad.onion", "--at", "2023-02-10T00:00:00Z", file.toString());
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.out().contains("client authorization"), verify.out());
    }

    @Test
    void aBackendWithPowParamsIsShownWithWhatThatMeansThroughAMaster(@TempDir Path dir) throws Exception {
        SecureRandom rng = new SecureRandom();
        Instant now = Instant.now();
        Ed25519ExpandedSecretKey backend = Ed25519ExpandedSecretKey.generate(rng);
        var pow = new net.onionbalance.doc.hsdesc.PowParams("v1",
                List.of("FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo=", "614", "2099-04-11T05:15:37"));
        var options = net.onionbalance.doc.hsdesc.BuildOptions.defaults()
                .withFlowControl(Optional.of(net.onionbalance.doc.hsdesc.FlowControl.parse(List.of("1-2", "31"))))
                .withProto(net.onionbalance.doc.hsdesc.SubprotocolVersions.parse(List.of("FlowCtrl=1-2", "Relay=2-4")));
        Path file = dir.resolve("backend.txt");
        Files.writeString(file, net.onionbalance.doc.hsdesc.BackendDescriptors.withPow(backend, TimePeriod.containing(now),
                List.of(), options, pow, now, rng));
        Run ok = run("descriptor", "show", "--address", OnionAddress.of(backend.publicKey()).toString(), file.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("flow-control:      1-2 31 (clients use congestion control)"), ok.out());
        assertTrue(ok.out().contains("proto:             FlowCtrl=1-2 Relay=2-4\n"), ok.out());
        assertTrue(ok.out().contains("pow-params:        v1 FE6QHfCEGDOm6FkhkISbRBLzB9FWXy8TeypbwhoxCSo= 614"), ok.out());
        assertTrue(ok.out().contains("will not solve puzzles") && ok.out().contains("effort 0"), ok.out());
    }

    @Test
    void aRestrictedDescriptorOpensWithTheClientsAuthPrivateFile(@TempDir Path dir) throws Exception {
        SecureRandom rng = new SecureRandom();
        Instant now = Instant.now();
        Ed25519ExpandedSecretKey master = Ed25519ExpandedSecretKey.generate(rng);
        OnionAddress addr = OnionAddress.of(master.publicKey());
        X25519PrivateKey alice = X25519PrivateKey.generate(rng);
        BuiltDescriptor built = MasterDescriptorBuilder.build(master, TimePeriod.containing(now), 5, List.of(),
                net.onionbalance.doc.hsdesc.BuildOptions.defaults().withClientAuthorization(
                        new net.onionbalance.doc.hsdesc.ClientAuthorization.Restricted(List.of(alice.publicKey()))), now, rng);
        Path file = dir.resolve("desc.txt");
        Files.writeString(file, built.text());
        Run without = run("descriptor", "show", "--address", addr.toString(), file.toString());
        assertEquals(1, without.exit());
        assertTrue(without.out().contains("restricted to other clients"), without.out());
        Path key = dir.resolve(addr + ".auth_private");
        net.onionbalance.crypto.ClientAuthFiles.writeAuthPrivateFile(key, addr, alice);
        Run with = run("descriptor", "show", "--address", addr.toString(), "--client-key", key.toString(), file.toString());
        assertEquals(0, with.exit(), with.out() + with.err());
        assertTrue(with.out().contains("verification:      OK"), with.out());
        assertFalse(with.out().contains("pow-params"), with.out());
    }
}
