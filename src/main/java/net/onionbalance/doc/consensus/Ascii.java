package net.onionbalance.doc.consensus;

import java.util.Arrays;
import net.onionbalance.time.CivilTime;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level helpers for the network-document parsers: documents are ASCII, and parsing the
 * bytes directly (no per-line String, no regex) keeps a 7,000-router consensus in milliseconds.
 */
final class Ascii {
    private Ascii() {}

    private static final byte[] B64 = new byte[128];

    static {
        Arrays.fill(B64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; i++) {
            B64[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** Index of the next '\n' at or after {@code from}, or {@code end}. */
    static int endOfLine(byte[] t, int from, int end) {
        for (int i = from; i < end; i++) {
            if (t[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** Line content end without a trailing '\r'. */
    static int trimCr(byte[] t, int from, int eol) {
        return eol > from && t[eol - 1] == '\r' ? eol - 1 : eol;
    }

    /** True when {@code t[from, to)} begins with keyword {@code kw} followed by a space, tab or the end. */
    static boolean isKeyword(byte[] t, int from, int to, byte[] kw) {
        int n = kw.length;
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (t[from + i] != kw[i]) {
                return false;
            }
        }
        return to - from == n || t[from + n] == ' ' || t[from + n] == '\t';
    }

    static boolean startsWith(byte[] t, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (t[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int skipSpaces(byte[] t, int from, int to) {
        while (from < to && (t[from] == ' ' || t[from] == '\t')) {
            from++;
        }
        return from;
    }

    static int tokenEnd(byte[] t, int from, int to) {
        while (from < to && t[from] != ' ' && t[from] != '\t') {
            from++;
        }
        return from;
    }

    static String string(byte[] t, int from, int to) {
        return new String(t, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Decodes base64 in {@code t[from, to)} (padding optional) that must give exactly
     * {@code expected} bytes; returns null when it does not.
     */
    static byte[] base64(byte[] t, int from, int to, int expected) {
        while (to > from && t[to - 1] == '=') {
            to--;
        }
        int chars = to - from;
        if (chars * 6 / 8 != expected || (chars * 6) % 8 >= 6) {
            return null;
        }
        byte[] out = new byte[expected];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            int c = t[i];
            int v = c >= 0 && c < 128 ? B64[c] : -1;
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
            }
        }
        return out;
    }

    /** Non-negative decimal in {@code t[from, to)}, or -1 when it is not one (or overflows an int). */
    static long decimal(byte[] t, int from, int to) {
        if (from >= to || to - from > 10) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = t[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** "YYYY-MM-DD HH:MM:SS" (UTC) in {@code t[from, to)} as epoch seconds, or {@code Long.MIN_VALUE}. */
    static long isoTime(byte[] t, int from, int to) {
        if (to - from != 19 || t[from + 4] != '-' || t[from + 7] != '-' || t[from + 10] != ' '
                || t[from + 13] != ':' || t[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        long y = decimal(t, from, from + 4);
        long mo = decimal(t, from + 5, from + 7);
        long d = decimal(t, from + 8, from + 10);
        long h = decimal(t, from + 11, from + 13);
        long mi = decimal(t, from + 14, from + 16);
        long s = decimal(t, from + 17, from + 19);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) {
            return Long.MIN_VALUE;
        }
        return CivilTime.epochSecond(y, (int) mo, (int) d, (int) h, (int) mi, (int) s);
    }
}
