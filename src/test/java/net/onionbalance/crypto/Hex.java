package net.onionbalance.crypto;

import java.util.HexFormat;

final class Hex {
    private Hex() {}

    static byte[] bytes(Object hex) {
        return HexFormat.of().parseHex(((String) hex).toLowerCase());
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
