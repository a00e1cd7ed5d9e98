package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.Curve25519ToEd25519;
import net.onionbalance.crypto.Ed25519ExpandedSecretKey;
import net.onionbalance.crypto.X25519PrivateKey;
import net.onionbalance.doc.cert.CertType;
import net.onionbalance.doc.cert.Ed25519Cert;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Intro points as a backend's tor would publish them, signed by a backend's own signing key. */
public final class RandomIntroPoints {
    private RandomIntroPoints() {}

    public static List<IntroPoint> generate(int count, SecureRandom rng, Instant expiry) {
        Ed25519ExpandedSecretKey backendSigningKey = Ed25519ExpandedSecretKey.generate(rng);
        List<IntroPoint> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(one(rng, backendSigningKey, expiry));
        }
        return out;
    }

    static IntroPoint one(SecureRandom rng, Ed25519ExpandedSecretKey backendSigningKey, Instant expiry) {
        List<LinkSpecifier> specs = new ArrayList<>();
        try {
            specs.add(new LinkSpecifier.IPv4((Inet4Address) InetAddress.getByAddress(bytes(rng, 4)), rng.nextInt(65536)));
            specs.add(new LinkSpecifier.LegacyId(bytes(rng, 20)));
            if (rng.nextBoolean()) {
                specs.add(new LinkSpecifier.Ed25519Id(bytes(rng, 32)));
            }
            if (rng.nextInt(4) == 0) {
                specs.add(new LinkSpecifier.IPv6(Inet6Address.getByAddress(null, bytes(rng, 16), null), rng.nextInt(65536)));
            }
            if (rng.nextInt(8) == 0) {
                specs.add(new LinkSpecifier.Unknown(4 + rng.nextInt(200), bytes(rng, rng.nextInt(40))));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        X25519PrivateKey enc = X25519PrivateKey.generate(rng);
        return new IntroPoint(specs, X25519PrivateKey.generate(rng).publicKey().bytes(),
                Ed25519Cert.create(CertType.HS_V3_INTRO_AUTH, Ed25519ExpandedSecretKey.generate(rng).publicKey(), expiry,
                        backendSigningKey, true),
                enc.publicKey().bytes(),
                Ed25519Cert.create(CertType.HS_V3_NTOR_ENC, Curve25519ToEd25519.convert(enc.publicKey(), 0), expiry,
                        backendSigningKey, true),
                Optional.empty());
    }

    static byte[] bytes(SecureRandom rng, int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }
}
