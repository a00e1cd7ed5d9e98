package net.onionbalance.doc.hsdesc;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * How a client reaches an intro point: one entry of the link-specifier list of an
 * {@code introduction-point} line (rend-spec-v3 §2.5.2.2, encoded as in tor-spec §5.1.2
 * EXTEND2: LSTYPE, LSLEN, LSPEC). Unknown types are kept byte for byte so they pass
 * through to the master descriptor unchanged.
 */
public sealed interface LinkSpecifier {
    int TYPE_IPV4 = 0;
    int TYPE_IPV6 = 1;
    int TYPE_LEGACY_ID = 2;
    int TYPE_ED25519_ID = 3;

    int type();

    /** LSPEC: the body without type and length. */
    byte[] body();

    /** The RSA identity digest of the relay (20 bytes). */
    record LegacyId(byte[] digest) implements LinkSpecifier {
        public LegacyId {
            if (digest.length != 20) {
                throw new IllegalArgumentException("legacy id must be 20 bytes, got " + digest.length);
            }
            digest = digest.clone();
        }

        @Override public byte[] digest() { return digest.clone(); }
        @Override public int type() { return TYPE_LEGACY_ID; }
        @Override public byte[] body() { return digest.clone(); }
        @Override public boolean equals(Object o) { return o instanceof LegacyId l && Arrays.equals(digest, l.digest); }
        @Override public int hashCode() { return Arrays.hashCode(digest); }
        @Override public String toString() { return "legacy-id $" + HexFormat.of().withUpperCase().formatHex(digest); }
    }

    /** The ed25519 identity of the relay (32 bytes). */
    record Ed25519Id(byte[] key) implements LinkSpecifier {
        public Ed25519Id {
            if (key.length != 32) {
                throw new IllegalArgumentException("ed25519 id must be 32 bytes, got " + key.length);
            }
            key = key.clone();
        }

        @Override public byte[] key() { return key.clone(); }
        @Override public int type() { return TYPE_ED25519_ID; }
        @Override public byte[] body() { return key.clone(); }
        @Override public boolean equals(Object o) { return o instanceof Ed25519Id e && Arrays.equals(key, e.key); }
        @Override public int hashCode() { return Arrays.hashCode(key); }
        @Override public String toString() { return "ed25519-id " + Base64.getEncoder().withoutPadding().encodeToString(key); }
    }

    record IPv4(Inet4Address address, int port) implements LinkSpecifier {
        public IPv4 {
            Objects.requireNonNull(address, "address");
            checkPort(port);
        }

        @Override public int type() { return TYPE_IPV4; }
        @Override public byte[] body() { return concat(address.getAddress(), port); }
        @Override public String toString() { return "ipv4 " + address.getHostAddress() + ":" + port; }
    }

    record IPv6(Inet6Address address, int port) implements LinkSpecifier {
        public IPv6 {
            Objects.requireNonNull(address, "address");
            checkPort(port);
        }

        @Override public int type() { return TYPE_IPV6; }
        @Override public byte[] body() { return concat(address.getAddress(), port); }
        @Override public String toString() { return "ipv6 [" + address.getHostAddress() + "]:" + port; }
    }

    /** A type this version does not know; kept so it is passed on unchanged. */
    record Unknown(int type, byte[] bytes) implements LinkSpecifier {
        public Unknown {
            if (type < 0 || type > 255 || type <= TYPE_ED25519_ID) {
                throw new IllegalArgumentException("unknown link specifier type must be 4..255, got " + type);
            }
            if (bytes.length > 255) {
                throw new IllegalArgumentException("link specifier body longer than 255 bytes");
            }
            bytes = bytes.clone();
        }

        @Override public byte[] bytes() { return bytes.clone(); }
        @Override public byte[] body() { return bytes.clone(); }
        @Override public boolean equals(Object o) { return o instanceof Unknown u && type == u.type && Arrays.equals(bytes, u.bytes); }
        @Override public int hashCode() { return 31 * type + Arrays.hashCode(bytes); }
        @Override public String toString() { return "unknown type " + type + " (" + bytes.length + " bytes)"; }
    }

    /** NSPEC followed by each specifier, as carried base64-encoded on an introduction-point line. */
    static byte[] encodeList(List<LinkSpecifier> specifiers) {
        if (specifiers.size() > 255) {
            throw new IllegalArgumentException("at most 255 link specifiers, got " + specifiers.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(specifiers.size());
        for (LinkSpecifier ls : specifiers) {
            byte[] body = ls.body();
            out.write(ls.type());
            out.write(body.length);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /**
     * Decodes NSPEC and the specifiers. Known types must have their exact length and the
     * list must use every byte; anything else is an {@link IllegalArgumentException} saying why.
     */
    static List<LinkSpecifier> decodeList(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("link specifier list is empty (no NSPEC byte)");
        }
        int n = encoded[0] & 0xff;
        int pos = 1;
        List<LinkSpecifier> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (pos + 2 > encoded.length) {
                throw new IllegalArgumentException("link specifier " + (i + 1) + " of " + n + " is truncated");
            }
            int type = encoded[pos] & 0xff;
            int len = encoded[pos + 1] & 0xff;
            pos += 2;
            if (pos + len > encoded.length) {
                throw new IllegalArgumentException("link specifier " + (i + 1) + " of " + n
                        + " claims " + len + " bytes but only " + (encoded.length - pos) + " remain");
            }
            byte[] body = Arrays.copyOfRange(encoded, pos, pos + len);
            pos += len;
            out.add(decodeOne(type, body, i + 1));
        }
        if (pos != encoded.length) {
            throw new IllegalArgumentException((encoded.length - pos) + " bytes left over after " + n + " link specifiers");
        }
        return List.copyOf(out);
    }

    private static LinkSpecifier decodeOne(int type, byte[] body, int index) {
        try {
            return switch (type) {
                case TYPE_IPV4 -> {
                    requireLength(type, body, 6, index);
                    yield new IPv4((Inet4Address) InetAddress.getByAddress(Arrays.copyOf(body, 4)), port(body, 4));
                }
                case TYPE_IPV6 -> {
                    requireLength(type, body, 18, index);
                    yield new IPv6(Inet6Address.getByAddress(null, Arrays.copyOf(body, 16), null), port(body, 16));
                }
                case TYPE_LEGACY_ID -> {
                    requireLength(type, body, 20, index);
                    yield new LegacyId(body);
                }
                case TYPE_ED25519_ID -> {
                    requireLength(type, body, 32, index);
                    yield new Ed25519Id(body);
                }
                default -> new Unknown(type, body);
            };
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("link specifier " + index + ": bad address", e);
        }
    }

    private static void requireLength(int type, byte[] body, int expected, int index) {
        if (body.length != expected) {
            throw new IllegalArgumentException("link specifier " + index + " (type " + type + ") must be "
                    + expected + " bytes, got " + body.length);
        }
    }

    private static int port(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    private static byte[] concat(byte[] addr, int port) {
        byte[] out = Arrays.copyOf(addr, addr.length + 2);
        out[addr.length] = (byte) (port >> 8);
        out[addr.length + 1] = (byte) port;
        return out;
    }
}
