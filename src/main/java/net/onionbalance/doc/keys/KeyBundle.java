package net.onionbalance.doc.keys;

import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.Ed25519PublicKey;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An offline key bundle: what an obhost needs to publish a service for a run of consecutive time
 * periods, made on a machine that holds the identity key (rend-spec-v3 §1.7), without it.
 *
 * <p>Per period it holds a descriptor signing key with its type-08 certificate, signed offline by
 * the period's blinded key; never the blinded secret key itself. Tor's blinding factor h is
 * computed from public values only (A.2: the secret s is empty), so a' = h·a mod l gives
 * a = a'·h⁻¹ mod l: a blinded secret key is the identity scalar in disguise, with which anyone
 * could sign for every period. A certified signing key signs only descriptors of its period,
 * and only until its certificate expires.
 *
 * <p>The certificate of period n expires {@link #CERT_SLACK} after the last moment a descriptor of
 * n is published (the end of n plus half a period, when the first slot moves on; rend-spec-v3
 * §2.2.1): the descriptor's own lifetime (3 h) and clock skew. Tor's own certificates last 54 h
 * from the next hour; these last 40 h from the start of the period, 52 h from its first upload.
 *
 * <p>Besides: the revision-counter key K (onionbalance's, {@link
 * net.onionbalance.crypto.RevisionCounter}), so obhosts holding the identity key and obhosts
 * holding a bundle publish the same counter in the same second. K reveals nothing of the identity
 * key (a SHA3-256 output).
 */
public final class KeyBundle implements ServiceIdentity {
    /** The format version {@link KeyBundleFile} writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** 11 years of public periods; 22 days of a test network's 8-minute ones. */
    public static final int MAX_PERIODS = 4096;
    /** After the last upload of a period's descriptor: its 3-hour lifetime and an hour of clock skew. */
    public static final Duration CERT_SLACK = Duration.ofHours(4);

    /** One period's signing key: the seed (so it signs with Bouncy Castle's constant-time code) and its certificate. */
    record PeriodKey(long number, byte[] seed, CertifiedSigningKey key) {}

    private final Ed25519PublicKey identity;
    private final Duration periodLength;
    private final Duration rotationOffset;
    private final byte[] revisionCounterKey;
    private final List<PeriodKey> periods;

