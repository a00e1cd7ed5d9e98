package net.onionbalance.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ed25519 signatures checked together: {@link #allHold()} is true exactly when
 * {@link Ed25519PublicKey#verify} holds for every one added, only cheaper for many. A descriptor
 * carries 2n + 2 signatures for n intro points (rend-spec-v3 §2.1-2.5: the signing-key certificate
 * by the blinded key; the document and both certificates of every intro point by the descriptor
 * signing key): 10 for 4 intro points, 42 for 20, and JFR put 58% of a verification's CPU under
 * the launcher's flags in those single checks.
 *
 * <p>How: a random linear combination (Bernstein et al., "High-speed high-security signatures",
 * §5; as ed25519-dalek's and libsodium-style batch verifiers): with 128-bit coefficients z_i,
 * every signature holds when
 * <pre>  [8]( Σ z_i·R_i + Σ_keys (Σ_{i by A} z_i·k_i mod l)·A − (Σ z_i·S_i mod l)·B ) = 0,
 *   k_i = SHA-512(R_i ‖ A_i ‖ M_i) mod l</pre>
 * one multi-scalar multiplication ({@link Edwards25519#multiScalar}) instead of one per signature.
 * If any signature fails its own check the sum is zero only with probability about 2^-128 over the
 * z_i, which are a SHA-512 of everything checked, so nobody can choose inputs that make them cancel.
 *
 * <p>Why it agrees with single checks exactly: Bouncy Castle's check (1.87) is itself the cofactored
 * one, [8](S·B − R − k·A) = 0: it accepts an R with a small-order component, as RFC 8032 §5.1.7
 * allows ({@code Ed25519BatchTest} pins that). So the factor 8 above makes the batch accept exactly
 * what single checks accept, and lets Σ z_i·k_i be reduced mod l even for a key with a torsion
 * component. Whatever the batch cannot read as a single check would (a signature of the wrong
 * length, S ≥ l, an R or A that does not decode) is decided by the single checks, and so is a
 * batch that fails: {@link #firstFailure()} names the signature. (tor's ref10/donna check is
 * cofactorless and takes any S below 2^253; it differs from Bouncy Castle's, and so from ours, only
 * for signatures made to differ: a torsion-tweaked R, which only the key's holder can make, or
 * S + l, which we refuse and tor would take. A cofactorless batch cannot match tor either: the
 * z_i cancel a small-order difference with probability up to 1/2.)
 */
public final class Ed25519Batch {
    private static final byte[] DOMAIN = Digests.ascii("onionbalance ed25519 batch coefficients");
    private final List<Ed25519PublicKey> keys = new ArrayList<>();
    private final List<byte[]> messages = new ArrayList<>();
    private final List<byte[]> signatures = new ArrayList<>();

    /** Adds {@code signature} of {@code message} under {@code key} (nothing is copied: do not change them). */
    public Ed25519Batch add(Ed25519PublicKey key, byte[] message, byte[] signature) {
        keys.add(key);
        messages.add(message);
        signatures.add(signature);
        return this;
    }

    public int size() {
        return keys.size();
    }

    /** True when every signature added holds (an empty batch holds). */
    public boolean allHold() {
        int n = keys.size();
        if (n < 2) {
            return n == 0 || keys.get(0).verify(messages.get(0), signatures.get(0));
        }
        return batchHolds() || firstFailure() < 0;
    }

    /** The index of the first signature that does not hold, by single checks; -1 if none. */
    public int firstFailure() {
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).verify(messages.get(i), signatures.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The batch equation; false also when some input is one the batch leaves to single checks. */
    private boolean batchHolds() {
        int n = keys.size();
        Map<Ed25519PublicKey, Integer> keyIndex = new LinkedHashMap<>();
        List<Edwards25519.Point> keyPoints = new ArrayList<>();
        int[] keyOf = new int[n];
        Edwards25519.Point[] r = new Edwards25519.Point[n];
        BigInteger[] k = new BigInteger[n];
        BigInteger[] s = new BigInteger[n];
        byte[][] transcript = new byte[1 + 3 * n][];
        transcript[0] = DOMAIN;
        for (int i = 0; i < n; i++) {
            Ed25519PublicKey key = keys.get(i);
            byte[] m = messages.get(i);
            byte[] sig = signatures.get(i);
            if (key == null || m == null || sig == null || sig.length != Ed25519.SIGNATURE_SIZE) {
                return false;
            }
            Integer ki = keyIndex.get(key);
            if (ki == null) {
                Edwards25519.Point a = key.pointOrNull();
                if (a == null) {
                    return false;
                }
                ki = keyPoints.size();
                keyIndex.put(key, ki);
                keyPoints.add(a);
            }
            keyOf[i] = ki;
            byte[] rBytes = Arrays.copyOfRange(sig, 0, 32);
            s[i] = Edwards25519.fromLittleEndian(Arrays.copyOfRange(sig, 32, 64));
            r[i] = s[i].compareTo(Edwards25519.L) < 0 ? Edwards25519.decode(rBytes) : null;
            if (r[i] == null) {
                return false;
            }
            byte[] pk = key.bytes();
            byte[] kDigest = Digests.sha512(rBytes, pk, m);
            k[i] = Edwards25519.reduce512(kDigest);
            transcript[1 + 3 * i] = pk;
            transcript[2 + 3 * i] = sig;
            transcript[3 + 3 * i] = kDigest;
        }
        byte[] seed = Digests.sha512(transcript);
        int keyCount = keyPoints.size();
        BigInteger[] scalars = new BigInteger[n + keyCount + 1];
        Edwards25519.Point[] points = new Edwards25519.Point[n + keyCount + 1];
        BigInteger[] sumK = new BigInteger[keyCount];
        Arrays.fill(sumK, BigInteger.ZERO);
        BigInteger sumS = BigInteger.ZERO;
        byte[] z64 = null;
        for (int i = 0; i < n; i++) {
            if (i % 4 == 0) { // four 128-bit coefficients from each SHA-512 of the seed and a counter
                z64 = Digests.sha512(seed, Digests.int8(i / 4));
            }
            BigInteger z = Edwards25519.fromLittleEndian(Arrays.copyOfRange(z64, 16 * (i % 4), 16 * (i % 4) + 16));
            scalars[i] = z;
            points[i] = r[i];
            sumK[keyOf[i]] = sumK[keyOf[i]].add(z.multiply(k[i]));
            sumS = sumS.add(z.multiply(s[i]));
        }
        for (int j = 0; j < keyCount; j++) {
            scalars[n + j] = sumK[j].mod(Edwards25519.L);
            points[n + j] = keyPoints.get(j);
        }
        // −(Σ z_i·S_i)·B as (l − Σ z_i·S_i mod l)·B: B has order l.
        scalars[n + keyCount] = Edwards25519.L.subtract(sumS.mod(Edwards25519.L));
        points[n + keyCount] = Edwards25519.BASE;
        return Edwards25519.timesCofactor(Edwards25519.multiScalar(scalars, points)).isIdentity();
    }
}
