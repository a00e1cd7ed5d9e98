package net.onionbalance.doc.hsdesc;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LinkSpecifierTest {
    @Test
    void decodesStemIntroPointSpecifiers() throws Exception {
        // stem hidden_service_v3_inner_layer, first intro point: legacy id "C"*20, 1.2.3.4:9001
        byte[] raw = Base64.getDecoder().decode("AgIUQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0MABgECAwQjKQ==");
        List<LinkSpecifier> list = LinkSpecifier.decodeList(raw);
        assertEquals(2, list.size());
        assertEquals(new LinkSpecifier.LegacyId("CCCCCCCCCCCCCCCCCCCC".getBytes()), list.get(0));
        assertEquals(new LinkSpecifier.IPv4((Inet4Address) InetAddress.getByName("1.2.3.4"), 9001), list.get(1));
        assertArrayEquals(raw, LinkSpecifier.encodeList(list));
    }

    @Test
    void decodesIpv6AndKeepsUnknownTypes() throws Exception {
        // stem's second intro point carries an IPv6 specifier ([2600::1]:9001)
        byte[] raw = Base64.getDecoder().decode("AgIUQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0MBEiYAAAAAAAAAAAAAAAAAAAEjKQ==");
        List<LinkSpecifier> list = LinkSpecifier.decodeList(raw);
        assertEquals(new LinkSpecifier.IPv6((Inet6Address) InetAddress.getByName("2600::1"), 9001), list.get(1));
        assertEquals("ipv6 [2600:0:0:0:0:0:0:1]:9001", list.get(1).toString());

        List<LinkSpecifier> withUnknown = List.of(new LinkSpecifier.Unknown(7, new byte[]{1, 2, 3}),
                new LinkSpecifier.Ed25519Id(new byte[32]));
        byte[] enc = LinkSpecifier.encodeList(withUnknown);
        assertArrayEquals(new byte[]{2, 7, 3, 1, 2, 3, 3, 32}, java.util.Arrays.copyOf(enc, 8));
        assertEquals(withUnknown, LinkSpecifier.decodeList(enc));
    }

    @Test
    void rejectsWrongLengthsAndTruncation() {
        var e1 = assertThrows(IllegalArgumentException.class, () -> LinkSpecifier.decodeList(new byte[]{1, 0, 5, 1, 2, 3, 4, 5}));
        assertTrue(e1.getMessage().contains("must be 6 bytes"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> LinkSpecifier.decodeList(new byte[]{2, 9, 1, 0}));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> LinkSpecifier.decodeList(new byte[]{1, 9, 4, 0}));
        assertTrue(e3.getMessage().contains("claims 4 bytes"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> LinkSpecifier.decodeList(new byte[]{0, 1}));
        assertTrue(e4.getMessage().contains("left over"), e4.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkSpecifier.decodeList(new byte[0]));
    }
}
