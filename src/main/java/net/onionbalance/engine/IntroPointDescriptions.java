package net.onionbalance.engine;

import net.onionbalance.doc.hsdesc.IntroPoint;
import net.onionbalance.doc.hsdesc.LinkSpecifier;

import java.util.ArrayList;
import java.util.List;

/** A short description of an intro point's relay for the console ("127.0.0.1:5003 $ABCD…"). */
final class IntroPointDescriptions {
    private IntroPointDescriptions() {}

    static String relay(IntroPoint ip) {
        List<String> parts = new ArrayList<>();
        for (LinkSpecifier ls : ip.linkSpecifiers()) {
            if (ls instanceof LinkSpecifier.IPv4 v4) {
                parts.add(v4.address().getHostAddress() + ":" + v4.port());
            } else if (ls instanceof LinkSpecifier.IPv6 v6) {
                parts.add("[" + v6.address().getHostAddress() + "]:" + v6.port());
            } else if (ls instanceof LinkSpecifier.LegacyId id) {
                String hex = java.util.HexFormat.of().withUpperCase().formatHex(id.digest());
                parts.add("$" + hex.substring(0, 8) + "…");
            }
        }
        return parts.isEmpty() ? "(no address)" : String.join(" ", parts);
    }
}
