package net.onionbalance.doc.consensus;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A relay's RSA identity fingerprint: 20 bytes, written as 40 upper-case hex digits as tor's
 * control port expects in {@code HSPOST SERVER=} and {@code HSFETCH SERVER=} (control-spec §3.26,
 * §3.29). Accepts the {@code $} prefix and the {@code ~nickname} / {@code =nickname} suffix of
 * a control-port "LongName" (control-spec §2.4).
 */
public record RelayFingerprint(String hex) implements Comparable<RelayFingerprint> {
    public RelayFingerprint {
        if (!isHex40(hex)) {
            throw new IllegalArgumentException("not a relay fingerprint (40 upper-case hex digits): " + hex);
        }
    }

    /**
     * 40 upper-case hex digits. A loop, not a regex: a consensus makes one fingerprint per HSDir
     * (2493 today), and under the launcher's C1 a regex match costs microseconds each.
     */
    private static boolean isHex40(String s) {
        if (s == null || s.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** Parses "ABCD…", "abcd…", "$ABCD…" or "$ABCD…~nick". */
    public static RelayFingerprint parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("relay fingerprint missing");
        }
        String t = s.startsWith("$") ? s.substring(1) : s;
        int cut = indexOfAny(t, '~', '=');
        if (cut >= 0) {
            t = t.substring(0, cut);
        }
        if (t.length() != 40) {
            throw new IllegalArgumentException("relay fingerprint must be 40 hex digits, got \"" + s + "\"");
        }
        return new RelayFingerprint(t.toUpperCase(Locale.ROOT));
    }

    /** From the 20 identity-digest bytes (a consensus {@code r} line carries them in base64). */
    public static RelayFingerprint of(byte[] digest) {
        if (digest.length != 20) {
            throw new IllegalArgumentException("relay identity digest must be 20 bytes, got " + digest.length);
        }
        return new RelayFingerprint(HexFormat.of().withUpperCase().formatHex(digest));
    }

    /** From the unpadded base64 identity of a consensus {@code r} line (dir-spec §3.4.1). */
    public static RelayFingerprint fromBase64Identity(String b64) {
        try {
            return of(Base64.getDecoder().decode(b64.length() % 4 == 0 ? b64 : b64 + "=".repeat(4 - b64.length() % 4)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 relay identity \"" + b64 + "\": " + e.getMessage(), e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public int compareTo(RelayFingerprint o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
