package net.onionbalance.crypto;

import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Known answers from tor's test_hs_common.c (test_hs_indexes, test_disaster_srv) via ../shared/vectors/hs_common.json. */
class HsIndexTest {
    private static final HexFormat HEX = HexFormat.of();

    private static TimePeriod period(Map<String, Object> v) {
        long len = ((Number) v.get("period_length_minutes")).longValue();
        long num = ((Number) v.get("period_num")).longValue();
        return new TimePeriod(num, Duration.ofMinutes(len), TimePeriod.DEFAULT_ROTATION_OFFSET);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vector(String name) {
        return (Map<String, Object>) SharedVectors.json("hs_common.json").get(name);
    }

    @Test
    void hsIndexMatchesTor() {
        Map<String, Object> v = vector("hs_index");
        byte[] got = HsIndex.hsIndex(HEX.parseHex((String) v.get("blinded_public_key")),
                ((Number) v.get("replica")).intValue(), period(v));
        assertEquals(v.get("expected"), HEX.formatHex(got));
    }

    @Test
    void hsDirIndexMatchesTor() {
        Map<String, Object> v = vector("hsdir_index");
        byte[] got = HsIndex.hsDirIndex(HEX.parseHex((String) v.get("node_ed25519_identity")),
                HEX.parseHex((String) v.get("shared_random_value")), period(v));
        assertEquals(v.get("expected"), HEX.formatHex(got));
    }

    @Test
    void disasterSrvMatchesTor() {
        Map<String, Object> v = vector("disaster_srv");
        assertEquals(v.get("expected"), HEX.formatHex(SharedRandom.disasterSrv(period(v))));
    }

    @Test
    void eachInputChangesTheIndex() {
        byte[] key = new byte[32];
        TimePeriod tp = new TimePeriod(42, Duration.ofMinutes(1440), TimePeriod.DEFAULT_ROTATION_OFFSET);
        byte[] base = HsIndex.hsIndex(key, 1, tp);
        assertFalse(java.util.Arrays.equals(base, HsIndex.hsIndex(key, 2, tp)), "replica");
        assertFalse(java.util.Arrays.equals(base, HsIndex.hsIndex(key, 1, tp.next())), "period number");
        assertFalse(java.util.Arrays.equals(base,
                HsIndex.hsIndex(key, 1, new TimePeriod(42, Duration.ofMinutes(1439), TimePeriod.DEFAULT_ROTATION_OFFSET))),
                "period length");
        key[31] = 1;
        assertFalse(java.util.Arrays.equals(base, HsIndex.hsIndex(key, 1, tp)), "blinded key");
        assertArrayEquals(HsIndex.hsIndex(key, 1, tp), HsIndex.hsIndex(key.clone(), 1, tp), "deterministic");
    }

    @Test
    void rejectsWrongSizes() {
        TimePeriod tp = TimePeriod.containing(java.time.Instant.EPOCH.plusSeconds(86400 * 100));
        assertThrows(IllegalArgumentException.class, () -> HsIndex.hsIndex(new byte[31], 1, tp));
        assertThrows(IllegalArgumentException.class, () -> HsIndex.hsIndex(new byte[32], 0, tp));
        assertThrows(IllegalArgumentException.class, () -> HsIndex.hsDirIndex(new byte[32], new byte[20], tp));
    }
}
