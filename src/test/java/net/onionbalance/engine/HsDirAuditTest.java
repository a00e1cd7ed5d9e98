package net.onionbalance.engine;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.ring.DescriptorSlot;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HsDirAuditTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Keys keys = new Keys();

    /** Keys of 20 HSDirs of one service. */
    private static final class Keys {
        final List<HsDirAudit.Key> all = new ArrayList<>();

        Keys() {
            var master = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8).onionAddress();
            for (int i = 0; i < 20; i++) {
                byte[] fp = new byte[20];
                fp[0] = (byte) i;
                all.add(new HsDirAudit.Key(master, DescriptorSlot.FIRST, RelayFingerprint.of(fp)));
            }
        }
    }

    private final HsDirAudit audit = new HsDirAudit(Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(60), 16,
            new Random(1));

    @Test
    void checkedAfterTheUploadAtMostSixteenAtOnceThenSpreadAroundTheInterval() {
        keys.all.forEach(k -> audit.uploaded(k, T0));
        assertEquals(List.of(), audit.takeDue(keys.all, T0.plusSeconds(29)));
        List<HsDirAudit.Key> first = audit.takeDue(keys.all, T0.plusSeconds(30));
        assertEquals(16, first.size(), "bounded in flight");
        assertEquals(List.of(), audit.takeDue(keys.all, T0.plusSeconds(31)), "none while 16 are out");
        Instant answered = T0.plusSeconds(32);
        first.forEach(k -> audit.record(k, HsDirVerdict.HOLDS_OURS, answered));
        assertEquals(4, audit.takeDue(keys.all, T0.plusSeconds(33)).size(), "the rest next");
        // The next checks of the first 16: between 3/4 and 5/4 of the interval, not all at once.
        List<Long> dueAfter = new ArrayList<>();
        for (int s = 0; s <= 120; s++) {
            for (HsDirAudit.Key k : audit.takeDue(first, answered.plusSeconds(s))) {
                dueAfter.add((long) s);
                audit.record(k, HsDirVerdict.HOLDS_OURS, T0.plusSeconds(100_000)); // not due again in this loop
            }
        }
        assertEquals(16, dueAfter.size(), dueAfter.toString());
        assertTrue(dueAfter.stream().allMatch(s -> s >= 67 && s <= 113), dueAfter.toString());
        assertTrue(dueAfter.stream().distinct().count() > 4, "spread: " + dueAfter);
    }

    @Test
    void aCheckTorNeverAnsweredIsUnansweredAndRepairsAreCounted() {
        HsDirAudit.Key k = keys.all.get(0);
        audit.uploaded(k, T0);
        assertEquals(List.of(k), audit.takeDue(List.of(k), T0.plusSeconds(30)));
        assertEquals(List.of(), audit.expire(T0.plusSeconds(89)));
        assertEquals(List.of(k), audit.expire(T0.plusSeconds(90)));
        assertEquals(HsDirVerdict.UNANSWERED, audit.last(k).orElseThrow().verdict());
        audit.record(k, HsDirVerdict.ABSENT, T0.plusSeconds(200));
        audit.record(k, HsDirVerdict.OLDER_REVISION, T0.plusSeconds(300));
        audit.record(k, HsDirVerdict.HOLDS_OURS, T0.plusSeconds(400));
        assertEquals(2, audit.last(k).orElseThrow().repairs());
        assertEquals(1L, audit.counts().get(HsDirVerdict.UNANSWERED));
    }
}
