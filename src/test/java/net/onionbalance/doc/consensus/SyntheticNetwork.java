package net.onionbalance.doc.consensus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a small, well-formed microdesc consensus and matching microdescriptors, for tests that
 * need control over times, SRVs, params and relays. Relay identities and ed25519 ids are derived
 * from the relay number so that every run builds the same network.
 */
public final class SyntheticNetwork {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Instant validAfter = Instant.parse("2024-05-01T10:00:00Z");
    private long votingIntervalSeconds = 3600;
    private String params = "";
    private byte[] srvCurrent = filled(0x11);
    private byte[] srvPrevious = filled(0x22);
    private final List<String> consensusRouters = new ArrayList<>();
    private final StringBuilder microdescs = new StringBuilder();

    public SyntheticNetwork validAfter(Instant t) {
        validAfter = t;
        return this;
    }

    public SyntheticNetwork votingInterval(long seconds) {
        votingIntervalSeconds = seconds;
        return this;
    }

    public SyntheticNetwork params(String p) {
        params = p;
        return this;
    }

    public SyntheticNetwork srvs(byte[] current, byte[] previous) {
        srvCurrent = current;
        srvPrevious = previous;
        return this;
    }

    /** An HSDir with v3 support and an ed25519 id: a ring member. */
    public SyntheticNetwork hsDir(int n) {
        return relay(n, "Fast HSDir Running Stable V2Dir Valid", "Tor 0.4.8.12", "HSDir=1-2", true);
    }

    /** An HSDir ring member whose ed25519 id is {@code ed25519Id} instead of {@link #ed25519Id(int) ed25519Id(n)}. */
    public SyntheticNetwork hsDirWithEd25519Id(int n, byte[] ed25519Id) {
        return relay(n, "Fast HSDir Running Stable V2Dir Valid", "Tor 0.4.8.12", "HSDir=1-2", ed25519Id);
    }

    /** A relay entry with everything chosen by the test. */
    public SyntheticNetwork relay(int n, String flags, String version, String hsDirProto, boolean withEd25519) {
        return relay(n, flags, version, hsDirProto, withEd25519 ? ed25519Id(n) : null);
    }

    private SyntheticNetwork relay(int n, String flags, String version, String hsDirProto, byte[] ed25519Id) {
        String md = "onion-key\n-----BEGIN RSA PUBLIC KEY-----\nMIGJAoGBAL" + n + "\n-----END RSA PUBLIC KEY-----\n"
                + "ntor-onion-key " + b64(filled(n), false) + "\n"
                + (ed25519Id != null ? "id ed25519 " + b64(ed25519Id, false) + "\n" : "");
        microdescs.append("@last-listed 2024-05-01 09:00:00\n").append(md);
        consensusRouters.add("r relay" + n + " " + b64(identity(n), false) + " 2024-05-01 08:00:00 10.0.0." + (n % 250)
                + " 9001 0\n"
                + "m " + b64(sha256(md), false) + "\n"
                + "s " + flags + "\n"
                + (version == null ? "" : "v " + version + "\n")
                + "pr Cons=1-2 Desc=1-2 " + hsDirProto + " Link=1-5 Microdesc=1-2 Relay=1-4\n"
                + "w Bandwidth=100\n");
        return this;
    }

    public String consensus() {
        StringBuilder b = new StringBuilder();
        b.append("network-status-version 3 microdesc\nvote-status consensus\nconsensus-method 32\n");
        b.append("valid-after ").append(TIME.format(validAfter)).append('\n');
        b.append("fresh-until ").append(TIME.format(validAfter.plusSeconds(votingIntervalSeconds))).append('\n');
        b.append("valid-until ").append(TIME.format(validAfter.plusSeconds(3 * votingIntervalSeconds))).append('\n');
        b.append("voting-delay 300 300\nknown-flags Authority Exit Fast Guard HSDir Running Stable V2Dir Valid\n");
        if (!params.isEmpty()) {
            b.append("params ").append(params).append('\n');
        }
        if (srvPrevious != null) {
            b.append("shared-rand-previous-value 9 ").append(b64(srvPrevious, true)).append('\n');
        }
        if (srvCurrent != null) {
            b.append("shared-rand-current-value 9 ").append(b64(srvCurrent, true)).append('\n');
        }
        b.append("dir-source test 0000000000000000000000000000000000000000 127.0.0.1 127.0.0.1 7000 5000\n");
        // Ascending by identity, as dir-spec §3.4.1 has authorities write them (and HsDirRing relies on to
        // find the relays two consensuses share in one walk).
        consensusRouters.stream().sorted(java.util.Comparator.comparing(r -> identityOf(r))).forEach(b::append);
        b.append("directory-footer\nbandwidth-weights Wbd=0\n");
        b.append("directory-signature 0000000000000000000000000000000000000000 0000000000000000000000000000000000000000\n");
        return b.toString();
    }

    public String microdescs() {
        return microdescs.toString();
    }

    /** The identity of an r line written by {@link #relay}, as upper-case hex (so that it sorts as bytes do). */
    private static String identityOf(String router) {
        String b64 = router.split(" ", 4)[2];
        return java.util.HexFormat.of().withUpperCase().formatHex(Base64.getDecoder().decode(b64 + "=".repeat((4 - b64.length() % 4) % 4)));
    }

    public static byte[] identity(int n) {
        byte[] b = sha256("identity " + n);
        return java.util.Arrays.copyOf(b, 20);
    }

    public static byte[] ed25519Id(int n) {
        return sha256("ed25519 " + n);
    }

    public static byte[] filled(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    static String b64(byte[] b, boolean padded) {
        return padded ? Base64.getEncoder().encodeToString(b) : Base64.getEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
