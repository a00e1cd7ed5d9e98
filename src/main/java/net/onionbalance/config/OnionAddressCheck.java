package net.onionbalance.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Shape check of a v3 onion address until crypto.OnionAddress is merged (it adds the checksum and
 * version, rend-spec-v3 §6 [ONIONADDRESS]): 56 base32 characters after an optional ".onion".
 */
final class OnionAddressCheck {
    static final int LENGTH = 56;

    private OnionAddressCheck() {}

    /** The 56 lower-case characters, or empty when {@code text} is not shaped like a v3 address. */
    static Optional<String> normalise(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".onion")) {
            s = s.substring(0, s.length() - ".onion".length());
        }
        return isNormalised(s) ? Optional.of(s) : Optional.empty();
    }

    static boolean isNormalised(String s) {
        if (s.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return s.charAt(LENGTH - 1) == 'd'; // version byte 0x03 ends the base32 text in 'd'
    }
}
