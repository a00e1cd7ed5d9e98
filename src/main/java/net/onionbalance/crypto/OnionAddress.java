package net.onionbalance.crypto;

import java.util.Arrays;
import java.util.Locale;

/**
 * A v3 onion address (rend-spec-v3 §6 [ONIONADDRESS]):
 * base32(PUBKEY ‖ CHECKSUM ‖ VERSION), CHECKSUM = H(".onion checksum" ‖ PUBKEY ‖ VERSION)[:2],
 * VERSION = 3. {@link #toString()} is the 56 characters without ".onion".
 */
public final class OnionAddress {
    public static final int LENGTH = 56;
    private static final byte VERSION = 3;
    private static final String SUFFIX = ".onion";

    private final Ed25519PublicKey publicKey;
    private final String address;

    private OnionAddress(Ed25519PublicKey publicKey, String address) {
        this.publicKey = publicKey;
        this.address = address;
    }

    public static OnionAddress of(Ed25519PublicKey publicKey) {
        byte[] pk = publicKey.bytes();
        byte[] checksum = checksum(pk, VERSION);
        byte[] all = new byte[35];
        System.arraycopy(pk, 0, all, 0, 32);
        all[32] = checksum[0];
        all[33] = checksum[1];
        all[34] = VERSION;
        return new OnionAddress(publicKey, Base32.encode(all));
    }

    /**
     * Parses an address with or without ".onion", in any letter case. Checks, in tor's order:
     * length, base32, version byte, checksum, and that the key is a valid curve point.
     *
     * @throws InvalidOnionAddressException naming the failed check
     */
    public static OnionAddress parse(String text) {
        if (text == null) {
            throw new InvalidOnionAddressException(InvalidOnionAddressException.Reason.LENGTH, "onion address is missing");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(SUFFIX)) {
            s = s.substring(0, s.length() - SUFFIX.length());
        }
        if (s.length() != LENGTH) {
            throw new InvalidOnionAddressException(InvalidOnionAddressException.Reason.LENGTH,
                    "onion address '" + shorten(text) + "' has " + s.length()
                            + " characters before .onion; a v3 address has exactly 56");
        }
        byte[] raw;
        try {
            raw = Base32.decode(s);
        } catch (Base32.BadCharacter e) {
            throw new InvalidOnionAddressException(InvalidOnionAddressException.Reason.NOT_BASE32,
                    "onion address '" + shorten(text) + "' is not base32: character " + (e.index + 1)
                            + " '" + s.charAt(e.index) + "' is not one of a-z, 2-7");
        }
        byte version = raw[34];
        if (version != VERSION) {
            throw new InvalidOnionAddressException(InvalidOnionAddressException.Reason.VERSION,
                    "onion address '" + shorten(text) + "' has version byte " + (version & 0xff)
                            + "; only version 3 addresses exist");
        }
        byte[] pk = Arrays.copyOfRange(raw, 0, 32);
        byte[] expected = checksum(pk, version);
        if (expected[0] != raw[32] || expected[1] != raw[33]) {
            throw new InvalidOnionAddressException(InvalidOnionAddressException.Reason.CHECKSUM,
                    "onion address '" + shorten(text) + "' has a wrong checksum (a typo?)");
        }
        Ed25519PublicKey key = Ed25519PublicKey.of(pk);
        if (!key.isValidPoint()) {
            throw new InvalidOnionAddressException(InvalidOnionAddressException.Reason.NOT_A_CURVE_POINT,
                    "onion address '" + shorten(text) + "' does not hold a valid ed25519 public key");
        }
        return new OnionAddress(key, s);
    }

    private static byte[] checksum(byte[] pk, byte version) {
        return Digests.sha3_256(Digests.ascii(".onion checksum"), pk, new byte[] {version});
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public String withOnionSuffix() {
        return address + SUFFIX;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnionAddress a && address.equals(a.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    /** The 56 characters, lower case, without ".onion". */
    @Override
    public String toString() {
        return address;
    }
}
