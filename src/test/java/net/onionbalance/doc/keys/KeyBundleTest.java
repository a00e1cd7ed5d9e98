package net.onionbalance.doc.keys;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.RevisionCounter;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The offline key bundle: known answers, what it holds and does not, and every way a bad one is refused. */
class KeyBundleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
    /** The group order l of edwards25519 (RFC 8032 §5.1). */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> blindingBasics() {
        return (Map<String, Object>) SharedVectors.json("hs_common.json").get("blinding_basics");
    }

    private static IdentityKey torVectorKey() {
        return IdentityKey.fromExpanded(HEX.parseHex((String) blindingBasics().get("identity_expanded_secret_key")),
                KeyFormat.TOR_SECRET);
    }

    private static TimePeriod vectorPeriod() {
        var c = blindingBasics();
        return new TimePeriod(((Number) c.get("period_num")).longValue(),
                Duration.ofMinutes(((Number) c.get("period_length_minutes")).longValue()), TimePeriod.DEFAULT_ROTATION_OFFSET);
    }

    @Test
    void certificatesAreSignedByTorsBlindedKeyOfEachPeriod() throws Exception {
        IdentityKey key = torVectorKey();
        TimePeriod tp = vectorPeriod();
        KeyBundle bundle = KeyBundle.create(key, tp, 3, new SecureRandom());
        CertifiedSigningKey k = bundle.signingKeyFor(tp, NOW, null);
        // tor's test_blinding_basics: the blinded key of period 1234 is this one, and the bundle's
        // certificate for that period is signed by it, as the full key's certificate is.
        assertEquals(blindingBasics().get("blinded_public_key"), k.blindedKey().hex());
        k.certificate().verifySignature(k.blindedKey());
        assertEquals(CertType.HS_V3_DESC_SIGNING, k.certificate().certType());
        assertEquals(k.signingKey().publicKey(), k.certificate().certifiedKey());
        CertifiedSigningKey full = new FullKeyIdentity(key).signingKeyFor(tp, NOW, new SecureRandom());
        assertEquals(full.blindedKey(), k.blindedKey());
        for (TimePeriod p : List.of(tp, tp.next(), tp.next().next())) {
            Ed25519PublicKey blinded = KeyBlinding.blindPublicKey(key.publicKey(), p);
            bundle.signingKeyFor(p, NOW, null).certificate().verifySignature(blinded);
            assertEquals(KeyBundle.certificateExpiry(p), bundle.signingKeyFor(p, NOW, null).certificate().expiration(),
                    "expires 12 h + 4 h after the period: on a whole hour already");
        }
        // Signatures by a bundle's key are plain ed25519 signatures under the certified key.
        byte[] msg = "descriptor".getBytes(StandardCharsets.US_ASCII);
        assertTrue(k.certificate().certifiedKey().verify(msg, k.signingKey().sign(msg)));
    }

    /**
     * Why the bundle carries certified signing keys and never blinded secret keys: tor's blinding
     * factor comes from public values (rend-spec-v3 A.2, s empty), so the identity scalar is the
     * blinded one divided by it. Shown with tor's own vector.
     */
    @Test
    void aBlindedSecretKeyWouldGiveAwayTheIdentityKey() {
        var c = blindingBasics();
        byte[] blinded = HEX.parseHex((String) c.get("blinded_expanded_secret_key"));
        byte[] h = HEX.parseHex((String) c.get("blinding_param_h_unclamped"));
        h[0] &= (byte) 248;
        h[31] &= 63;
        h[31] |= 64;
        BigInteger factor = little(h);
        BigInteger identityScalar = little(Arrays.copyOf(blinded, 32)).multiply(factor.modInverse(L)).mod(L);
        byte[] forged = new byte[64];
        System.arraycopy(toLittle(identityScalar), 0, forged, 0, 32);
        Ed25519ExpandedSecretKey recovered = Ed25519ExpandedSecretKey.of(forged);
        assertEquals(c.get("identity_public_key"), recovered.publicKey().hex(),
                "the identity scalar follows from one blinded secret key and public values");
        // ... and with it, any period's blinded key: a forged period outside any bundle.
        TimePeriod other = vectorPeriod().next().next().next();
        assertEquals(KeyBlinding.blindPublicKey(recovered.publicKey(), other),
                KeyBlinding.blindSecretKey(recovered, other).publicKey());
    }

    @Test
    void revisionCounterMatchesTheKeysForBothKeyFormats() {
        Instant runStart = Instant.parse("2026-12-07T00:00:00Z");
        Instant at = Instant.parse("2026-12-07T13:21:09Z");
        for (KeyFormat f : List.of(KeyFormat.PEM_PKCS8, KeyFormat.TOR_SECRET)) {
            IdentityKey key = IdentityKey.generate(new SecureRandom(), f);
            KeyBundle bundle = KeyBundle.create(key, TimePeriod.containing(at), 2, new SecureRandom());
            long fromKey = RevisionCounter.compute(key.opeSecret(), runStart, at);
            long fromBundle = RevisionCounter.computeWithKey(bundle.revisionCounterKey(), runStart, at);
            assertEquals(fromKey, fromBundle, f + ": the same counter in the same second");
            assertEquals(fromKey, RevisionCounter.computeWithKey(new FullKeyIdentity(key).revisionCounterKey(), runStart, at));
        }
    }

    @Test
    void writtenOwnerOnlyReadBackEqualAndNeverOverwritten(@TempDir Path tmp) throws Exception {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        KeyBundle bundle = KeyBundle.create(key, TimePeriod.containing(NOW), 31, new SecureRandom());
        Path file = tmp.resolve("service.bundle");
        KeyBundleFile.write(file, bundle);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyBundle loaded = ServiceKeys.loadBundle(file);
        assertEquals(bundle, loaded);
        assertEquals(key.onionAddress(), loaded.onionAddress());
        assertEquals(ServiceKeys.load(file), loaded);
        byte[] before = Files.readAllBytes(file);
        KeyFileException e = assertThrows(KeyFileException.class,
                () -> KeyBundleFile.write(file, KeyBundle.create(key, TimePeriod.containing(NOW), 1, new SecureRandom())));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        // Nothing secret in what a log could show.
        String text = Files.readString(file);
        for (String line : text.split("\n")) {
            for (String field : line.split(" ")) {
                if (field.length() >= 40 && !field.endsWith(".onion")) {
                    assertFalse(loaded.toString().contains(field));
                }
            }
        }
        // A key file still loads as the key itself.
        Path pem = tmp.resolve("master.key");
        KeyFiles.write(pem, key, false);
        assertEquals(new FullKeyIdentity(key), ServiceKeys.load(pem));
        assertTrue(assertThrows(KeyFileException.class, () -> ServiceKeys.loadBundle(pem)).getMessage()
                .contains("not a key bundle"));
    }

    @Test
    void everyTruncationIsRefusedWithItsReason(@TempDir Path tmp) throws Exception {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        byte[] whole = KeyBundleFile.format(KeyBundle.create(key, TimePeriod.containing(NOW), 3, new SecureRandom()))
                .getBytes(StandardCharsets.US_ASCII);
        Path file = tmp.resolve("cut.bundle");
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            KeyFileException e = assertThrows(KeyFileException.class, () -> KeyBundleFile.parse(file, cut), "cut at " + n);
            assertTrue(e.getMessage().startsWith("key file " + file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a key bundle"),
                    "cut at " + n + ": " + e.getMessage());
        }
    }

    @Test
    void aPeriodSignedForAnotherServiceIsRefusedEvenWithAGoodChecksum(@TempDir Path tmp) throws Exception {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        IdentityKey other = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        TimePeriod tp = TimePeriod.containing(NOW);
        String mine = KeyBundleFile.format(KeyBundle.create(key, tp, 3, new SecureRandom()));
        String theirs = KeyBundleFile.format(KeyBundle.create(other, tp, 3, new SecureRandom()));
        // Period 2 of the other service's bundle put into ours, checksum made again.
        String spliced = resum(replaceLine(mine, 7, theirs.split("\n")[7]));
        assertRefused(tmp, spliced, "line 8: period " + tp.next().number()
                + ": the certificate is not signed by this identity key's blinded key for that period");
        // A period's signing seed swapped for another one: the certificate certifies another key.
        String[] f = mine.split("\n")[6].split(" ");
        String seedSwapped = resum(replaceLine(mine, 6, f[0] + " " + f[1] + " "
                + Base64.getEncoder().encodeToString(new byte[32]) + " " + f[3]));
        assertRefused(tmp, seedSwapped, "certifies another key than the period's signing key");
        // A certificate moved to another period number: not signed for that period.
        String renumbered = resum(replaceLine(mine, 6, "period " + (tp.number() - 1) + " " + f[2] + " " + f[3]));
        assertRefused(tmp, renumbered, "line 7: period " + (tp.number() - 1) + ": the certificate is not signed");
        // The other service's address with our key.
        String address = resum(replaceLine(mine, 1, theirs.split("\n")[1]));
        assertRefused(tmp, address, "line 3: the identity key is " + key.onionAddress().withOnionSuffix());
        // A changed byte without a new checksum.
        assertRefused(tmp, mine.replace("time-period-length 1440", "time-period-length 1441"),
                "sha3-256 does not match");
        assertRefused(tmp, mine.replace(KeyBundleFile.MAGIC + " 1", KeyBundleFile.MAGIC + " 2"),
                "format version '2'; this onionbalance reads version 1");
        assertRefused(tmp, resum(replaceLine(mine, 8, "")), "line 9: 'period' expected");
        // A certificate of another type (an intro auth-key certificate) signed by the right blinded key.
        Ed25519ExpandedSecretKey seedKey = Ed25519ExpandedSecretKey.fromSeed(Base64.getDecoder().decode(f[2]));
        Ed25519Cert wrongType = Ed25519Cert.create(CertType.HS_V3_INTRO_AUTH, seedKey.publicKey(), NOW.plusSeconds(86400),
                KeyBlinding.blindSecretKey(key.secretKey(), tp), true);
        String typed = resum(replaceLine(mine, 6, f[0] + " " + f[1] + " " + f[2] + " "
                + Base64.getEncoder().encodeToString(wrongType.encoded())));
        assertRefused(tmp, typed, "not a descriptor signing-key certificate (08)");
    }

    @Test
    void aBundleNamedAfterAnotherAddressIsRefused(@TempDir Path tmp) throws Exception {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        IdentityKey other = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        KeyBundle bundle = KeyBundle.create(key, TimePeriod.containing(NOW), 1, new SecureRandom());
        for (String ok : List.of(key.onionAddress() + ".bundle", key.onionAddress() + "-2026-12-07.bundle", "master.bundle")) {
            KeyBundleFile.write(tmp.resolve(ok), bundle);
            assertEquals(bundle, ServiceKeys.load(tmp.resolve(ok)), ok);
        }
        Path wrong = tmp.resolve(other.onionAddress() + ".bundle");
        KeyBundleFile.write(wrong, bundle);
        KeyFileException e = assertThrows(KeyFileException.class, () -> ServiceKeys.load(wrong));
        assertEquals("key file " + wrong + ": the key bundle is for " + key.onionAddress().withOnionSuffix()
                + ", but its name says " + other.onionAddress().withOnionSuffix()
                + ": another service's bundle? (key info shows whose it is)", e.getMessage());
    }

    @Test
    void gapsSayWhatIsMissing() {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        TimePeriod tp = TimePeriod.containing(NOW);
        KeyBundle bundle = KeyBundle.create(key, tp, 2, new SecureRandom());
        assertTrue(bundle.gapFor(tp).isEmpty());
        assertTrue(bundle.gapFor(tp.next()).isEmpty());
        assertEquals(SigningGap.Kind.AFTER_BUNDLE, bundle.gapFor(tp.next().next()).orElseThrow().kind());
        assertEquals(SigningGap.Kind.BEFORE_BUNDLE, bundle.gapFor(tp.previous()).orElseThrow().kind());
        TimePeriod testnet = TimePeriod.containingOnTestNetwork(NOW, Duration.ofSeconds(20));
        SigningGap g = bundle.gapFor(testnet).orElseThrow();
        assertEquals(SigningGap.Kind.OTHER_TIME_PERIOD_LENGTH, g.kind());
        assertTrue(g.describe().contains("time periods of 1440 minutes, the network's are 8"), g.describe());
        assertThrows(IllegalStateException.class, () -> bundle.signingKeyFor(tp.next().next(), NOW, null));
        // The next-period slot first needs the period after the last at 00:00 UTC of the last period's second day.
        assertEquals(tp.next().start().plus(Duration.ofHours(12)), bundle.signsUntil().orElseThrow());
        assertTrue(new FullKeyIdentity(key).signsUntil().isEmpty());
    }

    private static void assertRefused(Path tmp, String text, String expected) {
        KeyFileException e = assertThrows(KeyFileException.class,
                () -> KeyBundleFile.parse(tmp.resolve("b"), text.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static String replaceLine(String text, int index, String line) {
        String[] lines = text.split("\n");
        lines[index] = line;
        return String.join("\n", lines) + "\n";
    }

    /** The text with its sha3-256 line made again over the edited lines. */
    private static String resum(String text) {
        String body = text.substring(0, text.lastIndexOf("sha3-256 "));
        return body + "sha3-256 " + HEX.formatHex(net.onionbalance.crypto.Digests.sha3_256(
                body.getBytes(StandardCharsets.US_ASCII))) + "\n";
    }

    private static BigInteger little(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static byte[] toLittle(BigInteger v) {
        byte[] out = new byte[32];
        byte[] be = v.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
