package net.onionbalance.crypto;

/** RFC 4648 base32, lower case, no padding: what onion addresses use (rend-spec-v3 §6). */
public final class Base32 {
    private Base32() {}

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    /** Decodes lower-case input whose bit length is a whole number of bytes; -1 index on a bad character. */
    static byte[] decode(String s) throws BadCharacter {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = ALPHABET.indexOf(s.charAt(i));
            if (v < 0) {
                throw new BadCharacter(i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                if (o < out.length) {
                    out[o++] = (byte) (buffer >> (bits - 8));
                }
                bits -= 8;
            }
        }
        return out;
    }

    static final class BadCharacter extends Exception {
        private static final long serialVersionUID = 1L;
        final int index;

        BadCharacter(int index) {
            super(null, null, false, false);
            this.index = index;
        }
    }
}