    KeyBundle(Ed25519PublicKey identity, Duration periodLength, Duration rotationOffset, byte[] revisionCounterKey,
              List<PeriodKey> periods) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.periodLength = periodLength;
        this.rotationOffset = rotationOffset;
        this.revisionCounterKey = revisionCounterKey.clone();
        this.periods = List.copyOf(periods);
        if (this.periods.isEmpty()) {
            throw new IllegalArgumentException("a key bundle covers at least one time period");
        }
    }

    /**
     * A bundle for {@code count} consecutive periods from {@code first} (the offline machine's
     * work): blinds the identity key for each, certifies a fresh signing key with it and forgets
     * the blinded key.
     */
    public static KeyBundle create(IdentityKey master, TimePeriod first, int count, SecureRandom rng) {
        if (count < 1 || count > MAX_PERIODS) {
            throw new IllegalArgumentException("a key bundle covers 1 to " + MAX_PERIODS + " time periods, not " + count);
        }
        List<PeriodKey> keys = new ArrayList<>(count);
        TimePeriod tp = first;
        for (int i = 0; i < count; i++, tp = tp.next()) {
            byte[] seed = new byte[32];
            rng.nextBytes(seed);
            Ed25519ExpandedSecretKey blinded = KeyBlinding.blindSecretKey(master.secretKey(), tp);
            CertifiedSigningKey k = FullKeyIdentity.certify(blinded, Ed25519ExpandedSecretKey.fromSeed(seed),
                    certificateExpiry(tp));
            keys.add(new PeriodKey(tp.number(), seed, k));
        }
        FullKeyIdentity full = new FullKeyIdentity(master);
        byte[] k = full.revisionCounterKey();
        try {
            return new KeyBundle(master.publicKey(), first.length(), first.rotationOffset(), k, keys);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * A bundle for every descriptor a balancer publishes from {@code from} to {@code to}: at time t
     * the current-period slot needs the period containing t − length/2 and the next-period slot the
     * one containing t + length/2 (rend-spec-v3 §2.2.1: the shared-random run starts half a period
     * into each period, 00:00 UTC on the public network). Periods start half a length after a
     * multiple of the length, as tor computes them (12 voting intervals of 24).
     */
    public static KeyBundle covering(IdentityKey master, Instant from, Instant to, Duration length, SecureRandom rng) {
        Duration half = length.dividedBy(2);
        TimePeriod first = TimePeriod.containing(from.minus(half), length, half);
        TimePeriod last = TimePeriod.containing(to.plus(half), length, half);
        long count = last.number() - first.number() + 1;
        if (count > MAX_PERIODS) {
            throw new IllegalArgumentException("that is " + count + " periods of " + length.toMinutes()
                    + " minutes; a bundle holds at most " + MAX_PERIODS + ": ask for fewer days");
        }
        return create(master, first, (int) count, rng);
    }

    /** When the signing-key certificate of {@code tp} expires (rounded up to the hour by the certificate). */
    public static Instant certificateExpiry(TimePeriod tp) {
        return tp.end().plus(tp.length().dividedBy(2)).plus(CERT_SLACK);
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return identity;
    }

    public Duration periodLength() {
        return periodLength;
    }

    public Duration rotationOffset() {
        return rotationOffset;
    }

    public TimePeriod firstPeriod() {
        return period(periods.get(0).number());
    }

    public TimePeriod lastPeriod() {
        return period(periods.get(periods.size() - 1).number());
    }

    public int periodCount() {
        return periods.size();
    }

    private TimePeriod period(long n) {
        return new TimePeriod(n, periodLength, rotationOffset);
    }

    List<PeriodKey> periodKeys() {
        return periods;
    }

    @Override
    public Optional<SigningGap> gapFor(TimePeriod tp) {
        long first = periods.get(0).number();
        long last = periods.get(periods.size() - 1).number();
        SigningGap.Kind kind = null;
        if (tp.lengthMinutes() != periodLength.toMinutes()) {
            kind = SigningGap.Kind.OTHER_TIME_PERIOD_LENGTH;
        } else if (tp.number() < first) {
            kind = SigningGap.Kind.BEFORE_BUNDLE;
        } else if (tp.number() > last) {
            kind = SigningGap.Kind.AFTER_BUNDLE;
        }
        return kind == null ? Optional.empty() : Optional.of(new SigningGap(tp, kind, periodLength, first, last));
    }

    @Override
    public CertifiedSigningKey signingKeyFor(TimePeriod tp, Instant now, SecureRandom rng) {
        Optional<SigningGap> gap = gapFor(tp);
        if (gap.isPresent()) {
            throw new IllegalStateException(gap.get().describe());
        }
        return periods.get((int) (tp.number() - periods.get(0).number())).key();
    }

    @Override
    public boolean fixedSigningKeys() {
        return true;
    }

    @Override
    public byte[] revisionCounterKey() {
        return revisionCounterKey.clone();
    }

    /**
     * When the next-period slot first needs the period after the last: half a period before that
     * period starts, at the shared-random run that starts within the last period (00:00 UTC on the
     * public network; rend-spec-v3 §2.2.1). The current-period slot runs out half a period later.
     */
    @Override
    public Optional<Instant> signsUntil() {
        TimePeriod after = lastPeriod().next();
        return Optional.of(after.start().minus(periodLength.dividedBy(2)));
    }

    /** The certificate of a period, for tests and {@code key info}. */
    Ed25519Cert certificate(long period) {
        return periods.get((int) (period - periods.get(0).number())).key().certificate();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyBundle b) || !identity.equals(b.identity) || !periodLength.equals(b.periodLength)
                || !rotationOffset.equals(b.rotationOffset) || !Arrays.equals(revisionCounterKey, b.revisionCounterKey)
                || periods.size() != b.periods.size()) {
            return false;
        }
        for (int i = 0; i < periods.size(); i++) {
            PeriodKey x = periods.get(i);
            PeriodKey y = b.periods.get(i);
            if (x.number() != y.number() || !Arrays.equals(x.seed(), y.seed())
                    || !x.key().certificate().equals(y.key().certificate())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return identity.hashCode() * 31 + periods.size();
    }

    /** Never shows secret bytes. */
    @Override
    public String toString() {
        return "KeyBundle[" + onionAddress().withOnionSuffix() + ", periods " + periods.get(0).number() + ".."
                + periods.get(periods.size() - 1).number() + " of " + periodLength.toMinutes() + " min]";
    }
}
